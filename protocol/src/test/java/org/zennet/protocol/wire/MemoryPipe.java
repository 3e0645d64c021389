package org.zennet.protocol.wire;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two connected in-memory byte streams for tests: what one end writes, the other reads, on its
 * own context, with back-pressure (a writer's queue is full while the reader holds
 * {@value #MAX_QUEUED} bytes it has not taken).
 */
public final class MemoryPipe {
  static final int MAX_QUEUED = 64 * 1024;

  private MemoryPipe() {}

  /** Two ends connected to each other. */
  public record Pair(End left, End right) {}

  public static Pair create(Vertx vertx) {
    End left = new End(vertx.getOrCreateContext());
    End right = new End(vertx.getOrCreateContext());
    left.peer = right;
    right.peer = left;
    return new Pair(left, right);
  }

  /** One end: read what the other end writes, write what it reads. */
  public static final class End implements ReadStream<Buffer>, WriteStream<Buffer> {
    private final Context context;
    private End peer;
    private final ArrayDeque<Buffer> inbound = new ArrayDeque<>();
    private final AtomicLong queued = new AtomicLong();
    private long demand = Long.MAX_VALUE;
    private boolean ended;
    private boolean endDelivered;
    private boolean writeClosed;
    private boolean drainWanted;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Void> drainHandler;

    End(Context context) {
      this.context = context;
    }

    /** Bytes written by the other end that this end has not read yet. */
    public long queuedBytes() {
      return queued.get();
    }

    private void receive(Buffer data) {
      queued.addAndGet(data.length());
      context.runOnContext(v -> {
        inbound.add(data);
        deliver();
      });
    }

    private void receiveEnd() {
      context.runOnContext(v -> {
        ended = true;
        deliver();
      });
    }

    private void deliver() {
      while (!inbound.isEmpty() && handler != null && demand > 0) {
        Buffer data = inbound.poll();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        long left = queued.addAndGet(-data.length());
        if (left <= MAX_QUEUED / 2) {
          peer.drained();
        }
        handler.handle(data);
      }
      if (inbound.isEmpty() && ended && !endDelivered && endHandler != null) {
        endDelivered = true;
        endHandler.handle(null);
      }
    }

    private void drained() {
      context.runOnContext(v -> {
        if (drainWanted && drainHandler != null) {
          drainWanted = false;
          drainHandler.handle(null);
        }
      });
    }

    @Override
    public End exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public End handler(Handler<Buffer> handler) {
      context.runOnContext(v -> {
        this.handler = handler;
        deliver();
      });
      return this;
    }

    @Override
    public End pause() {
      context.runOnContext(v -> demand = 0);
      return this;
    }

    @Override
    public End resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public End fetch(long amount) {
      context.runOnContext(v -> {
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        deliver();
      });
      return this;
    }

    @Override
    public End endHandler(Handler<Void> endHandler) {
      context.runOnContext(v -> {
        this.endHandler = endHandler;
        deliver();
      });
      return this;
    }

    @Override
    public synchronized Future<Void> write(Buffer data) {
      if (writeClosed) {
        return Future.failedFuture("the pipe is closed for writing");
      }
      peer.receive(data.copy());
      if (writeQueueFull()) {
        drainWanted = true;
      }
      return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Void> end() {
      if (!writeClosed) {
        writeClosed = true;
        peer.receiveEnd();
      }
      return Future.succeededFuture();
    }

    @Override
    public End setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return peer.queued.get() >= MAX_QUEUED;
    }

    @Override
    public End drainHandler(Handler<Void> handler) {
      context.runOnContext(v -> this.drainHandler = handler);
      return this;
    }
  }
}
