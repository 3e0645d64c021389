package org.zennet.publisher.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BidBookTest {
  private static BidBook.Offer offer(String provider, long price, long fuelPerSecond) {
    return new BidBook.Offer(provider, BigInteger.valueOf(price), 1, fuelPerSecond);
  }

  @Test
  void theWindowsBestBidsWinByPriceThenReputationThenSpeed() {
    Map<String, Long> bad = Map.of("shady", 3L);
    BidBook book = new BidBook(3, p -> bad.getOrDefault(p, 0L));
    CompletableFuture<Boolean> expensive = book.offer(offer("expensive", 20, 9));
    CompletableFuture<Boolean> shady = book.offer(offer("shady", 10, 9));
    CompletableFuture<Boolean> slow = book.offer(offer("slow", 10, 1));
    CompletableFuture<Boolean> fast = book.offer(offer("fast", 10, 5));
    CompletableFuture<Boolean> cheap = book.offer(offer("cheap", 5, 1));
    assertThat(cheap).isNotDone();

    book.closeWindow();

    assertThat(cheap).isCompletedWithValue(true);
    assertThat(fast).isCompletedWithValue(true);
    assertThat(slow).isCompletedWithValue(true);
    assertThat(shady).as("same price, but bad results in the reputation store").isCompletedWithValue(false);
    assertThat(expensive).isCompletedWithValue(false);
  }

  @Test
  void afterTheWindowBidsAreTakenWhileThereIsRoomAndAWithdrawnPlaceIsFreeAgain() {
    BidBook book = new BidBook(1, p -> 0);
    book.closeWindow();
    assertThat(book.offer(offer("a", 1, 1))).isCompletedWithValue(true);
    assertThat(book.offer(offer("b", 1, 1))).isCompletedWithValue(false);
    assertThat(book.awaitingAgreements()).isEqualTo(1);
    book.withdrawn("a");
    assertThat(book.offer(offer("b", 1, 1))).isCompletedWithValue(true);
    book.agreementCompleted("b");
    assertThat(book.awaitingAgreements()).isZero();
    assertThat(book.offer(offer("b", 1, 1))).as("a provider is taken once").isCompletedWithValue(false);
  }

  @Test
  void aSecondBidInTheWindowReplacesTheFirst() {
    BidBook book = new BidBook(2, p -> 0);
    CompletableFuture<Boolean> first = book.offer(offer("a", 9, 1));
    CompletableFuture<Boolean> second = book.offer(offer("a", 8, 1));
    assertThat(first).isCompletedWithValue(false);
    book.closeWindow();
    assertThat(second).isCompletedWithValue(true);
    assertThat(book.accepted()).isEqualTo(1);
  }
}
