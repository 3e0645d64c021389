package org.zennet.protocol.yamux;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The yamux session. All state is confined to one Vert.x context: calls from elsewhere hop onto
 * it, and so do the transport's events.
 */
final class MuxSession implements YamuxSession {
  private static final Logger LOG = LoggerFactory.getLogger(MuxSession.class);
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;
  private static final long MAX_WINDOW = 0xFFFF_FFFFL;

  final Context context;
  final YamuxConfig config;
  private final Vertx vertx;
  private final ReadStream<Buffer> in;
  private final WriteStream<Buffer> out;
  private final boolean client;
  private final String label;
  private final FrameDecoder decoder;
  private final Map<Integer, MuxStream> streams = new HashMap<>();
  private final LinkedHashSet<MuxStream> sendReady = new LinkedHashSet<>();
  private final Map<Long, Ping> pings = new HashMap<>();
  private final ArrayDeque<Promise<YamuxStream>> pendingOpens = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private long nextStreamId;
  private long nextPingId;
  private int unacknowledged;
  private volatile Handler<YamuxStream> streamHandler;
  private boolean goAwaySent;
  private boolean goAwayReceived;
  private boolean terminated;
  private boolean pumping;
  private long keepAliveTimer = -1;
  private boolean keepAliveOutstanding;
  private boolean limitReported;

  private record Ping(Promise<Duration> promise, long sentNanos) {}

  private MuxSession(Vertx vertx, ReadStream<Buffer> in, WriteStream<Buffer> out, boolean client,
      YamuxConfig config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.in = in;
    this.out = out;
    this.client = client;
    this.config = config;
    this.nextStreamId = client ? 1 : 2;
    this.decoder = new FrameDecoder(config.receiveWindow());
    this.label = (client ? "client" : "server")
        + (in instanceof NetSocket socket && socket.remoteAddress() != null ? " to " + socket.remoteAddress() : "");
  }

  static MuxSession start(Vertx vertx, ReadStream<Buffer> in, WriteStream<Buffer> out, boolean client,
      YamuxConfig config) {
    MuxSession session = new MuxSession(vertx, in, out, client, config);
    session.onContext(session::attach);
    return session;
  }

  private void attach() {
    in.handler(bytes -> onContext(() -> onBytes(bytes)));
    in.endHandler(v -> onContext(() -> terminate(null, "the peer closed the connection")));
    in.exceptionHandler(e -> onContext(() -> terminate(e, "transport failed: " + e.getMessage())));
    out.drainHandler(v -> onContext(this::pump));
    in.resume();
    if (!config.keepAliveInterval().isZero()) {
      keepAliveTimer = vertx.setPeriodic(config.keepAliveInterval().toMillis(), id -> onContext(this::keepAlive));
    }
    LOG.debug("yamux session {} started", label);
  }

  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  // ---- inbound ----

  private void onBytes(Buffer bytes) {
    if (terminated) {
      return;
    }
    try {
      decoder.feed(bytes, this::onFrame);
    } catch (YamuxProtocolException e) {
      protocolError(e);
    }
  }

  private void onFrame(Frame frame) throws YamuxProtocolException {
    if (terminated) {
      return;
    }
    switch (frame.type()) {
      case Frame.TYPE_DATA, Frame.TYPE_WINDOW_UPDATE -> onStreamFrame(frame);
      case Frame.TYPE_PING -> onPing(frame);
      case Frame.TYPE_GO_AWAY -> onGoAway(frame);
      default -> throw new YamuxProtocolException("unknown frame type " + frame.type());
    }
  }

  private void onStreamFrame(Frame frame) throws YamuxProtocolException {
    int id = frame.streamId();
    MuxStream stream = streams.get(id);
    boolean opened = false;
    if (frame.has(Frame.FLAG_SYN)) {
      if (stream != null) {
        throw new YamuxProtocolException("SYN for stream " + Integer.toUnsignedString(id) + ", which is already open");
      }
      boolean remoteId = (id & 1) == (client ? 0 : 1);
      if (!remoteId) {
        throw new YamuxProtocolException("the peer opened stream " + Integer.toUnsignedString(id)
            + ", an id of the " + (client ? "client" : "server") + " (this side)");
      }
      Handler<YamuxStream> acceptor = streamHandler;
      if (goAwaySent || acceptor == null || streams.size() >= config.maxConcurrentStreams()) {
        boolean atLimit = !goAwaySent && acceptor != null;
        if (atLimit && !limitReported) {
          // once per session: a peer that opens streams without end must not flood the log
          limitReported = true;
          LOG.warn("yamux session {}: the peer opened more than {} streams (maxConcurrentStreams); refusing further ones with RST",
              label, config.maxConcurrentStreams());
        } else {
          LOG.debug("yamux session {}: refusing stream {} ({})", label, Integer.toUnsignedString(id),
              goAwaySent ? "going away" : acceptor == null ? "no stream handler" : "stream limit reached");
        }
        writeControl(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_RST, id, 0);
        return;
      }
      stream = new MuxStream(this, id, false);
      streams.put(id, stream);
      writeControl(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_ACK, id, config.receiveWindow() - YamuxConfig.INITIAL_STREAM_WINDOW);
      opened = true;
    } else if (stream == null) {
      // A late frame for a stream that was reset or closed (its payload is dropped).
      return;
    }
    if (frame.has(Frame.FLAG_ACK)) {
      stream.onAck();
    }
    if (frame.type() == Frame.TYPE_WINDOW_UPDATE) {
      stream.onWindowUpdate(frame.length());
    } else if (frame.length() > 0) {
      stream.onData(frame.payload());
    }
    if (frame.has(Frame.FLAG_FIN)) {
      stream.onRemoteFin();
    }
    if (frame.has(Frame.FLAG_RST)) {
      stream.onRemoteReset();
    }
    if (opened) {
      streamHandler.handle(stream);
    }
  }

  private void onPing(Frame frame) {
    if (frame.has(Frame.FLAG_SYN)) {
      writeControl(Frame.TYPE_PING, Frame.FLAG_ACK, 0, frame.length());
    } else if (frame.has(Frame.FLAG_ACK)) {
      Ping ping = pings.remove(frame.length());
      if (ping != null) {
        ping.promise().complete(Duration.ofNanos(System.nanoTime() - ping.sentNanos()));
      }
    }
  }

  private void onGoAway(Frame frame) {
    goAwayReceived = true;
    failPendingOpens(new YamuxSessionClosedException("the peer sent go-away"));
    if (frame.length() == Frame.GO_AWAY_NORMAL) {
      LOG.debug("yamux session {}: the peer is going away", label);
    } else {
      String reason = frame.length() == Frame.GO_AWAY_PROTOCOL_ERROR ? "a protocol error"
          : frame.length() == Frame.GO_AWAY_INTERNAL_ERROR ? "an internal error" : "error code " + frame.length();
      LOG.warn("yamux session {}: the peer went away reporting {}", label, reason);
      terminate(new YamuxSessionClosedException("the peer went away reporting " + reason), null);
    }
  }

  private void protocolError(YamuxProtocolException e) {
    LOG.warn("yamux session {}: protocol error, closing the session: {}", label, e.getMessage());
    if (!terminated) {
      writeControl(Frame.TYPE_GO_AWAY, 0, 0, Frame.GO_AWAY_PROTOCOL_ERROR);
      goAwaySent = true;
      terminate(e, null);
    }
  }

  private void keepAlive() {
    if (terminated) {
      return;
    }
    if (keepAliveOutstanding) {
      LOG.warn("yamux session {}: keep-alive ping unanswered for {}, closing", label, config.keepAliveInterval());
      terminate(new YamuxSessionClosedException("the peer did not answer a keep-alive ping within "
          + config.keepAliveInterval()), null);
      return;
    }
    keepAliveOutstanding = true;
    ping().onSuccess(rtt -> keepAliveOutstanding = false);
  }

  // ---- outbound ----

  /** Writes a frame without payload at once (control frames are not flow-controlled). */
  Future<Void> writeControl(int type, int flags, int streamId, long length) {
    return out.write(Frame.encode(type, flags, streamId, length, Frame.EMPTY));
  }

  Future<Void> writeData(int flags, int streamId, Buffer payload) {
    return out.write(Frame.encode(Frame.TYPE_DATA, flags, streamId, payload.length(), payload));
  }

  /** The stream has data (and window) or a FIN to send. */
  void ready(MuxStream stream) {
    sendReady.add(stream);
    pump();
  }

  /** Sends one frame per ready stream in turn while the transport accepts more. */
  void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (!terminated && !sendReady.isEmpty() && !out.writeQueueFull()) {
        Iterator<MuxStream> it = sendReady.iterator();
        MuxStream next = it.next();
        it.remove();
        if (next.sendOne()) {
          sendReady.add(next);
        }
      }
    } finally {
      pumping = false;
    }
  }

  void removed(MuxStream stream) {
    streams.remove(stream.id());
    sendReady.remove(stream);
    if (stream.isOutbound() && !stream.acknowledged()) {
      acknowledged(stream);
    }
  }

  void acknowledged(MuxStream stream) {
    unacknowledged--;
    while (!pendingOpens.isEmpty() && unacknowledged < config.ackBacklog() && !terminated) {
      doOpen(pendingOpens.poll());
    }
  }

  /** Checks a window after a WindowUpdate of {@code delta}. */
  static long addWindow(long window, long delta, int streamId) throws YamuxProtocolException {
    long sum = window + delta;
    if (sum > MAX_WINDOW) {
      throw new YamuxProtocolException("WindowUpdate on stream " + Integer.toUnsignedString(streamId)
          + " grows the send window beyond 2^32 - 1");
    }
    return sum;
  }

  // ---- API ----

  @Override
  public Future<YamuxStream> openStream() {
    return onContext(() -> {
      if (terminated) {
        return Future.failedFuture(new YamuxSessionClosedException("the session is closed"));
      }
      if (goAwaySent || goAwayReceived) {
        return Future.failedFuture(new YamuxSessionClosedException("the session is going away"));
      }
      if (streams.size() + pendingOpens.size() >= config.maxConcurrentStreams()) {
        return Future.failedFuture(new YamuxException(
            "the session already has " + config.maxConcurrentStreams() + " streams open (maxConcurrentStreams)"));
      }
      Promise<YamuxStream> promise = Promise.promise();
      if (unacknowledged >= config.ackBacklog()) {
        pendingOpens.add(promise);
      } else {
        doOpen(promise);
      }
      return promise.future();
    });
  }

  private void doOpen(Promise<YamuxStream> promise) {
    if (nextStreamId > MAX_STREAM_ID) {
      promise.fail(new YamuxException("stream ids are exhausted; open a new session"));
      return;
    }
    int id = (int) nextStreamId;
    nextStreamId += 2;
    MuxStream stream = new MuxStream(this, id, true);
    streams.put(id, stream);
    unacknowledged++;
    writeControl(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, id, config.receiveWindow() - YamuxConfig.INITIAL_STREAM_WINDOW);
    promise.complete(stream);
  }

  @Override
  public YamuxSession streamHandler(Handler<YamuxStream> handler) {
    this.streamHandler = handler;
    return this;
  }

  @Override
  public Future<Duration> ping() {
    return onContext(() -> {
      if (terminated) {
        return Future.failedFuture(new YamuxSessionClosedException("the session is closed"));
      }
      long id = nextPingId;
      nextPingId = (nextPingId + 1) & MAX_STREAM_ID;
      Promise<Duration> promise = Promise.promise();
      pings.put(id, new Ping(promise, System.nanoTime()));
      writeControl(Frame.TYPE_PING, Frame.FLAG_SYN, 0, id);
      return promise.future();
    });
  }

  @Override
  public Future<Void> goAway() {
    return onContext(() -> {
      if (terminated) {
        return Future.failedFuture(new YamuxSessionClosedException("the session is closed"));
      }
      if (goAwaySent) {
        return Future.succeededFuture();
      }
      goAwaySent = true;
      return writeControl(Frame.TYPE_GO_AWAY, 0, 0, Frame.GO_AWAY_NORMAL);
    });
  }

  @Override
  public Future<Void> close() {
    onContext(() -> {
      if (!terminated && !goAwaySent) {
        goAwaySent = true;
        writeControl(Frame.TYPE_GO_AWAY, 0, 0, Frame.GO_AWAY_NORMAL);
      }
      terminate(null, "closed by this side");
    });
    return closed.future();
  }

  @Override
  public Future<Void> closeFuture() {
    return closed.future();
  }

  @Override
  public boolean isClosed() {
    return closed.future().isComplete();
  }

  @Override
  public int streamCount() {
    return streams.size();
  }

  /**
   * Ends the session: every stream, ping and pending open fails, and the transport is ended.
   *
   * @param cause the failure, or null for a normal end described by {@code reason}
   */
  private void terminate(Throwable cause, String reason) {
    if (terminated) {
      return;
    }
    terminated = true;
    if (keepAliveTimer >= 0) {
      vertx.cancelTimer(keepAliveTimer);
    }
    YamuxSessionClosedException closedException = cause == null
        ? new YamuxSessionClosedException("the session ended: " + reason)
        : new YamuxSessionClosedException("the session ended: " + cause.getMessage(), cause);
    for (MuxStream stream : new ArrayList<>(streams.values())) {
      stream.onSessionClosed(closedException);
    }
    streams.clear();
    sendReady.clear();
    pings.values().forEach(p -> p.promise().tryFail(closedException));
    pings.clear();
    failPendingOpens(closedException);
    in.handler(null);
    out.end().onFailure(e -> LOG.debug("yamux session {}: ending the transport failed: {}", label, e.toString()));
    if (cause == null) {
      LOG.debug("yamux session {} closed: {}", label, reason);
      closed.tryComplete();
    } else {
      closed.tryFail(cause);
    }
  }

  private void failPendingOpens(Throwable cause) {
    while (!pendingOpens.isEmpty()) {
      pendingOpens.poll().tryFail(cause);
    }
  }

  boolean isTerminated() {
    return terminated;
  }

  @Override
  public String toString() {
    return "yamux session " + label;
  }
}
