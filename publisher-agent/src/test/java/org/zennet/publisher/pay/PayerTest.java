package org.zennet.publisher.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.publisher.store.PublisherStore;
import org.zennet.publisher.store.SqlitePublisherStore;

class PayerTest {
  @TempDir Path dir;
  private final Credentials key = Credentials.create(Keys.createEcKeyPair());
  private final Vouchers vouchers = new Vouchers(new VoucherDomain(31337, "0x" + "11".repeat(20)));
  private static final BigInteger CHANNEL = BigInteger.valueOf(2048);

  PayerTest() throws Exception {}

  private long setUp(PublisherStore store, BigInteger deposit) {
    long job = store.addJob(new PublisherStore.Job(0, BigInteger.ONE, new byte[] {1}, "j", "/ip4/127.0.0.1/tcp/1",
        new byte[0], "out", PublisherStore.JobState.RUNNING, 0, 0));
    store.addAgreement(new PublisherStore.Channel(job, "0xaa", "16Uiu2peer", new byte[] {1}, new byte[65], new byte[65],
        BigInteger.valueOf(3), 1, deposit, null, 0, BigInteger.ZERO, 0, false, false, 0));
    store.channelOpened(job, "0xaa", CHANNEL, deposit);
    return job;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void vouchersAreCumulativeRoundedOnTheTotalAndDurableBeforeTheyLeave() throws Exception {
    Path file = dir.resolve("p.sqlite");
    try (PublisherStore store = SqlitePublisherStore.open(file)) {
      long job = setUp(store, BigInteger.valueOf(1_000_000));
      try (Payer payer = new Payer(store, v -> vouchers.sign(v, key), 0)) {
        payer.open(store.channels(job).get(0));
        List<CompletableFuture<Payer.Payment>> payments = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          payments.add(payer.pay(CHANNEL, 333_333, false));
        }
        BigInteger previous = BigInteger.ZERO;
        for (CompletableFuture<Payer.Payment> p : payments) {
          SignedVoucher v = await(p).voucher();
          assertThat(v.voucher().cumulativeAmount()).isGreaterThanOrEqualTo(previous);
          assertThat(vouchers.recoverSigner(v)).isEqualToIgnoringCase(key.getAddress());
          previous = v.voucher().cumulativeAmount();
          // what a voucher says is already in the store
          assertThat(store.channels(job).get(0).signed()).isGreaterThanOrEqualTo(previous);
        }
        assertThat(previous).isEqualTo(BigInteger.valueOf(999));
      }
    }
    try (PublisherStore store = SqlitePublisherStore.open(file);
        Payer payer = new Payer(store, v -> vouchers.sign(v, key), 0)) {
      PublisherStore.Channel c = store.channels(1).get(0);
      assertThat(c.fuel()).isEqualTo(333_333_000L);
      assertThat(c.tasks()).isEqualTo(1000);
      payer.open(c);
      assertThat(await(payer.pay(CHANNEL, 1_000_000, false)).voucher().voucher().cumulativeAmount())
          .as("a restart continues from the committed totals").isEqualTo(BigInteger.valueOf(1002));
    }
  }

  @Test
  void aVoucherNeverExceedsTheDepositUntilATopUp() throws Exception {
    try (PublisherStore store = SqlitePublisherStore.open(dir.resolve("q.sqlite"))) {
      long job = setUp(store, BigInteger.TEN);
      try (Payer payer = new Payer(store, v -> vouchers.sign(v, key), 0)) {
        payer.open(store.channels(job).get(0));
        Payer.Payment p = await(payer.pay(CHANNEL, 5_000_000, false));
        assertThat(p.voucher().voucher().cumulativeAmount()).isEqualTo(BigInteger.TEN);
        assertThat(p.owed()).isEqualTo(BigInteger.valueOf(15));
        assertThat(p.depositShort()).isTrue();
        payer.depositRaised(CHANNEL, BigInteger.valueOf(100));
        Payer.Payment after = await(payer.resend(CHANNEL));
        assertThat(after.voucher().voucher().cumulativeAmount()).isEqualTo(BigInteger.valueOf(15));
        assertThat(after.depositShort()).isFalse();
        assertThat(store.channels(job).get(0).tasks()).isEqualTo(1);
      }
    }
  }

  @Test
  void resultsBelowTheBatchShareAVoucherAndAreDurableBeforeIt() throws Exception {
    Path file = dir.resolve("b.sqlite");
    AtomicInteger signatures = new AtomicInteger();
    try (PublisherStore store = SqlitePublisherStore.open(file)) {
      long job = setUp(store, BigInteger.valueOf(1_000_000));
      try (Payer payer = new Payer(store, v -> {
        signatures.incrementAndGet();
        return vouchers.sign(v, key);
      }, 2_500_000)) {
        payer.open(store.channels(job).get(0));
        assertThat(await(payer.pay(CHANNEL, 1_000_000, true)).hasVoucher()).isFalse();
        assertThat(payer.hasUnsigned(CHANNEL)).isTrue();
        assertThat(store.channels(job).get(0).fuel()).as("committed though not yet signed").isEqualTo(1_000_000);
        assertThat(store.channels(job).get(0).signed()).isZero();
        assertThat(await(payer.pay(CHANNEL, 1_000_000, true)).hasVoucher()).isFalse();
        Payer.Payment third = await(payer.pay(CHANNEL, 1_000_000, true));
        assertThat(third.voucher().voucher().cumulativeAmount()).as("the batch is full: 3 Mfuel at 3 wei")
            .isEqualTo(BigInteger.valueOf(9));
        assertThat(await(payer.pay(CHANNEL, 1_000_000, true)).hasVoucher()).isFalse();
        Payer.Payment flushed = await(payer.resend(CHANNEL));
        assertThat(flushed.voucher().voucher().cumulativeAmount()).isEqualTo(BigInteger.valueOf(12));
        assertThat(payer.hasUnsigned(CHANNEL)).isFalse();
        assertThat(await(payer.pay(CHANNEL, 1_000_000, false)).voucher().voucher().cumulativeAmount())
            .as("the last result of a run signs at once").isEqualTo(BigInteger.valueOf(15));
        assertThat(signatures).hasValue(3);
      }
    }
    try (PublisherStore store = SqlitePublisherStore.open(file);
        Payer payer = new Payer(store, v -> vouchers.sign(v, key), 2_500_000)) {
      PublisherStore.Channel c = store.channels(1).get(0);
      assertThat(c.fuel()).isEqualTo(5_000_000L);
      assertThat(c.signed()).isEqualTo(BigInteger.valueOf(15));
      payer.open(c);
      assertThat(await(payer.pay(CHANNEL, 1_000_000, true)).hasVoucher()).isFalse();
      assertThat(await(payer.resend(CHANNEL)).voucher().voucher().cumulativeAmount())
          .as("after a restart, from the committed totals").isEqualTo(BigInteger.valueOf(18));
    }
  }

  @Test
  void oneSignaturePerChannelPerCommitGroupForItsLatestTotal() throws Exception {
    AtomicInteger signatures = new AtomicInteger();
    CountDownLatch queued = new CountDownLatch(1);
    try (PublisherStore store = SqlitePublisherStore.open(dir.resolve("g.sqlite"))) {
      long job = setUp(store, BigInteger.valueOf(1_000_000));
      try (Payer payer = new Payer(store, v -> {
        if (signatures.incrementAndGet() == 1) {
          awaitUninterruptibly(queued); // holds the writer on the first group while the others queue up
        }
        return vouchers.sign(v, key);
      }, 0)) {
        payer.open(store.channels(job).get(0));
        List<CompletableFuture<Payer.Payment>> payments = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          payments.add(payer.pay(CHANNEL, 1_000_000, false));
        }
        queued.countDown();
        BigInteger previous = BigInteger.ZERO;
        for (CompletableFuture<Payer.Payment> p : payments) {
          BigInteger amount = await(p).voucher().voucher().cumulativeAmount();
          assertThat(amount).isGreaterThanOrEqualTo(previous);
          previous = amount;
        }
        assertThat(previous).isEqualTo(BigInteger.valueOf(1500));
        assertThat(signatures.get()).as("the first group, then all that queued behind it: 500 payments, 2 signatures")
            .isBetween(1, 2);
      }
    }
  }
}
