package org.zennet.watcher.bench;

import org.zennet.contracts.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@link WatcherBenchmark}: a table for people, a JSON for scripts ({@code bench/watcher.json}).
 *
 * @param channels channels held
 * @param providers providers delegating (one stream each, all at once)
 * @param openSeconds opening the channels (setup, not the watcher)
 * @param delegationSeconds from the first delegation to the last acknowledgement
 * @param delegationsPerSecond {@code channels / delegationSeconds}
 * @param heapMiB JVM heap in use after the delegations (the watcher and the simulated providers' leftovers), after a GC
 * @param databaseMiB the watcher's SQLite file
 * @param burst channels whose close was started at once
 * @param burstSeconds sending the burst of {@code startClose} until the last was mined
 * @param redeemAfterBurstSeconds from the last {@code CloseStarted} mined to every one of the burst redeemed
 * @param closeToRedeemedSeconds from the first {@code startClose} sent to every one of the burst redeemed
 * @param redeemed channels of the burst redeemed
 * @param redeemTransactions {@code redeemMany} transactions the watcher sent
 * @param runSeconds the whole benchmark, chain start to end
 */
public record WatcherBenchReport(String timestamp, Map<String, String> environment, WatcherBenchmark.Config config,
    int channels, int providers, double openSeconds, double delegationSeconds, double delegationsPerSecond,
    long heapMiB, long databaseMiB, int burst, double burstSeconds, double redeemAfterBurstSeconds,
    double closeToRedeemedSeconds, int redeemed, int redeemTransactions, double runSeconds) {
  public static final int SCHEMA_VERSION = 1;

  public String table() {
    StringBuilder t = new StringBuilder();
    String row = "%-44s %14s%n";
    t.append(String.format(Locale.ROOT, row, "watcher benchmark", "value"));
    t.append(String.format(Locale.ROOT, row, "channels held / providers", channels + " / " + providers));
    t.append(String.format(Locale.ROOT, row, "delegations (all providers at once), s", f(delegationSeconds)));
    t.append(String.format(Locale.ROOT, row, "delegations per second", String.format(Locale.ROOT, "%.0f", delegationsPerSecond)));
    t.append(String.format(Locale.ROOT, row, "heap in use after delegations, MiB", heapMiB));
    t.append(String.format(Locale.ROOT, row, "database, MiB", databaseMiB));
    t.append(String.format(Locale.ROOT, row, "burst of startClose", burst));
    t.append(String.format(Locale.ROOT, row, "burst sent and mined, s", f(burstSeconds)));
    t.append(String.format(Locale.ROOT, row, "last CloseStarted -> all redeemed, s", f(redeemAfterBurstSeconds)));
    t.append(String.format(Locale.ROOT, row, "first startClose -> all redeemed, s", f(closeToRedeemedSeconds)));
    t.append(String.format(Locale.ROOT, row, "redeemed / redeemMany transactions", redeemed + " / " + redeemTransactions));
    t.append(String.format(Locale.ROOT, row, "whole run (chain, channels, all), s", f(runSeconds)));
    t.append("Heap is of the whole JVM (the watcher and the simulated providers); the chain is anvil, mining on demand.\n");
    return t.toString();
  }

  private static String f(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }

  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
        Map.of("schemaVersion", SCHEMA_VERSION, "benchmark", "watcher", "report", this)));
  }

}
