package org.zennet.protocol.host;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p ping ({@code /ipfs/ping/1.0.0}, specs/ping/ping.md): the dialer writes 32 random bytes, the
 * listener writes the same 32 bytes back, as often as the dialer likes on one stream; the dialer
 * measures the round trip and closes its side when done.
 */
final class PingProtocol {
  static final int PAYLOAD = 32;
  private static final Logger LOG = LoggerFactory.getLogger(PingProtocol.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private PingProtocol() {}

  /** Serves one inbound ping stream: echoes every 32 bytes; never buffers more than 32 plus one chunk. */
  static void serve(PeerStream stream) {
    Buffer[] pending = {Buffer.buffer(PAYLOAD)};
    stream.handler(data -> {
      Buffer p = pending[0].appendBuffer(data);
      int full = p.length() - p.length() % PAYLOAD;
      if (full > 0) {
        stream.write(p.getBuffer(0, full));
        pending[0] = p.getBuffer(full, p.length());
      }
      if (stream.writeQueueFull()) {
        stream.pause();
        stream.drainHandler(v -> stream.resume());
      }
    });
    stream.endHandler(v -> stream.end());
    stream.exceptionHandler(e -> LOG.debug("{} ended: {}", stream, e.getMessage()));
  }

  /** Pings {@code count} times on {@code stream}, one after the other, then half-closes it. */
  static Future<List<Duration>> run(Vertx vertx, PeerStream stream, int count, Duration timeout) {
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("ping count must be positive, was " + count));
    }
    Pinger pinger = new Pinger(stream);
    Future<List<Duration>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      all = all.compose(list -> Deadline.of(vertx, pinger.once(), timeout, "ping of " + stream.remotePeerId(), stream::reset)
          .map(rtt -> {
            list.add(rtt);
            return list;
          }));
    }
    return all.<List<Duration>>map(List::copyOf)
        .onSuccess(v -> stream.end())
        .onFailure(e -> stream.reset());
  }

  private static final class Pinger {
    private final PeerStream stream;
    private Buffer received = Buffer.buffer();
    private byte[] sent;
    private long sentAt;
    private Promise<Duration> current;

    Pinger(PeerStream stream) {
      this.stream = stream;
      stream.handler(this::onData);
      stream.exceptionHandler(e -> fail(e));
      stream.endHandler(v -> fail(new PeerMisbehaviorException("the peer closed the ping stream before answering")));
    }

    synchronized Future<Duration> once() {
      sent = new byte[PAYLOAD];
      RANDOM.nextBytes(sent);
      received = Buffer.buffer();
      current = Promise.promise();
      sentAt = System.nanoTime();
      stream.write(Buffer.buffer(sent)).onFailure(this::fail);
      return current.future();
    }

    private synchronized void onData(Buffer data) {
      received.appendBuffer(data);
      if (current == null || received.length() > PAYLOAD) {
        fail(new PeerMisbehaviorException("the peer sent " + received.length() + " bytes in answer to a 32-byte ping"));
      } else if (received.length() == PAYLOAD) {
        long rtt = System.nanoTime() - sentAt;
        Promise<Duration> p = current;
        current = null;
        if (java.util.Arrays.equals(received.getBytes(), sent)) {
          p.tryComplete(Duration.ofNanos(rtt));
        } else {
          p.tryFail(new PeerMisbehaviorException("the peer answered the ping with other bytes"));
        }
      }
    }

    private synchronized void fail(Throwable e) {
      if (current != null) {
        current.tryFail(e);
      }
    }
  }
}
