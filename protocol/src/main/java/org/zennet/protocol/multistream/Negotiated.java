package org.zennet.protocol.multistream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The outcome of a negotiation.
 *
 * @param protocol the protocol both sides agreed on
 * @param remainder bytes that were read past the negotiation: the first bytes of the agreed protocol
 */
public record Negotiated(String protocol, Buffer remainder) {

  /**
   * Returns the stream to hand to the agreed protocol: {@code remainder} first, then the rest of
   * {@code in}, with back-pressure passed through.
   *
   * @param in the stream that was negotiated on (left paused by the negotiation)
   */
  public ReadStream<Buffer> stream(ReadStream<Buffer> in) {
    return new PrefixedReadStream(remainder, in);
  }
}
