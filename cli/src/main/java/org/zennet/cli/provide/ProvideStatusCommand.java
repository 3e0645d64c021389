package org.zennet.cli.provide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zennet.cli.StateDir;
import org.zennet.cli.UserError;
import org.zennet.contracts.Xen;
import org.zennet.protocol.wire.Pricing;
import org.zennet.provider.ProviderConfig;
import org.zennet.provider.store.ProviderStore;
import org.zennet.provider.store.SqliteProviderStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet provide status}: what the provider's database says, without the chain or a running agent. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the provider's jobs and channels, and the XEN earned, redeemed and not yet redeemed, from its "
        + "database (read-only: works while the agent runs, touches no chain).")
public final class ProvideStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The provider's YAML config.")
  Path configFile;

  @Option(names = "--json", description = "Print a JSON document instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ProviderConfig config = ProvideCommand.load(configFile, state);
    Path database = config.database(config.dataDir());
    List<ProviderStore.Job> jobs;
    Map<BigInteger, ProviderStore.Money> money = new LinkedHashMap<>();
    try (SqliteProviderStore store = SqliteProviderStore.openReadOnly(database)) {
      jobs = store.jobs();
      store.money().forEach(m -> money.put(m.channelId(), m));
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
    BigInteger earned = BigInteger.ZERO;
    BigInteger redeemed = BigInteger.ZERO;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ProviderStore.Job j : jobs) {
      ProviderStore.Money m = j.channelId() == null ? null : money.get(j.channelId());
      BigInteger held = m == null ? BigInteger.ZERO : m.held();
      BigInteger out = m == null ? BigInteger.ZERO : m.redeemed();
      earned = earned.add(held);
      redeemed = redeemed.add(out);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("job", j.jobId().toString());
      row.put("publisher", j.publisher());
      row.put("state", j.state().name());
      row.put("channel", j.channelId() == null ? null : j.channelId().toString());
      row.put("pricePerMegaFuel", j.price().toString());
      row.put("slots", j.slots());
      row.put("tasks", j.tasks());
      row.put("fuel", j.fuel());
      row.put("owed", Xen.format(Pricing.owed(j.fuel(), j.price())));
      row.put("earned", Xen.format(held));
      row.put("redeemed", Xen.format(out));
      row.put("unredeemed", Xen.format(held.subtract(out).max(BigInteger.ZERO)));
      row.put("closed", m != null && m.closed());
      rows.add(row);
    }
    PrintWriter out = spec.commandLine().getOut();
    BigInteger unredeemed = earned.subtract(redeemed).max(BigInteger.ZERO);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("database", database.toString());
      doc.put("jobs", rows);
      doc.put("earned", Xen.format(earned));
      doc.put("redeemed", Xen.format(redeemed));
      doc.put("unredeemed", Xen.format(unredeemed));
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      return 0;
    }
    out.printf("%-8s %-42s %-9s %-8s %7s %16s %14s %14s %14s%n", "job", "publisher", "state", "channel", "tasks", "fuel",
        "earned XEN", "redeemed XEN", "unredeemed XEN");
    for (Map<String, Object> r : rows) {
      out.printf("%-8s %-42s %-9s %-8s %7d %,16d %14s %14s %14s%n", r.get("job"), r.get("publisher"), r.get("state"),
          r.get("channel") == null ? "-" : r.get("channel"), (Long) r.get("tasks"), (Long) r.get("fuel"),
          r.get("earned"), r.get("redeemed"), r.get("unredeemed"));
    }
    out.printf("%d jobs; earned %s XEN, redeemed %s XEN, unredeemed %s XEN%n", rows.size(), Xen.format(earned),
        Xen.format(redeemed), Xen.format(unredeemed));
    return 0;
  }
}
