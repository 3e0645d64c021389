package org.zennet.watcher.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.watcher.store.WatchedChannel;

/**
 * The watcher's HTTP API (Vert.x Web): {@code GET /health}, {@code GET /metrics} (Prometheus text) and a
 * provider's {@code GET /channels/{id}/status}, signed as {@link StatusSignature} says. Errors are JSON
 * {@code {"error": "..."}}: 400 malformed, 401 unsigned or stale, 403 signed by another key than the channel's
 * provider, 404 a channel the watcher holds nothing for. Database reads run off the event loop.
 */
public final class WatcherHttp {
  private static final Logger LOG = LoggerFactory.getLogger(WatcherHttp.class);
  /** Channel ids in paths are at most a uint256 in decimal (78 digits) or 0x-hex (66 characters). */
  private static final int MAX_ID_LENGTH = 80;

  /** What the API reads from the watcher. */
  public interface Source {
    /** The health document. */
    JsonObject health();

    /** The Prometheus text of every metric. */
    String metrics();

    /** A held channel. */
    Optional<WatchedChannel> channel(BigInteger id);

    long chainId();
  }

  private final Vertx vertx;
  private final Source source;
  private final Clock clock;
  private HttpServer server;

  public WatcherHttp(Vertx vertx, Source source, Clock clock) {
    this.vertx = vertx;
    this.source = source;
    this.clock = clock;
  }

  /** Listens on {@code host}:{@code port} (0: any free port); completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> blocking(ctx, source::health, h -> json(ctx, 200, h)));
    router.get("/metrics").handler(ctx -> blocking(ctx, source::metrics, text -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text)));
    router.get("/channels/:id/status").handler(this::status);
    router.route().last().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()
        + " (GET /health, /metrics, /channels/{id}/status)"));
    router.route().failureHandler(ctx -> {
      LOG.warn("HTTP {} failed: {}", ctx.request().path(), ctx.failure() == null ? ctx.statusCode() : ctx.failure().getMessage());
      error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, ctx.statusCode() == 405 ? "method not allowed" : "internal error");
    });
    server = vertx.createHttpServer(new HttpServerOptions().setMaxInitialLineLength(1024).setMaxHeaderSize(8192))
        .requestHandler(router);
    return server.listen(port, host).map(HttpServer::actualPort);
  }

  private void status(RoutingContext ctx) {
    String idText = ctx.pathParam("id");
    BigInteger id;
    try {
      id = parseId(idText);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    String ts = ctx.request().getHeader(StatusSignature.TIMESTAMP_HEADER);
    String sig = ctx.request().getHeader(StatusSignature.SIGNATURE_HEADER);
    if (ts == null || sig == null) {
      error(ctx, 401, "sign the request: headers " + StatusSignature.TIMESTAMP_HEADER + " and "
          + StatusSignature.SIGNATURE_HEADER + " (see docs/watcher.md)");
      return;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(ts.trim());
    } catch (NumberFormatException e) {
      error(ctx, 400, StatusSignature.TIMESTAMP_HEADER + " must be unix seconds");
      return;
    }
    if (Math.abs(clock.instant().getEpochSecond() - timestamp) > StatusSignature.MAX_SKEW_SECONDS) {
      error(ctx, 401, "the signed timestamp is stale (more than " + StatusSignature.MAX_SKEW_SECONDS
          + " s from the watcher's clock); sign a fresh request");
      return;
    }
    String signer;
    try {
      signer = StatusSignature.signer(sig.trim(), source.chainId(), id, timestamp);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    blocking(ctx, () -> source.channel(id), held -> {
      if (held.isEmpty()) {
        error(ctx, 404, "the watcher holds no voucher for channel " + id);
      } else if (!held.get().provider().equals(signer)) {
        error(ctx, 403, "the request is signed by " + signer + ", not by channel " + id + "'s provider");
      } else {
        WatchedChannel c = held.get();
        json(ctx, 200, new JsonObject().put("channelId", c.channelId().toString())
            .put("state", switch (c.state()) {
              case OPEN -> "OPEN";
              case CLOSING -> "CLOSING";
              case CLOSED -> "SETTLED";
              case NONE -> "UNKNOWN";
            })
            .put("heldAmount", c.held().toString()).put("redeemedAmount", c.paid().toString())
            .put("closeDeadline", c.closesAt()).put("deposit", c.deposit().toString())
            .put("provider", c.provider()).put("publisher", c.publisher()));
      }
    });
  }

  static BigInteger parseId(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("a channel id is a uint256 in decimal or 0x-hex");
    }
    try {
      BigInteger id = text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text, 10);
      if (id.signum() < 0 || id.bitLength() > 256) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a channel id (a uint256 in decimal or 0x-hex)");
    }
  }

  private <T> void blocking(RoutingContext ctx, Supplier<T> read, java.util.function.Consumer<T> respond) {
    vertx.executeBlocking(read::get, false)
        .onSuccess(respond::accept)
        .onFailure(e -> {
          LOG.warn("HTTP {}: {}", ctx.request().path(), e.getMessage());
          error(ctx, 500, "the watcher could not read its state: " + e.getMessage());
        });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      json(ctx, status, new JsonObject().put("error", message));
    }
  }

  /** Stops listening. */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
