package org.zennet.cli.peer;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.zennet.cli.UserError;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.multiaddr.InvalidMultiaddrException;
import org.zennet.protocol.multiaddr.Multiaddr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet peer listen}. */
@Command(name = "listen", mixinStandardHelpOptions = true,
    description = {"Listen for libp2p peers and serve ping (/ipfs/ping/1.0.0) and identify (/ipfs/id/1.0.0) until Ctrl-C.",
        "The first line of output is this peer's full address, /ip4/.../tcp/.../p2p/<peer-id>, to give to 'zennet peer ping' "
            + "or any libp2p tool."})
public final class PeerListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostKeyOptions key = new HostKeyOptions();

  @Option(names = "--listen", paramLabel = "MULTIADDR", defaultValue = "/ip4/127.0.0.1/tcp/0",
      description = "Where to listen (port 0: any free port). Default: ${DEFAULT-VALUE}.")
  String listen;

  @Override
  public Integer call() throws Exception {
    Multiaddr address = parse(listen);
    Vertx vertx = Vertx.vertx();
    Host host = Host.create(vertx, key.hostKey(), HostConfig.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      host.close().eventually(vertx::close).onComplete(ar -> stopped.countDown());
      try {
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "zennet-peer-listen-shutdown");
    try {
      Multiaddr bound = host.listen(address).await(30, TimeUnit.SECONDS);
      PrintWriter out = spec.commandLine().getOut();
      out.println(bound);
      out.println("Serving " + String.join(", ", host.protocols()) + " as " + host.peerId() + "; Ctrl-C stops.");
      out.flush();
    } catch (Exception e) {
      host.close().eventually(vertx::close);
      throw new UserError("cannot listen on " + address + ": " + e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }

  static Multiaddr parse(String text) {
    try {
      return Multiaddr.parse(text);
    } catch (InvalidMultiaddrException e) {
      throw new UserError("'" + text + "' is not a multiaddr: " + e.getMessage(), 2);
    }
  }
}
