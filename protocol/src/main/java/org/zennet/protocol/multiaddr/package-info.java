/**
 * Multiaddrs (https://github.com/multiformats/multiaddr) in text and binary form, for the protocols a
 * Zennet peer dials and listens on: {@code /ip4}, {@code /ip6}, {@code /dns}, {@code /dns4},
 * {@code /dns6}, {@code /tcp} and {@code /p2p}.
 */
package org.zennet.protocol.multiaddr;
