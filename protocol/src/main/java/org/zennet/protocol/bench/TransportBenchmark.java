package org.zennet.protocol.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.host.PeerConnection;
import org.zennet.protocol.host.PeerStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.Voucher;

/**
 * Two hosts in one JVM over loopback TCP: connection set-up (TCP + multistream + TLS 1.3 + yamux),
 * stream opens, bulk throughput on 1 and on 100 concurrent streams, and small framed protobuf messages.
 * Figures depend on the machine; compare runs on the same one.
 */
public final class TransportBenchmark {
  static final String SINK = "/zennet/bench/sink/1.0.0";
  static final String MESSAGES = "/zennet/bench/messages/1.0.0";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofMinutes(5);

  /**
   * Sizes of a run.
   *
   * @param connections connections set up one after the other, for the median and p95
   * @param streams streams opened (and closed) one after the other on one connection
   * @param bulkBytes bytes sent in each throughput scenario (split across the streams)
   * @param messages small protobuf messages sent on one stream
   */
  public record Settings(int connections, int streams, long bulkBytes, int messages) {
    public static final Settings DEFAULT = new Settings(50, 1_000, 256L * 1024 * 1024, 100_000);

    public Settings {
      if (connections < 1 || streams < 1 || bulkBytes < 100 || messages < 1) {
        throw new IllegalArgumentException("every size must be positive (bulkBytes at least 100)");
      }
    }
  }

  private TransportBenchmark() {}

  /** Runs every scenario; progress goes to {@code progress}. */
  public static TransportReport run(Settings settings, java.util.function.Consumer<String> progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    Host server = Host.create(vertx, HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT);
    List<TransportReport.Row> rows = new ArrayList<>();
    try {
      serveSink(server);
      server.<PayMessage, PayMessage>handleMessages(MESSAGES, PayMessage.parser(), ms -> {
        long[] count = {0};
        ms.reader().handler(m -> count[0]++);
        ms.reader().endHandler(v -> ms.stream().write(Buffer.buffer().appendLong(count[0])).onComplete(x -> ms.stream().end()));
      });
      Multiaddr addr = await(server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));

      progress.accept("connection set-up x" + settings.connections());
      double[] setup = new double[settings.connections()];
      for (int i = 0; i < setup.length; i++) {
        Host client = Host.create(vertx, HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT);
        long t0 = System.nanoTime();
        await(client.connect(addr));
        setup[i] = (System.nanoTime() - t0) / 1e6;
        await(client.close());
      }
      Arrays.sort(setup);
      rows.add(new TransportReport.Row("setup.median", "connection set-up (TCP+TLS 1.3+yamux), median", percentile(setup, 50), "ms", settings.connections()));
      rows.add(new TransportReport.Row("setup.p95", "connection set-up (TCP+TLS 1.3+yamux), p95", percentile(setup, 95), "ms", settings.connections()));

      Host client = Host.create(vertx, HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT);
      try {
        PeerConnection connection = await(client.connect(addr));

        progress.accept("stream opens x" + settings.streams());
        long t0 = System.nanoTime();
        for (int i = 0; i < settings.streams(); i++) {
          await(connection.openStream(SINK).compose(s -> transfer(s, 0, Buffer.buffer())));
        }
        rows.add(new TransportReport.Row("streams.perSecond", "stream opens (SYN, multistream, FIN both ways) per second",
            settings.streams() / seconds(t0), "streams/s", settings.streams()));

        Buffer chunk = Buffer.buffer(randomBytes(64 * 1024));
        for (int n : new int[] {1, 100}) {
          progress.accept("throughput on " + n + " stream(s), " + settings.bulkBytes() / (1024 * 1024) + " MiB");
          long each = settings.bulkBytes() / n;
          t0 = System.nanoTime();
          List<Future<Long>> all = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            all.add(connection.openStream(SINK).compose(s -> transfer(s, each, chunk)));
          }
          await(Future.all(all));
          double mib = each * n / (1024.0 * 1024.0);
          rows.add(new TransportReport.Row("throughput.streams" + n, "loopback throughput, " + n + (n == 1 ? " stream" : " concurrent streams"),
              mib / seconds(t0), "MiB/s", each * n));
        }

        progress.accept("small messages x" + settings.messages());
        PayMessage voucher = PayMessage.newBuilder().setVoucher(Voucher.newBuilder()
            .setChannelId(ByteString.copyFrom(randomBytes(32))).setCumulativeAmount(ByteString.copyFrom(randomBytes(32)))
            .setSignature(ByteString.copyFrom(randomBytes(65)))).build();
        t0 = System.nanoTime();
        long received = await(connection.openStream(MESSAGES).compose(s -> sendMessages(s, settings.messages(), voucher, server)));
        if (received != settings.messages()) {
          throw new IllegalStateException("the receiver counted " + received + " of " + settings.messages() + " messages");
        }
        rows.add(new TransportReport.Row("messages.perSecond", "small messages (" + voucher.getSerializedSize() + "-byte Voucher, varint-framed) per second",
            settings.messages() / seconds(t0), "msg/s", settings.messages()));
      } finally {
        await(client.close());
      }
    } finally {
      await(server.close());
      await(vertx.close());
    }
    return new TransportReport(rows);
  }

  /** The sink: counts the bytes of a stream and, at its end, answers with the count and ends. */
  private static void serveSink(Host server) {
    server.handle(SINK, s -> {
      long[] count = {0};
      s.handler(b -> count[0] += b.length());
      s.endHandler(v -> s.write(Buffer.buffer().appendLong(count[0])).onComplete(x -> s.end()));
    });
  }

  /** Sends {@code total} bytes with back-pressure, half-closes, and waits for the sink's count. */
  private static Future<Long> transfer(PeerStream s, long total, Buffer chunk) {
    Future<Long> answer = answer(s);
    long[] left = {total};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (left[0] > 0 && !s.writeQueueFull()) {
        int n = (int) Math.min(chunk.length(), left[0]);
        s.write(n == chunk.length() ? chunk : chunk.slice(0, n));
        left[0] -= n;
      }
      if (left[0] > 0) {
        s.drainHandler(v -> pump[0].run());
      } else {
        s.end();
      }
    };
    pump[0].run();
    return answer.compose(count -> count == total ? Future.succeededFuture(count)
        : Future.failedFuture(new IllegalStateException("the sink counted " + count + " of " + total + " bytes")));
  }

  private static Future<Long> sendMessages(PeerStream s, int count, PayMessage message, Host server) {
    MessageStream<PayMessage, PayMessage> ms = MessageStream.over(s, PayMessage.parser(), server.config().wire());
    Future<Long> answer = answer(s);
    int[] left = {count};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (left[0] > 0 && !ms.writer().writeQueueFull()) {
        ms.write(message);
        left[0]--;
      }
      if (left[0] > 0) {
        ms.writer().drainHandler(v -> pump[0].run());
      } else {
        ms.end();
      }
    };
    pump[0].run();
    return answer;
  }

  /** The 8-byte count the peer writes before it ends the stream. */
  private static Future<Long> answer(PeerStream s) {
    Promise<Long> p = Promise.promise();
    Buffer got = Buffer.buffer();
    s.handler(got::appendBuffer);
    s.exceptionHandler(p::tryFail);
    s.endHandler(v -> {
      if (got.length() == 8) {
        p.tryComplete(got.getLong(0));
      } else {
        p.tryFail(new IllegalStateException("expected an 8-byte count, got " + got.length() + " bytes"));
      }
    });
    return p.future();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
