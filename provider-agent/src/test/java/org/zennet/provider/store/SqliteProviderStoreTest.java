package org.zennet.provider.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;

/** The provider's database: what survives a reopen, and that a voucher never goes down. */
class SqliteProviderStoreTest {
  @TempDir Path dir;

  private static ProviderStore.Job job(long id) {
    return new ProviderStore.Job(BigInteger.valueOf(id), "0x" + "11".repeat(20), "/ip4/127.0.0.1/tcp/1", new byte[] {1},
        new byte[] {2}, new byte[65], new byte[65], BigInteger.valueOf(1000), 2, 10, BigInteger.valueOf(5000), 99, null, 0,
        0, ProviderStore.JobState.AGREED);
  }

  @Test
  void keepsJobsVouchersCursorAndDenyListAcrossAReopen() throws Exception {
    Path file = dir.resolve("p/provider.sqlite");
    Vouchers vouchers = new Vouchers(new VoucherDomain(1, "0x" + "aa".repeat(20)));
    Credentials publisher = Credentials.create(Keys.createEcKeyPair());
    SignedVoucher v300 = vouchers.sign(new Voucher(BigInteger.valueOf(4), BigInteger.valueOf(300)), publisher);
    SignedVoucher v200 = vouchers.sign(new Voucher(BigInteger.valueOf(4), BigInteger.valueOf(200)), publisher);
    try (SqliteProviderStore store = SqliteProviderStore.open(file)) {
      store.addJob(job(7));
      store.channelVerified(BigInteger.valueOf(7), BigInteger.valueOf(4));
      store.addResult(BigInteger.valueOf(7), 1_000);
      store.addResult(BigInteger.valueOf(7), 500);
      assertThat(store.commitVoucher(BigInteger.valueOf(7), v300)).isEqualTo(300);
      assertThat(store.commitVoucher(BigInteger.valueOf(7), v200)).as("a lower voucher never replaces a higher").isEqualTo(300);
      store.redeemed(BigInteger.valueOf(4), BigInteger.valueOf(250), false);
      store.saveCursor(new Cursor(42, 3));
      store.deny("0x" + "22".repeat(20), "stopped paying");
    }
    try (SqliteProviderStore store = SqliteProviderStore.open(file)) {
      ProviderStore.Job j = store.job(BigInteger.valueOf(7)).orElseThrow();
      assertThat(j.state()).isEqualTo(ProviderStore.JobState.WORKING);
      assertThat(j.channelId()).isEqualTo(4);
      assertThat(j.fuel()).isEqualTo(1_500);
      assertThat(j.tasks()).isEqualTo(2);
      ProviderStore.Money m = store.money(BigInteger.valueOf(4)).orElseThrow();
      assertThat(m.best()).isEqualTo(v300);
      assertThat(m.unredeemed()).isEqualTo(50);
      assertThat(store.cursor()).contains(new Cursor(42, 3));
      assertThat(store.denied()).containsExactly("0x" + "22".repeat(20));
    }
    try (SqliteProviderStore readOnly = SqliteProviderStore.openReadOnly(file)) {
      assertThat(readOnly.jobs()).hasSize(1);
      assertThatThrownBy(() -> readOnly.setState(BigInteger.valueOf(7), ProviderStore.JobState.CLOSED))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readOnlyRefusesAMissingOrForeignFile() throws Exception {
    assertThatThrownBy(() -> SqliteProviderStore.openReadOnly(dir.resolve("none.sqlite")))
        .hasMessageContaining("no provider database");
    Path junk = dir.resolve("junk.sqlite");
    Files.writeString(junk, "not a database");
    assertThatThrownBy(() -> SqliteProviderStore.openReadOnly(junk)).isInstanceOf(java.io.IOException.class);
  }
}
