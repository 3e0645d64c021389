package org.zennet.watcher.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelEvent;

/** Opens channels as a publisher for the benchmark and the tests: escrow, then {@code openChannels} in batches. */
public final class OpenChannels {
  /** Channels per {@code openChannels} (well inside a block's gas). */
  public static final int BATCH = 400;

  private OpenChannels() {}

  /**
   * Deposits what the channels need and opens one channel of {@code deposit} wei to each of {@code providers}
   * (repeats allowed), for job {@code jobId}.
   *
   * @return the channel ids, in the order of {@code providers}
   */
  public static List<BigInteger> open(ZennetContracts publisher, BigInteger jobId, List<String> providers,
      BigInteger deposit) throws Exception {
    BigInteger total = deposit.multiply(BigInteger.valueOf(providers.size()));
    publisher.xen().approve(publisher.channels().address(), total).get(2, TimeUnit.MINUTES);
    publisher.channels().deposit(total).get(2, TimeUnit.MINUTES);
    List<BigInteger> ids = new ArrayList<>();
    var pending = new ArrayList<java.util.concurrent.CompletableFuture<org.zennet.contracts.channel.PaymentChannelsClient.Opened>>();
    for (int from = 0; from < providers.size(); from += BATCH) {
      List<String> batch = providers.subList(from, Math.min(providers.size(), from + BATCH));
      pending.add(publisher.channels().openChannels(jobId, batch, Collections.nCopies(batch.size(), deposit)));
    }
    for (var p : pending) {
      p.get(5, TimeUnit.MINUTES).channels().stream().map(ChannelEvent.Opened::channelId).forEach(ids::add);
    }
    return ids;
  }
}
