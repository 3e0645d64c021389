package org.zennet.protocol.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a yamux session.
 *
 * @param receiveWindow the receive window of each stream, in bytes: what the peer may send before
 *     our application consumes it, and so the most a stream ever buffers. At least the spec's
 *     initial 256 KiB; a larger one is announced to the peer with the SYN or ACK. A Data frame
 *     longer than this is a protocol error, detected before its payload is read.
 * @param maxConcurrentStreams open streams per session, both directions; further inbound streams
 *     are refused with RST, further outbound ones fail
 * @param maxFrameLength the largest Data frame payload this side sends
 * @param ackBacklog outbound streams that may wait for the peer's ACK (libp2p's yamux notes: 256);
 *     further opens wait until an ACK arrives
 * @param writeQueueMaxSize default per-stream bytes waiting for the peer's window before the
 *     stream reports {@code writeQueueFull()}
 * @param keepAliveInterval how often to ping the peer; a ping unanswered by the next one closes the
 *     session. {@link Duration#ZERO} turns keep-alive off
 */
public record YamuxConfig(
    int receiveWindow,
    int maxConcurrentStreams,
    int maxFrameLength,
    int ackBacklog,
    int writeQueueMaxSize,
    Duration keepAliveInterval) {
  /** The window both sides assume for a new stream (yamux spec). */
  public static final int INITIAL_STREAM_WINDOW = 256 * 1024;
  public static final int DEFAULT_RECEIVE_WINDOW = INITIAL_STREAM_WINDOW;
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 1000;
  public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
  public static final int DEFAULT_ACK_BACKLOG = 256;
  public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 64 * 1024;
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);
  /** Largest receive window: 16 MiB. */
  public static final int MAX_RECEIVE_WINDOW = 16 * 1024 * 1024;

  public static final YamuxConfig DEFAULT = new YamuxConfig(DEFAULT_RECEIVE_WINDOW,
      DEFAULT_MAX_CONCURRENT_STREAMS, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_ACK_BACKLOG,
      DEFAULT_WRITE_QUEUE_MAX_SIZE, DEFAULT_KEEP_ALIVE_INTERVAL);

  public YamuxConfig {
    if (receiveWindow < INITIAL_STREAM_WINDOW || receiveWindow > MAX_RECEIVE_WINDOW) {
      throw new IllegalArgumentException("receiveWindow must be between " + INITIAL_STREAM_WINDOW
          + " (the yamux initial window) and " + MAX_RECEIVE_WINDOW + " bytes, was " + receiveWindow);
    }
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("maxConcurrentStreams must be positive, was " + maxConcurrentStreams);
    }
    if (maxFrameLength < 1 || maxFrameLength > MAX_RECEIVE_WINDOW) {
      throw new IllegalArgumentException(
          "maxFrameLength must be between 1 and " + MAX_RECEIVE_WINDOW + " bytes, was " + maxFrameLength);
    }
    if (ackBacklog < 1) {
      throw new IllegalArgumentException("ackBacklog must be positive, was " + ackBacklog);
    }
    if (writeQueueMaxSize < 1) {
      throw new IllegalArgumentException("writeQueueMaxSize must be positive, was " + writeQueueMaxSize);
    }
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    if (keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval must not be negative, was " + keepAliveInterval);
    }
  }

  /** This configuration with keep-alive pings every {@code interval} ({@link Duration#ZERO}: off). */
  public YamuxConfig withKeepAliveInterval(Duration interval) {
    return new YamuxConfig(receiveWindow, maxConcurrentStreams, maxFrameLength, ackBacklog,
        writeQueueMaxSize, interval);
  }

  /** This configuration with at most {@code max} concurrent streams. */
  public YamuxConfig withMaxConcurrentStreams(int max) {
    return new YamuxConfig(receiveWindow, max, maxFrameLength, ackBacklog, writeQueueMaxSize,
        keepAliveInterval);
  }
}
