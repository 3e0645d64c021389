package org.zennet.cli.peer;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.zennet.cli.UserError;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.PeerConnection;
import org.zennet.protocol.multiaddr.Multiaddr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zennet peer ping}. */
@Command(name = "ping", mixinStandardHelpOptions = true,
    description = "Connect to a libp2p peer (ours or any stock libp2p peer with TLS and yamux) and ping it over /ipfs/ping/1.0.0.")
public final class PeerPingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostKeyOptions key = new HostKeyOptions();

  @Parameters(paramLabel = "MULTIADDR", description = "The peer, /ip4/<ip>/tcp/<port>/p2p/<peer-id> (the /p2p part is checked when given).")
  String target;

  @Option(names = "--count", paramLabel = "N", defaultValue = "3", description = "How many pings. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 10_000) {
      throw new UserError("--count must be between 1 and 10000, not " + count, 2);
    }
    Multiaddr address = PeerListenCommand.parse(target);
    Vertx vertx = Vertx.vertx();
    Host host = Host.create(vertx, key.hostKey(), HostConfig.DEFAULT.withStreamTimeout(Duration.ofSeconds(timeoutSeconds)));
    PrintWriter out = spec.commandLine().getOut();
    try {
      long started = System.nanoTime();
      PeerConnection connection = host.connect(address).await(timeoutSeconds, TimeUnit.SECONDS);
      out.printf("Connected to %s in %.1f ms (TLS 1.3, %s)%n", connection.remotePeerId(),
          (System.nanoTime() - started) / 1e6, "yamux");
      List<Duration> rtts = connection.ping(count).await((long) timeoutSeconds * count, TimeUnit.SECONDS);
      for (int i = 0; i < rtts.size(); i++) {
        out.printf("ping %d: %.3f ms%n", i + 1, rtts.get(i).toNanos() / 1e6);
      }
      double[] ms = rtts.stream().mapToDouble(d -> d.toNanos() / 1e6).sorted().toArray();
      out.printf("%d pings: min %.3f ms, median %.3f ms, max %.3f ms%n", ms.length, ms[0], ms[ms.length / 2], ms[ms.length - 1]);
      return 0;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UserError("no answer from " + address + " within " + timeoutSeconds + " s");
    } catch (UserError e) {
      throw e;
    } catch (Exception e) {
      throw new UserError("cannot ping " + address + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } finally {
      host.close().eventually(vertx::close).await(5, TimeUnit.SECONDS);
    }
  }
}
