package org.zennet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.zennet.contracts.testkit.ObservedErrors;

/**
 * Every custom error JobMarket, PaymentChannels and ValidatorElection declare is reached by some test of this run: the contract
 * tests record each revert they decode in {@link ObservedErrors}, and this class, ordered last (Failsafe runs
 * the ITs with {@code ClassOrderer.OrderAnnotation}), compares that with the errors in the compiled ABIs.
 * When only some ITs were selected ({@code -Dit.test=...}) the check is skipped, not failed.
 */
@Order(Integer.MAX_VALUE)
class ErrorCoverageIT {

  @Test
  void everyCustomErrorOfTheMarketTheChannelsAndTheElectionIsReachedByATest() {
    assumeFalse(System.getProperty("it.test") != null, "only some ITs were selected (-Dit.test)");
    Set<String> declared = new TreeSet<>(ObservedErrors.declared("JobMarket", "JobMarket"));
    declared.addAll(ObservedErrors.declared("PaymentChannels", "PaymentChannels"));
    declared.addAll(ObservedErrors.declared("ValidatorElection", "ValidatorElection"));
    assertThat(declared).as("errors in the ABIs").contains("JobMarketUnknownJob", "PaymentChannelsNothingToRedeem",
        "ValidatorElectionEpochNotOver");

    Set<String> missing = new TreeSet<>(declared);
    missing.removeAll(ObservedErrors.observed());

    assertThat(missing).as("errors no test reached (observed: %s)", ObservedErrors.observed()).isEmpty();
  }
}
