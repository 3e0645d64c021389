package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.chain.Cursor;
import org.zennet.watcher.store.SqliteWatcherStore;
import org.zennet.watcher.store.WatchedChannel;
import org.zennet.watcher.store.WatcherStore;

class SqliteWatcherStoreTest {
  @TempDir Path dir;

  private static WatchedChannel channel(long id, long amount) {
    byte[] sig = new byte[65];
    sig[0] = (byte) amount;
    return new WatchedChannel(BigInteger.valueOf(id), "0x" + "1".repeat(40), "0x" + "2".repeat(40),
        BigInteger.valueOf(1000), BigInteger.ZERO, 0, ChannelInfo.State.OPEN,
        new SignedVoucher(new Voucher(id, BigInteger.valueOf(amount)), sig), 1);
  }

  @Test
  void keepsOnlyTheHighestVoucherAndComparesAmountsAsNumbers() throws Exception {
    try (SqliteWatcherStore store = SqliteWatcherStore.open(dir.resolve("w.sqlite"))) {
      assertThat(store.hold(channel(7, 9)).get()).isEqualTo(9);
      assertThat(store.hold(channel(7, 100)).get()).as("100 > 9 although '100' < '9' as text").isEqualTo(100);
      assertThat(store.hold(channel(7, 50)).get()).as("lower: kept 100").isEqualTo(100);
      assertThat(store.channel(BigInteger.valueOf(7)).orElseThrow().voucher().signature()[0]).isEqualTo((byte) 100);
    }
  }

  @Test
  void appliesEventsWithTheCursorAndSurvivesAReopen() throws Exception {
    Path file = dir.resolve("w.sqlite");
    try (SqliteWatcherStore store = SqliteWatcherStore.open(file)) {
      store.hold(channel(1, 400)).get();
      store.apply(new ChannelEvent.ToppedUp(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(2000)), new Cursor(5, 0)).get();
      store.apply(new ChannelEvent.Redeemed(BigInteger.ONE, "0x", BigInteger.valueOf(300), BigInteger.valueOf(300)),
          new Cursor(6, 1)).get();
      store.apply(new ChannelEvent.CloseStarted(BigInteger.ONE, 99), new Cursor(7, 0)).get();
      store.apply(new ChannelEvent.CloseStarted(BigInteger.TWO, 99), new Cursor(8, 3)).get(); // not held: cursor only
    }
    try (WatcherStore store = SqliteWatcherStore.open(file)) {
      WatchedChannel c = store.channel(BigInteger.ONE).orElseThrow();
      assertThat(c.deposit()).isEqualTo(2000);
      assertThat(c.paid()).isEqualTo(300);
      assertThat(c.state()).isEqualTo(ChannelInfo.State.CLOSING);
      assertThat(c.closesAt()).isEqualTo(99);
      assertThat(c.unredeemed()).isEqualTo(100);
      assertThat(store.unredeemed()).extracting(WatchedChannel::channelId).containsExactly(BigInteger.ONE);
      assertThat(store.cursor()).contains(new Cursor(8, 3));
      assertThat(store.channel(BigInteger.TWO)).isEmpty();
      store.apply(new ChannelEvent.Closed(BigInteger.ONE, BigInteger.valueOf(300), BigInteger.ZERO), new Cursor(9, 0)).get();
      assertThat(store.counts()).isEqualTo(new WatcherStore.Counts(1, 0, 0, 1));
      assertThat(store.unredeemed()).isEmpty();
    }
  }

  @Test
  void aReadOnlyStoreSeesWhatTheWriterCommittedAndCannotWrite() throws Exception {
    Path file = dir.resolve("w.sqlite");
    try (SqliteWatcherStore writer = SqliteWatcherStore.open(file)) {
      List<CompletableFuture<BigInteger>> burst = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        burst.add(writer.hold(channel(i, 10 + i)));
      }
      CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get();
      writer.recordRedeem("0xabc", List.of(BigInteger.ONE), BigInteger.TEN, 5).get();
      try (SqliteWatcherStore reader = SqliteWatcherStore.openReadOnly(file)) {
        assertThat(reader.counts().held()).isEqualTo(500);
        assertThat(reader.redeems()).containsExactly(new WatcherStore.Redeem("0xabc", 1, BigInteger.TEN, 5));
        assertThatThrownBy(() -> reader.hold(channel(1000, 1)).get()).hasMessageContaining("read-only");
      }
    }
    assertThatThrownBy(() -> SqliteWatcherStore.openReadOnly(dir.resolve("none.sqlite")))
        .hasMessageContaining("no watcher database");
  }
}
