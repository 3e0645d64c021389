package org.zennet.protocol.wire;

/**
 * Limits of the message framing.
 *
 * @param maxMessageSize the largest message accepted or sent, in bytes; a length prefix above it is
 *     rejected before anything is allocated
 * @param chunkSize the data carried by one {@code PayloadChunk} when a large payload is streamed
 * @param maxInMemoryPayload the largest payload that may be assembled in memory; larger ones must
 *     go to a sink such as a file
 */
public record WireConfig(int maxMessageSize, int chunkSize, long maxInMemoryPayload) {
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
  public static final long DEFAULT_MAX_IN_MEMORY_PAYLOAD = 64L * 1024 * 1024;
  /** Room for the protobuf envelope around a chunk's data. */
  static final int CHUNK_OVERHEAD = 32;

  public static final WireConfig DEFAULT =
      new WireConfig(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_IN_MEMORY_PAYLOAD);

  public WireConfig {
    if (maxMessageSize < 64) {
      throw new IllegalArgumentException("maxMessageSize must be at least 64 bytes, was " + maxMessageSize);
    }
    if (chunkSize < 1 || chunkSize > maxMessageSize - CHUNK_OVERHEAD) {
      throw new IllegalArgumentException("chunkSize must be between 1 and maxMessageSize - "
          + CHUNK_OVERHEAD + " (" + (maxMessageSize - CHUNK_OVERHEAD) + "), was " + chunkSize);
    }
    if (maxInMemoryPayload < 0) {
      throw new IllegalArgumentException("maxInMemoryPayload must not be negative, was " + maxInMemoryPayload);
    }
  }
}
