/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}) over any Vert.x {@code ReadStream<Buffer>} and
 * {@code WriteStream<Buffer>} pair: a raw TCP socket, a TLS socket, or a yamux stream.
 */
package org.zennet.protocol.multistream;
