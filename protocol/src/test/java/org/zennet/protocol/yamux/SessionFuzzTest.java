package org.zennet.protocol.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.protocol.yamux.Sessions.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.zennet.protocol.wire.MemoryPipe;

/** A session fed arbitrary bytes ends normally or with a protocol error; nothing else escapes. */
class SessionFuzzTest {
  private static Vertx vertx;
  private static final List<Throwable> unexpected = new CopyOnWriteArrayList<>();

  @BeforeContainer
  static void start() {
    vertx = Vertx.vertx();
    vertx.exceptionHandler(unexpected::add);
  }

  @AfterContainer
  static void stop() {
    await(vertx.close());
  }

  @Property(tries = 300)
  void arbitraryBytesEndTheSessionCleanlyOrWithAProtocolError(@ForAll @Size(max = 2048) byte[] bytes) {
    MemoryPipe.Pair pipe = MemoryPipe.create(vertx);
    pipe.left().handler(b -> {});
    YamuxSession session = YamuxSession.server(vertx, pipe.right(), pipe.right(),
        YamuxConfig.DEFAULT.withKeepAliveInterval(Duration.ZERO));
    session.streamHandler(stream -> {
      stream.handler(stream::write);
      stream.endHandler(v -> stream.end());
    });
    // A valid opening, then the arbitrary bytes, then the end of the connection.
    pipe.left().write(Frame.encode(Frame.TYPE_DATA, Frame.FLAG_SYN, 1, 3, Buffer.buffer("abc")));
    pipe.left().write(Buffer.buffer(bytes));
    pipe.left().end();
    Throwable outcome = await(session.closeFuture().transform(ar -> Future.succeededFuture(ar.cause())));
    if (outcome != null) {
      assertThat(outcome).isInstanceOf(YamuxProtocolException.class);
    }
    assertThat(unexpected).isEmpty();
  }
}
