package org.zennet.publisher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.publisher.schedule.TaskOutcome;
import org.zennet.publisher.store.PublisherStore.Channel;
import org.zennet.publisher.store.PublisherStore.JobState;

class SqlitePublisherStoreTest {
  @TempDir Path dir;

  private static PublisherStore.Job job(byte[] manifest) {
    return new PublisherStore.Job(0, BigInteger.valueOf(7), manifest, "job.yaml", "/ip4/127.0.0.1/tcp/7400",
        new byte[] {5}, "out/x", JobState.POSTED, 1000, 2000);
  }

  private static Channel agreement(long job, String provider) {
    return new Channel(job, provider, "16Uiu2peer", new byte[] {1, 2}, new byte[65], new byte[65], BigInteger.TEN, 2,
        BigInteger.valueOf(1000), null, 0, BigInteger.ZERO, 0, false, false, 0);
  }

  @Test
  void everythingSurvivesAReopen() throws Exception {
    Path file = dir.resolve("state/publisher.sqlite");
    byte[] manifest = "{\"m\":1}".getBytes();
    long id;
    try (PublisherStore store = SqlitePublisherStore.open(file)) {
      id = store.addJob(job(manifest));
      store.addAgreement(agreement(id, "0xaa"));
      store.addAgreement(agreement(id, "0xbb"));
      store.channelOpened(id, "0xaa", BigInteger.valueOf(1024), BigInteger.valueOf(1500));
      store.commitPayments(List.of(new PublisherStore.Payment(BigInteger.valueOf(1024), 3_000_000, BigInteger.valueOf(30), 3)));
      store.settle(id, new PublisherStore.Settled(4, new TaskOutcome("c".repeat(64), 99, 0, 12), true));
      store.addTransaction(new PublisherStore.ChainTx(id, "postJob", "0x01", 56_000));
      store.recordReputation("0xbb", 0, 1, true);
      store.recordReputation("0xbb", 2, 0, false);
      store.setJobState(id, JobState.RUNNING);
    }
    try (PublisherStore store = SqlitePublisherStore.open(file)) {
      String sha = HexFormat.of().formatHex(JobManifest.sha256(manifest));
      assertThat(store.unfinishedJob(sha)).get().extracting(PublisherStore.Job::state).isEqualTo(JobState.RUNNING);
      List<Channel> channels = store.channels(id);
      assertThat(channels).hasSize(2);
      Channel a = channels.get(0);
      assertThat(a.channelId()).isEqualTo(BigInteger.valueOf(1024));
      assertThat(a.deposit()).isEqualTo(BigInteger.valueOf(1500));
      assertThat(a.fuel()).isEqualTo(3_000_000);
      assertThat(a.signed()).isEqualTo(BigInteger.valueOf(30));
      assertThat(channels.get(1).channelId()).isNull();
      assertThat(store.settled(id)).containsExactly(
          new PublisherStore.Settled(4, new TaskOutcome("c".repeat(64), 99, 0, 12), true));
      assertThat(store.transactions(id)).extracting(PublisherStore.ChainTx::gasUsed).containsExactly(56_000L);
      assertThat(store.reputation("0xbb")).contains(new PublisherStore.Reputation("0xbb", 2, 1, true));
      store.setJobState(id, JobState.DONE);
      assertThat(store.unfinishedJob(sha)).isEmpty();
    }
  }

  @Test
  void aSecondAgreementForTheSameProviderAndJobIsRefused() throws Exception {
    try (PublisherStore store = SqlitePublisherStore.open(dir.resolve("p.sqlite"))) {
      long id = store.addJob(job(new byte[] {1}));
      store.addAgreement(agreement(id, "0xaa"));
      assertThatThrownBy(() -> store.addAgreement(agreement(id, "0xaa"))).isInstanceOf(StoreException.class)
          .hasMessageContaining("recording an agreement");
      assertThat(store.channels(id)).hasSize(1);
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsAClearError() throws Exception {
    Path bogus = Files.writeString(dir.resolve("bogus.sqlite"), "this is not sqlite at all, not even close...");
    assertThatThrownBy(() -> SqlitePublisherStore.open(bogus)).hasMessageContaining("cannot open the publisher database");
  }
}
