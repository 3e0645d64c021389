/**
 * Peer identity, the libp2p-compatible transport and the wire messages of Zennet (issue: Peer-to-peer transport).
 */
package org.zennet.protocol;
