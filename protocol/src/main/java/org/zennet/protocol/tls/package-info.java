/**
 * The libp2p TLS 1.3 handshake (libp2p/specs tls/tls.md) over TCP with Vert.x: self-signed certificates
 * carrying the host key in extension 1.3.6.1.4.1.53594.1.1, mutual authentication, ALPN {@code libp2p},
 * and the multistream-select steps before ({@code /tls/1.0.0}) and after (the stream muxer) it.
 */
package org.zennet.protocol.tls;
