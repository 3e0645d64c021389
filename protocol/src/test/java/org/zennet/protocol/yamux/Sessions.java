package org.zennet.protocol.yamux;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.zennet.protocol.wire.MemoryPipe;

/** A client and a server session connected over an in-memory pipe or loopback TCP. */
final class Sessions implements AutoCloseable {
  enum Transport { MEMORY, TCP }

  final YamuxSession client;
  final YamuxSession server;
  private final NetServer netServer;
  private final NetClient netClient;

  private Sessions(YamuxSession client, YamuxSession server, NetServer netServer, NetClient netClient) {
    this.client = client;
    this.server = server;
    this.netServer = netServer;
    this.netClient = netClient;
  }

  static Sessions connect(Vertx vertx, Transport transport, YamuxConfig config) throws Exception {
    return connect(vertx, transport, config, config);
  }

  static Sessions connect(Vertx vertx, Transport transport, YamuxConfig clientConfig, YamuxConfig serverConfig)
      throws Exception {
    if (transport == Transport.MEMORY) {
      MemoryPipe.Pair pipe = MemoryPipe.create(vertx);
      YamuxSession server = YamuxSession.server(vertx, pipe.right(), pipe.right(), serverConfig);
      YamuxSession client = YamuxSession.client(vertx, pipe.left(), pipe.left(), clientConfig);
      return new Sessions(client, server, null, null);
    }
    Promise<YamuxSession> serverSession = Promise.promise();
    NetServer netServer = vertx.createNetServer()
        .connectHandler(socket -> serverSession.tryComplete(YamuxSession.server(vertx, socket, serverConfig)));
    netServer.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    NetClient netClient = vertx.createNetClient();
    NetSocket socket = netClient.connect(netServer.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    YamuxSession client = YamuxSession.client(vertx, socket, clientConfig);
    YamuxSession server = serverSession.future().await(10, TimeUnit.SECONDS);
    return new Sessions(client, server, netServer, netClient);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** The failure of {@code future}, awaited. */
  static Throwable failure(Future<?> future) {
    try {
      await(future.transform(ar -> ar.succeeded()
          ? Future.failedFuture(new AssertionError("expected a failure but got " + ar.result()))
          : Future.succeededFuture(ar.cause())));
    } catch (AssertionError e) {
      throw e;
    }
    return await(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }

  @Override
  public void close() {
    await(Future.join(client.close(), server.close()).transform(ar -> Future.succeededFuture()));
    if (netClient != null) {
      await(netClient.close());
    }
    if (netServer != null) {
      await(netServer.close());
    }
  }
}
