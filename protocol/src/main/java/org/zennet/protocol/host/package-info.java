/**
 * The libp2p host: listens and dials over TCP + libp2p TLS + yamux, keeps one connection per peer,
 * negotiates a protocol per stream with multistream-select, dispatches inbound streams to the handler
 * registered for their protocol id, and serves libp2p's {@code /ipfs/ping/1.0.0} and
 * {@code /ipfs/id/1.0.0} on every host. See {@code docs/protocol.md}.
 */
package org.zennet.protocol.host;
