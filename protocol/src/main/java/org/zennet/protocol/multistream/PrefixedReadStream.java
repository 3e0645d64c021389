package org.zennet.protocol.multistream;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A read stream that emits a prefix (bytes already read from the underlying stream) before the rest of
 * that stream. Like any Vert.x read stream it flows once a handler is set, unless paused; the
 * underlying stream stays paused until the prefix has been delivered, so order is kept. After that it
 * is a transparent view of the underlying stream.
 */
final class PrefixedReadStream implements ReadStream<Buffer> {
  private final ReadStream<Buffer> delegate;
  private final Context context;
  private Buffer prefix;
  private Handler<Buffer> handler;
  private long demand = Long.MAX_VALUE;
  private boolean transparent;
  private boolean scheduled;

  PrefixedReadStream(Buffer prefix, ReadStream<Buffer> delegate) {
    this.delegate = delegate;
    this.context = Vertx.currentContext();
    this.prefix = prefix;
    delegate.pause();
  }

  @Override
  public PrefixedReadStream handler(Handler<Buffer> h) {
    synchronized (this) {
      handler = h;
    }
    delegate.handler(h);
    schedule();
    return this;
  }

  @Override
  public PrefixedReadStream exceptionHandler(Handler<Throwable> h) {
    delegate.exceptionHandler(h);
    return this;
  }

  @Override
  public PrefixedReadStream endHandler(Handler<Void> h) {
    delegate.endHandler(h);
    return this;
  }

  @Override
  public PrefixedReadStream pause() {
    synchronized (this) {
      if (!transparent) {
        demand = 0;
        return this;
      }
    }
    delegate.pause();
    return this;
  }

  @Override
  public PrefixedReadStream resume() {
    synchronized (this) {
      if (!transparent) {
        demand = Long.MAX_VALUE;
      }
    }
    if (isTransparent()) {
      delegate.resume();
    } else {
      schedule();
    }
    return this;
  }

  @Override
  public PrefixedReadStream fetch(long amount) {
    if (amount <= 0) {
      return this;
    }
    synchronized (this) {
      if (!transparent) {
        demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
      }
    }
    if (isTransparent()) {
      delegate.fetch(amount);
    } else {
      schedule();
    }
    return this;
  }

  private synchronized boolean isTransparent() {
    return transparent;
  }

  /** Delivers the prefix later on the context: never from inside handler(), resume() or fetch(). */
  private void schedule() {
    synchronized (this) {
      if (transparent || scheduled || handler == null || demand == 0) {
        return;
      }
      scheduled = true;
    }
    if (context != null) {
      context.runOnContext(v -> deliverPrefix());
    } else {
      deliverPrefix();
    }
  }

  private void deliverPrefix() {
    Buffer p;
    Handler<Buffer> h;
    synchronized (this) {
      scheduled = false;
      if (transparent || handler == null || demand == 0) {
        return;
      }
      p = prefix;
      h = handler;
      prefix = null;
      if (p.length() > 0 && demand != Long.MAX_VALUE) {
        demand--;
      }
    }
    if (p.length() > 0) {
      h.handle(p);
    }
    long left;
    synchronized (this) {
      transparent = true;
      left = demand;
    }
    if (left == Long.MAX_VALUE) {
      delegate.resume();
    } else if (left > 0) {
      delegate.fetch(left);
    }
  }
}
