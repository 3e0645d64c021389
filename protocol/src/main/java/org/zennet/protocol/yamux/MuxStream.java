package org.zennet.protocol.yamux;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream of a {@link MuxSession}; its state is confined to the session's context, except the
 * count of queued bytes, which {@link #writeQueueFull()} reads from any thread.
 */
final class MuxStream implements YamuxStream {
  private final MuxSession session;
  private final int id;
  private final boolean outbound;
  private final int windowUpdateThreshold;

  // receiving
  private final ArrayDeque<Buffer> inbound = new ArrayDeque<>();
  private long receiveWindow;
  private long consumedUnreported;
  private int buffered;
  private long demand = Long.MAX_VALUE;
  private boolean remoteFin;
  private boolean endDelivered;
  private boolean delivering;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> closeHandler;

  // sending
  private final ArrayDeque<PendingWrite> outbox = new ArrayDeque<>();
  private final AtomicLong queued = new AtomicLong();
  private volatile int writeQueueMaxSize;
  private volatile long sendWindow = YamuxConfig.INITIAL_STREAM_WINDOW;
  private boolean finRequested;
  private boolean finSent;
  private Promise<Void> endPromise;
  private boolean drainWanted;
  private Handler<Void> drainHandler;

  // lifecycle
  private boolean acknowledged;
  private boolean done;
  private Throwable failure;

  private static final class PendingWrite {
    final Buffer data;
    final Promise<Void> promise;
    int offset;

    PendingWrite(Buffer data, Promise<Void> promise) {
      this.data = data;
      this.promise = promise;
    }
  }

  MuxStream(MuxSession session, int id, boolean outbound) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.receiveWindow = session.config.receiveWindow();
    this.windowUpdateThreshold = session.config.receiveWindow() / 2;
    this.writeQueueMaxSize = session.config.writeQueueMaxSize();
    this.acknowledged = !outbound;
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public boolean isOutbound() {
    return outbound;
  }

  @Override
  public YamuxSession session() {
    return session;
  }

  boolean acknowledged() {
    return acknowledged;
  }

  // ---- frames from the peer (on the context) ----

  void onAck() {
    if (outbound && !acknowledged) {
      acknowledged = true;
      session.acknowledged(this);
    }
  }

  void onWindowUpdate(long delta) throws YamuxProtocolException {
    boolean wasBlocked = sendWindow == 0;
    sendWindow = MuxSession.addWindow(sendWindow, delta, id);
    if (wasBlocked && sendWindow > 0 && !outbox.isEmpty()) {
      session.ready(this);
    }
  }

  void onData(Buffer payload) throws YamuxProtocolException {
    if (remoteFin) {
      throw new YamuxProtocolException("Data on stream " + Integer.toUnsignedString(id) + " after the peer's FIN");
    }
    if (payload.length() > receiveWindow) {
      throw new YamuxProtocolException("Data frame of " + payload.length() + " bytes on stream "
          + Integer.toUnsignedString(id) + " exceeds the receive window of " + receiveWindow + " bytes");
    }
    receiveWindow -= payload.length();
    if (done) {
      return; // reset locally or session closed: the data has nowhere to go
    }
    inbound.add(payload);
    buffered += payload.length();
    deliver();
  }

  void onRemoteFin() {
    remoteFin = true;
    deliver();
    closeIfFinished();
  }

  void onRemoteReset() {
    finish(new YamuxStreamResetException("stream " + Integer.toUnsignedString(id) + " was reset by the peer"), true);
  }

  void onSessionClosed(YamuxSessionClosedException cause) {
    boolean readComplete = remoteFin;
    finish(cause, !readComplete || !outbox.isEmpty() || (finRequested && !finSent));
  }

  // ---- reading ----

  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!inbound.isEmpty() && handler != null && demand > 0) {
        Buffer data = inbound.poll();
        buffered -= data.length();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        consumed(data.length());
        handler.handle(data);
      }
      if (inbound.isEmpty() && remoteFin && !endDelivered && endHandler != null
          && (failure == null || failure instanceof YamuxSessionClosedException)) {
        endDelivered = true;
        endHandler.handle(null);
      }
    } finally {
      delivering = false;
    }
  }

  /** Re-opens the peer's window for bytes the application took, in steps of half the window. */
  private void consumed(int bytes) {
    consumedUnreported += bytes;
    if (consumedUnreported >= windowUpdateThreshold && !remoteFin && !done) {
      session.writeControl(Frame.TYPE_WINDOW_UPDATE, 0, id, consumedUnreported);
      receiveWindow += consumedUnreported;
      consumedUnreported = 0;
    }
  }

  @Override
  public int bufferedBytes() {
    return buffered;
  }

  @Override
  public YamuxStream handler(Handler<Buffer> handler) {
    session.onContext(() -> {
      this.handler = handler;
      deliver();
    });
    return this;
  }

  @Override
  public YamuxStream pause() {
    session.onContext(() -> demand = 0);
    return this;
  }

  @Override
  public YamuxStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public YamuxStream fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("fetch amount must not be negative: " + amount);
    }
    session.onContext(() -> {
      demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      if (!delivering) {
        // Deliver on a later turn: a handler calling fetch() must not recurse into itself.
        session.context.runOnContext(v -> deliver());
      }
    });
    return this;
  }

  @Override
  public YamuxStream endHandler(Handler<Void> endHandler) {
    session.onContext(() -> {
      this.endHandler = endHandler;
      deliver();
    });
    return this;
  }

  @Override
  public YamuxStream exceptionHandler(Handler<Throwable> handler) {
    session.onContext(() -> this.exceptionHandler = handler);
    return this;
  }

  @Override
  public YamuxStream closeHandler(Handler<Void> handler) {
    session.onContext(() -> {
      this.closeHandler = handler;
      if (done && handler != null) {
        handler.handle(null);
      }
    });
    return this;
  }

  // ---- writing ----

  @Override
  public Future<Void> write(Buffer data) {
    int length = data.length();
    queued.addAndGet(length);
    return session.onContext(() -> {
      if (failure != null || finRequested || done) {
        queued.addAndGet(-length);
        return Future.failedFuture(failure != null ? failure
            : new YamuxException("stream " + Integer.toUnsignedString(id) + " is closed for writing"));
      }
      if (length == 0) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      outbox.add(new PendingWrite(data, promise));
      if (writeQueueFull()) {
        drainWanted = true;
      }
      if (sendWindow > 0) {
        session.ready(this);
      }
      return promise.future();
    });
  }

  @Override
  public Future<Void> end() {
    return session.onContext(() -> {
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      if (finRequested) {
        return endPromise.future();
      }
      finRequested = true;
      endPromise = Promise.promise();
      if (outbox.isEmpty()) {
        session.ready(this);
      }
      return endPromise.future();
    });
  }

  /**
   * Sends one frame: a piece of the oldest queued write within the send window, or the FIN.
   *
   * @return whether the stream has more to send now
   */
  boolean sendOne() {
    if (done) {
      return false;
    }
    PendingWrite write = outbox.peek();
    if (write == null) {
      if (finRequested && !finSent) {
        finSent = true;
        session.writeData(Frame.FLAG_FIN, id, Frame.EMPTY).onComplete(endPromise);
        closeIfFinished();
      }
      return false;
    }
    if (sendWindow == 0) {
      return false;
    }
    int n = (int) Math.min(Math.min(write.data.length() - write.offset, sendWindow), session.config.maxFrameLength());
    Buffer piece = write.data.getBuffer(write.offset, write.offset + n);
    write.offset += n;
    sendWindow -= n;
    long left = queued.addAndGet(-n);
    Future<Void> sent = session.writeData(0, id, piece);
    if (write.offset == write.data.length()) {
      outbox.poll();
      sent.onComplete(write.promise);
    }
    if (drainWanted && left - sendWindow <= writeQueueMaxSize / 2) {
      drainWanted = false;
      Handler<Void> drain = drainHandler;
      if (drain != null) {
        session.context.runOnContext(v -> drain.handle(null));
      }
    }
    return sendWindow > 0 && !outbox.isEmpty() || outbox.isEmpty() && finRequested && !finSent;
  }

  @Override
  public YamuxStream setWriteQueueMaxSize(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("the write queue size must be positive, was " + maxSize);
    }
    this.writeQueueMaxSize = maxSize;
    return this;
  }

  /** Full when the bytes queued beyond what the peer's window lets out reach the queue size. */
  @Override
  public boolean writeQueueFull() {
    return queued.get() - sendWindow >= writeQueueMaxSize;
  }

  @Override
  public YamuxStream drainHandler(Handler<Void> handler) {
    session.onContext(() -> this.drainHandler = handler);
    return this;
  }

  // ---- lifecycle ----

  @Override
  public void reset() {
    session.onContext(() -> {
      if (done) {
        return;
      }
      if (!session.isTerminated()) {
        session.writeControl(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_RST, id, 0);
      }
      finish(new YamuxStreamResetException("stream " + Integer.toUnsignedString(id) + " was reset by this side"), false);
    });
  }

  private void closeIfFinished() {
    if (finSent && remoteFin && !done) {
      done = true;
      session.removed(this);
      if (closeHandler != null) {
        closeHandler.handle(null);
      }
    }
  }

  /** Ends the stream with {@code cause}: queued writes fail and, if asked, the exception handler hears of it. */
  private void finish(Throwable cause, boolean notify) {
    if (done) {
      return;
    }
    done = true;
    failure = cause;
    session.removed(this);
    queued.set(0);
    while (!outbox.isEmpty()) {
      outbox.poll().promise.tryFail(cause);
    }
    if (endPromise != null) {
      endPromise.tryFail(cause);
    }
    if (!(cause instanceof YamuxSessionClosedException) || !remoteFin) {
      inbound.clear();
      buffered = 0;
    }
    if (notify && exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
    if (closeHandler != null) {
      closeHandler.handle(null);
    }
  }

  @Override
  public String toString() {
    return "yamux stream " + Integer.toUnsignedString(id) + " of " + session + " [recvWindow=" + receiveWindow
        + " buffered=" + buffered + " demand=" + demand + " remoteFin=" + remoteFin + " sendWindow=" + sendWindow
        + " queued=" + queued.get() + " outbox=" + outbox.size() + " finRequested=" + finRequested + " finSent=" + finSent
        + " done=" + done + " failure=" + failure + "]";
  }
}
