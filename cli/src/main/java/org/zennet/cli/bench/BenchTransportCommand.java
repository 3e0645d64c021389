package org.zennet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zennet.protocol.bench.TransportBenchmark;
import org.zennet.protocol.bench.TransportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench transport}: the peer-to-peer transport between two hosts over loopback. */
@Command(name = "transport", mixinStandardHelpOptions = true,
    description = {
        "Measure the libp2p transport between two hosts in this process over loopback TCP: connection set-up "
            + "(TCP, multistream, TLS 1.3, yamux; median and p95), stream opens per second, throughput on 1 and on 100 "
            + "concurrent streams, and small varint-framed protobuf messages per second.",
        "Figures depend on the machine and its load; compare runs on the same machine."})
public final class BenchTransportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/transport.json",
      description = "Where to write the JSON report (relative to the working directory). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "50", description = "Connections to set up. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--streams", paramLabel = "N", defaultValue = "1000", description = "Streams to open. Default: ${DEFAULT-VALUE}.")
  int streams;

  @Option(names = "--mib", paramLabel = "N", defaultValue = "256", description = "MiB per throughput scenario. Default: ${DEFAULT-VALUE}.")
  long mib;

  @Option(names = "--bytes", paramLabel = "N", hidden = true, description = "Bytes per throughput scenario (overrides --mib; tests).")
  Long bytes;

  @Option(names = "--messages", paramLabel = "N", defaultValue = "100000", description = "Small messages to send. Default: ${DEFAULT-VALUE}.")
  int messages;

  @Override
  public Integer call() throws Exception {
    TransportBenchmark.Settings settings = new TransportBenchmark.Settings(connections, streams,
        bytes != null ? bytes : mib * 1024 * 1024, messages);
    PrintWriter err = spec.commandLine().getErr();
    TransportReport report = TransportBenchmark.run(settings, line -> {
      err.println("[bench transport] " + line);
      err.flush();
    });
    BenchOutput.publish(spec, report.table(), report::write, out);
    return 0;
  }
}
