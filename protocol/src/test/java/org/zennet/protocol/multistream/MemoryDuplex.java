package org.zennet.protocol.multistream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of an in-memory byte pipe for tests: what the peer writes arrives here, one buffer per
 * write, asynchronously on a Vert.x context, honouring pause and fetch. {@link #inject} delivers bytes
 * as if the peer had written them; {@link #written()} records what this end wrote.
 */
final class MemoryDuplex implements ReadStream<Buffer>, WriteStream<Buffer> {
  private final Context context;
  private final ArrayDeque<Object> inbound = new ArrayDeque<>();
  private final List<Buffer> written = new ArrayList<>();
  private MemoryDuplex peer;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean draining;
  private static final Object END = new Object();

  private MemoryDuplex(Context context) {
    this.context = context;
  }

  /** @return two connected ends */
  static MemoryDuplex[] pair(Context context) {
    MemoryDuplex a = new MemoryDuplex(context);
    MemoryDuplex b = new MemoryDuplex(context);
    a.peer = b;
    b.peer = a;
    return new MemoryDuplex[] {a, b};
  }

  /** @return a lone end: writes are only recorded */
  static MemoryDuplex lone(Context context) {
    return new MemoryDuplex(context);
  }

  void inject(Buffer data) {
    context.runOnContext(v -> {
      inbound.add(data.copy());
      drain();
    });
  }

  void injectEnd() {
    context.runOnContext(v -> {
      inbound.add(END);
      drain();
    });
  }

  List<Buffer> written() {
    return written;
  }

  Buffer allWritten() {
    Buffer all = Buffer.buffer();
    written.forEach(all::appendBuffer);
    return all;
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!inbound.isEmpty() && demand > 0 && (handler != null || inbound.peek() == END)) {
        Object next = inbound.poll();
        if (next == END) {
          if (endHandler != null) {
            endHandler.handle(null);
          }
          continue;
        }
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle((Buffer) next);
      }
    } finally {
      draining = false;
    }
  }

  @Override
  public MemoryDuplex exceptionHandler(Handler<Throwable> h) {
    return this;
  }

  @Override
  public MemoryDuplex handler(Handler<Buffer> h) {
    handler = h;
    context.runOnContext(v -> drain());
    return this;
  }

  @Override
  public MemoryDuplex pause() {
    demand = 0;
    return this;
  }

  @Override
  public MemoryDuplex resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public MemoryDuplex fetch(long amount) {
    demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    context.runOnContext(v -> drain());
    return this;
  }

  @Override
  public MemoryDuplex endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    written.add(data.copy());
    if (peer != null) {
      peer.inject(data);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (peer != null) {
      peer.injectEnd();
    }
    return Future.succeededFuture();
  }

  @Override
  public MemoryDuplex setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public MemoryDuplex drainHandler(Handler<Void> h) {
    return this;
  }
}
