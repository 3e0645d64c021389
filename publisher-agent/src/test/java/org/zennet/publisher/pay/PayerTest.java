package org.zennet.publisher.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void vouchersAreCumulativeRoundedOnTheTotalAndDurableBeforeTheyLeave() throws Exception {
    Path file = dir.resolve("p.sqlite");
    try (PublisherStore store = SqlitePublisherStore.open(file)) {
      long job = setUp(store, BigInteger.valueOf(1_000_000));
      try (Payer payer = new Payer(store, v -> vouchers.sign(v, key))) {
        payer.open(store.channels(job).get(0));
        List<CompletableFuture<Payer.Payment>> payments = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          payments.add(payer.pay(CHANNEL, 333_333));
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
        Payer payer = new Payer(store, v -> vouchers.sign(v, key))) {
      PublisherStore.Channel c = store.channels(1).get(0);
      assertThat(c.fuel()).isEqualTo(333_333_000L);
      assertThat(c.tasks()).isEqualTo(1000);
      payer.open(c);
      assertThat(await(payer.pay(CHANNEL, 1_000_000)).voucher().voucher().cumulativeAmount())
          .as("a restart continues from the committed totals").isEqualTo(BigInteger.valueOf(1002));
    }
  }

  @Test
  void aVoucherNeverExceedsTheDepositUntilATopUp() throws Exception {
    try (PublisherStore store = SqlitePublisherStore.open(dir.resolve("q.sqlite"))) {
      long job = setUp(store, BigInteger.TEN);
      try (Payer payer = new Payer(store, v -> vouchers.sign(v, key))) {
        payer.open(store.channels(job).get(0));
        Payer.Payment p = await(payer.pay(CHANNEL, 5_000_000));
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
}
