package org.zennet.contracts.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a chain node's JSON-RPC port (HTTP and WebSocket alike, as anvil serves both on one
 * port) that can simulate an outage: {@link #cut()} drops every open connection and refuses new ones (they are
 * accepted and closed at once, as a node that is down behind a load balancer), {@link #restore()} lets them
 * through again. Give an agent {@link #url()} and {@link #wsUrl()} instead of the node's.
 *
 * <pre>
 * try (RpcOutageProxy proxy = RpcOutageProxy.start(dev.httpUrl())) {
 *   ... connect to proxy.url() / proxy.wsUrl() ...
 *   proxy.cut(); Thread.sleep(10_000); proxy.restore();
 * }
 * </pre>
 */
public final class RpcOutageProxy implements AutoCloseable {
  private final URI target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean cut;
  private volatile boolean closed;

  private RpcOutageProxy(URI target, ServerSocket server) {
    this.target = target;
    this.server = server;
    this.acceptor = Thread.ofVirtual().name("rpc-outage-proxy").start(this::accept);
  }

  /** Starts a proxy on a free loopback port forwarding to {@code target}'s host and port. */
  public static RpcOutageProxy start(URI target) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new RpcOutageProxy(target, server);
  }

  /** The proxy's HTTP JSON-RPC URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The proxy's WebSocket JSON-RPC URL (the same port). */
  public URI wsUrl() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort());
  }

  /** Starts an outage: open connections are dropped, new ones closed as soon as they are accepted. */
  public void cut() {
    cut = true;
    open.forEach(RpcOutageProxy::closeQuietly);
    open.clear();
  }

  /** Ends the outage: connections go through again. */
  public void restore() {
    cut = false;
  }

  /** Whether an outage is on. */
  public boolean isCut() {
    return cut;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      Socket upstream;
      try {
        upstream = new Socket(target.getHost(), target.getPort());
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      open.add(upstream);
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (cut) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or the outage cut it
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    cut();
    acceptor.interrupt();
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
