package org.zennet.publisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.zennet.contracts.Xen;

/**
 * What a job did: its tasks, who worked and what each was paid, what it cost on chain, how long it took,
 * and where the result is. Written as {@code summary.json} in the results folder.
 *
 * @param name the job
 * @param jobId its id on chain
 * @param tasks tasks in the job
 * @param failedTasks tasks given up (a job with any is not a success)
 * @param unverifiedTasks sampled tasks accepted without a second provider
 * @param totalFuel fuel of every result paid for
 * @param spentWei XEN wei signed to providers in all
 * @param providers per provider
 * @param transactions the publisher's chain transactions
 * @param totalGas their gas
 * @param wallTimeMillis from start (or resume) to the end
 * @param startedAt when this run of the job started (or resumed), epoch milliseconds
 * @param firstResultAt when its first task settled, epoch milliseconds; 0 when none did
 * @param lastResultAt when its last task settled, epoch milliseconds; 0 when none did
 * @param result the final result file, or null when the job has no reduce step
 * @param output the results folder
 * @param state where the job ended: DONE, CLOSING (channels left to settle) or FAILED
 */
public record JobReport(String name, BigInteger jobId, int tasks, List<Integer> failedTasks, int unverifiedTasks,
    long totalFuel, BigInteger spentWei, List<ProviderShare> providers, List<Tx> transactions, long totalGas,
    long wallTimeMillis, long startedAt, long firstResultAt, long lastResultAt, String result, String output,
    String state) {

  /** One provider's part. */
  public record ProviderShare(String provider, BigInteger channelId, long tasksPaid, long fuel, BigInteger paidWei,
      BigInteger pricePerMegaFuel, boolean cutOff) {}

  /** One chain transaction. */
  public record Tx(String kind, String hash, long gasUsed) {}

  public boolean succeeded() {
    return failedTasks.isEmpty() && !"FAILED".equals(state);
  }

  /** A table for people. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("job %s (id %s): %d tasks, %d failed, %d unverified, %s fuel, %s s%n", name, jobId,
        tasks, failedTasks.size(), unverifiedTasks, String.format("%,d", totalFuel),
        String.format("%.1f", wallTimeMillis / 1000.0)));
    out.append(String.format("%-44s %8s %6s %16s %14s %s%n", "provider", "channel", "tasks", "fuel", "paid XEN", ""));
    for (ProviderShare p : providers) {
      out.append(String.format("%-44s %8s %6d %16s %14s %s%n", p.provider(), p.channelId() == null ? "-" : p.channelId(),
          p.tasksPaid(), String.format("%,d", p.fuel()), Xen.format(p.paidWei()), p.cutOff() ? "CUT OFF" : ""));
    }
    out.append(String.format("spent %s XEN; %d transactions, %,d gas%n", Xen.format(spentWei), transactions.size(),
        totalGas));
    if (result != null) {
      out.append("result: ").append(result).append('\n');
    }
    return out.toString();
  }

  /** Writes {@code summary.json} into the results folder. */
  public Path write() throws IOException {
    Path file = Path.of(output).resolve("summary.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(this));
    return file;
  }
}
