package org.zennet.contracts.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.contracts.testkit.ElectionFixture.node;
import static org.zennet.contracts.testkit.ElectionFixture.nodes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.ValidatorElection;
import org.zennet.contracts.generated.errors.ValidatorElectionAlreadyDelegatedException;
import org.zennet.contracts.generated.errors.ValidatorElectionAlreadyRegisteredException;
import org.zennet.contracts.generated.errors.ValidatorElectionEpochNotOverException;
import org.zennet.contracts.generated.errors.ValidatorElectionGenesisNotAscendingException;
import org.zennet.contracts.generated.errors.ValidatorElectionInsufficientStakeException;
import org.zennet.contracts.generated.errors.ValidatorElectionInvalidEpochLengthException;
import org.zennet.contracts.generated.errors.ValidatorElectionInvalidMaxCandidatesException;
import org.zennet.contracts.generated.errors.ValidatorElectionInvalidMaxValidatorsException;
import org.zennet.contracts.generated.errors.ValidatorElectionInvalidUnbondingPeriodException;
import org.zennet.contracts.generated.errors.ValidatorElectionNoGenesisValidatorsException;
import org.zennet.contracts.generated.errors.ValidatorElectionNotCandidateException;
import org.zennet.contracts.generated.errors.ValidatorElectionNotOperatorException;
import org.zennet.contracts.generated.errors.ValidatorElectionNothingToWithdrawException;
import org.zennet.contracts.generated.errors.ValidatorElectionStillUnbondingException;
import org.zennet.contracts.generated.errors.ValidatorElectionTooManyCandidatesException;
import org.zennet.contracts.generated.errors.ValidatorElectionTooManyGenesisValidatorsException;
import org.zennet.contracts.generated.errors.ValidatorElectionZeroAmountException;
import org.zennet.contracts.generated.errors.ValidatorElectionZeroNodeException;
import org.zennet.contracts.generated.errors.ValidatorElectionZeroTokenException;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.contracts.testkit.ElectionFixture;

/**
 * ValidatorElection on anvil, one lifecycle step per test: deployment checks, candidates, stake and delegation,
 * unbonding, and the election at epoch boundaries with its edge cases (ties, a candidate dropping out, all stake
 * withdrawn, more candidates than the cap), and the gas of {@code rotate()} at the candidate cap.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidatorElectionIT {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorElectionIT.class);
  static final int N = 3;
  static final int CAP = 5;
  static final long EPOCH = 10;
  static final long UNBONDING = 3_600;
  static final List<String> GENESIS = List.of(node(500), node(501));

  private ElectionFixture fx;
  private Credentials alice;
  private Credentials bob;
  private Credentials carol;

  @BeforeAll
  void deploy(DevChain dev) throws Exception {
    fx = ElectionFixture.deploy(dev, N, CAP, EPOCH, UNBONDING, GENESIS);
    alice = fx.key(1);
    bob = fx.key(2);
    carol = fx.key(3);
  }

  @AfterAll
  void close() {
    fx.close();
  }

  // ------------------------------------------------------------------------------------------
  // Deployment
  // ------------------------------------------------------------------------------------------

  @Test
  void constructorRejectsEveryBadParameter() throws Exception {
    String token = fx.tokenAddress();
    assertThat(fx.deployRevert(ValidatorElectionZeroTokenException.class, "0x" + "00".repeat(20), 3, 5, 10, 60, GENESIS))
        .isNotNull();
    assertThat(fx.deployRevert(ValidatorElectionInvalidMaxCandidatesException.class, token, 1, 0, 10, 60, GENESIS)
        .maxCandidates()).isZero();
    assertThat(fx.deployRevert(ValidatorElectionInvalidMaxCandidatesException.class, token, 1, 257, 10, 60, GENESIS)
        .limit()).isEqualTo(256);
    assertThat(fx.deployRevert(ValidatorElectionInvalidMaxValidatorsException.class, token, 0, 5, 10, 60, GENESIS)
        .maxValidators()).isZero();
    assertThat(fx.deployRevert(ValidatorElectionInvalidMaxValidatorsException.class, token, 6, 5, 10, 60, GENESIS)
        .maxCandidates()).isEqualTo(5);
    assertThat(fx.deployRevert(ValidatorElectionInvalidMaxValidatorsException.class, token, 65, 100, 10, 60, GENESIS)
        .limit()).isEqualTo(64);
    assertThat(fx.deployRevert(ValidatorElectionInvalidEpochLengthException.class, token, 3, 5, 0, 60, GENESIS)
        .epochLength()).isZero();
    assertThat(fx.deployRevert(ValidatorElectionInvalidUnbondingPeriodException.class, token, 3, 5, 10, 0, GENESIS)
        .unbondingPeriod()).isZero();
    assertThat(fx.deployRevert(ValidatorElectionInvalidUnbondingPeriodException.class, token, 3, 5, 10,
        365 * 86_400 + 1, GENESIS).limit()).isEqualTo(365 * 86_400);
    assertThat(fx.deployRevert(ValidatorElectionNoGenesisValidatorsException.class, token, 3, 5, 10, 60, List.of()))
        .isNotNull();
    assertThat(fx.deployRevert(ValidatorElectionGenesisNotAscendingException.class, token, 3, 5, 10, 60,
        List.of(node(2), node(1))).index()).isEqualTo(1);
    assertThat(fx.deployRevert(ValidatorElectionGenesisNotAscendingException.class, token, 3, 5, 10, 60,
        List.of(node(1), node(1))).validator()).isEqualToIgnoringCase(node(1));
    assertThat(fx.deployRevert(ValidatorElectionGenesisNotAscendingException.class, token, 3, 5, 10, 60,
        List.of("0x" + "00".repeat(20))).index()).isZero();
    assertThat(fx.deployRevert(ValidatorElectionTooManyGenesisValidatorsException.class, token, 3, 5, 10, 60,
        nodes(0, 65)).count()).isEqualTo(65);
  }

  @Test
  void beforeAnyElectionTheGenesisValidatorsAreActiveAndTheParametersReadBack() throws Exception {
    ValidatorElection e = fx.reader();
    assertThat(fx.validators()).containsExactlyElementsOf(GENESIS);
    assertThat(fx.active()).isEmpty();
    assertThat(ElectionFixture.lower(e.genesisValidators().send())).containsExactlyElementsOf(GENESIS);
    assertThat(e.token().send()).isEqualToIgnoringCase(fx.tokenAddress());
    assertThat(e.maxValidators().send()).isEqualTo(N);
    assertThat(e.maxCandidates().send()).isEqualTo(CAP);
    assertThat(e.epochLength().send()).isEqualTo(EPOCH);
    assertThat(e.unbondingPeriod().send()).isEqualTo(UNBONDING);
    assertThat(e.lastEpoch().send()).isZero();
    assertThat(e.nextRotationBlock().send()).isEqualTo(EPOCH);
    assertThat(e.currentEpoch().send()).isEqualTo(fx.blockNumber() / EPOCH);
  }

  // ------------------------------------------------------------------------------------------
  // Candidates
  // ------------------------------------------------------------------------------------------

  @Test
  void operatorsRegisterAndUnregisterNodes() throws Exception {
    TransactionReceipt r = fx.election(alice).register(node(1)).send();
    assertThat(ValidatorElection.getCandidateRegisteredEvents(r)).singleElement().satisfies(ev -> {
      assertThat(ev.node).isEqualToIgnoringCase(node(1));
      assertThat(ev.operator).isEqualToIgnoringCase(alice.getAddress());
    });
    fx.election(bob).register(node(2)).send();
    fx.election(alice).register(node(3)).send();
    assertThat(fx.candidates()).containsExactly(node(1), node(2), node(3));
    assertThat(fx.reader().candidateInfo(node(1)).send().component1()).isEqualToIgnoringCase(alice.getAddress());
    assertThat(fx.reader().candidateInfo(node(1)).send().component2()).isTrue();

    fx.revert(ValidatorElectionZeroNodeException.class, alice, e -> e.register("0x" + "00".repeat(20)));
    assertThat(fx.revert(ValidatorElectionAlreadyRegisteredException.class, carol, e -> e.register(node(2)))
        .operator()).isEqualToIgnoringCase(bob.getAddress());
    assertThat(fx.revert(ValidatorElectionNotOperatorException.class, carol, e -> e.unregister(node(2))).caller())
        .isEqualToIgnoringCase(carol.getAddress());
    fx.revert(ValidatorElectionNotCandidateException.class, alice, e -> e.unregister(node(9)));

    r = fx.election(alice).unregister(node(1)).send();
    assertThat(ValidatorElection.getCandidateUnregisteredEvents(r)).singleElement()
        .satisfies(ev -> assertThat(ev.node).isEqualToIgnoringCase(node(1)));
    assertThat(fx.candidates()).as("the last candidate takes the place of the one leaving").containsExactly(node(3), node(2));
    assertThat(fx.reader().candidateInfo(node(1)).send().component2()).isFalse();
    fx.revert(ValidatorElectionNotCandidateException.class, alice, e -> e.unregister(node(1)));
    // anyone may register a node address that is free again
    fx.election(carol).register(node(1)).send();
    assertThat(fx.reader().candidateInfo(node(1)).send().component1()).isEqualToIgnoringCase(carol.getAddress());
  }

  @Test
  void moreCandidatesThanTheCapAreRefusedUntilOneLeaves() throws Exception {
    for (int i = 0; i < CAP; i++) {
      fx.election(alice).register(node(i)).send();
    }
    assertThat(fx.revert(ValidatorElectionTooManyCandidatesException.class, bob, e -> e.register(node(99)))
        .maxCandidates()).isEqualTo(CAP);
    fx.election(alice).unregister(node(0)).send();
    fx.election(bob).register(node(99)).send();
    assertThat(fx.candidates()).hasSize(CAP).contains(node(99)).doesNotContain(node(0));
  }

  // ------------------------------------------------------------------------------------------
  // Stake, delegation, unbonding
  // ------------------------------------------------------------------------------------------

  @Test
  void stakeFollowsTheDelegationAndMovesWithIt() throws Exception {
    fx.election(alice).register(node(1)).send();
    fx.election(alice).register(node(2)).send();
    BigInteger before = fx.xen(bob.getAddress());

    TransactionReceipt r = fx.election(bob).stake(Xen.of(10)).send();
    assertThat(ValidatorElection.getStakedEvents(r)).singleElement().satisfies(ev -> {
      assertThat(ev.amount).isEqualTo(Xen.of(10));
      assertThat(ev.bonded).isEqualTo(Xen.of(10));
    });
    assertThat(fx.xen(bob.getAddress())).isEqualTo(before.subtract(Xen.of(10)));
    assertThat(fx.xen(fx.electionAddress())).isEqualTo(Xen.of(10));
    assertThat(fx.votes(node(1))).as("undelegated stake counts for no one").isZero();

    r = fx.election(bob).delegate(node(1)).send();
    assertThat(ValidatorElection.getDelegatedEvents(r)).singleElement().satisfies(ev -> {
      assertThat(ev.from).isEqualTo("0x" + "00".repeat(20));
      assertThat(ev.to).isEqualToIgnoringCase(node(1));
      assertThat(ev.amount).isEqualTo(Xen.of(10));
    });
    assertThat(fx.votes(node(1))).isEqualTo(Xen.of(10));
    fx.election(bob).stake(Xen.of(5)).send();
    assertThat(fx.votes(node(1))).as("new stake goes to the delegatee").isEqualTo(Xen.of(15));

    r = fx.election(bob).delegate(node(2)).send();
    assertThat(ValidatorElection.getDelegatedEvents(r)).singleElement()
        .satisfies(ev -> assertThat(ev.from).isEqualToIgnoringCase(node(1)));
    assertThat(fx.votes(node(1))).isZero();
    assertThat(fx.votes(node(2))).isEqualTo(Xen.of(15));
    var stake = fx.reader().stakeOf(bob.getAddress()).send();
    assertThat(stake.component1()).isEqualTo(Xen.of(15));
    assertThat(stake.component2()).isEqualToIgnoringCase(node(2));

    fx.revert(ValidatorElectionAlreadyDelegatedException.class, bob, e -> e.delegate(node(2)));
    fx.revert(ValidatorElectionNotCandidateException.class, bob, e -> e.delegate(node(7)));
    fx.revert(ValidatorElectionZeroAmountException.class, bob, e -> e.stake(BigInteger.ZERO));

    fx.election(bob).delegate("0x" + "00".repeat(20)).send();
    assertThat(fx.votes(node(2))).as("delegating to no one takes the stake off every candidate").isZero();
  }

  @Test
  void unstakedXenIsLockedForTheUnbondingPeriodThenWithdrawn() throws Exception {
    fx.election(alice).register(node(1)).send();
    fx.election(bob).delegate(node(1)).send();
    fx.election(bob).stake(Xen.of(10)).send();
    BigInteger before = fx.xen(bob.getAddress());

    fx.revert(ValidatorElectionZeroAmountException.class, bob, e -> e.unstake(BigInteger.ZERO));
    assertThat(fx.revert(ValidatorElectionInsufficientStakeException.class, bob, e -> e.unstake(Xen.of(11))).bonded())
        .isEqualTo(Xen.of(10));
    fx.revert(ValidatorElectionNothingToWithdrawException.class, bob, ValidatorElection::withdraw);

    TransactionReceipt r = fx.election(bob).unstake(Xen.of(4)).send();
    long releaseAt = fx.blockTime() + UNBONDING;
    assertThat(ValidatorElection.getUnstakedEvents(r)).singleElement().satisfies(ev -> {
      assertThat(ev.amount).isEqualTo(Xen.of(4));
      assertThat(ev.unbonding).isEqualTo(Xen.of(4));
      assertThat(ev.releaseAt).isEqualTo(releaseAt);
    });
    assertThat(fx.votes(node(1))).as("unbonding stake leaves the candidate at once").isEqualTo(Xen.of(6));
    var err = fx.revert(ValidatorElectionStillUnbondingException.class, bob, ValidatorElection::withdraw);
    assertThat(err.releaseAt()).isEqualTo(releaseAt);

    fx.dev().advanceTime(UNBONDING - 10);
    fx.revert(ValidatorElectionStillUnbondingException.class, bob, ValidatorElection::withdraw);
    fx.dev().advanceTime(10);
    r = fx.election(bob).withdraw().send();
    assertThat(ValidatorElection.getWithdrawnEvents(r)).singleElement()
        .satisfies(ev -> assertThat(ev.amount).isEqualTo(Xen.of(4)));
    assertThat(fx.xen(bob.getAddress())).isEqualTo(before.add(Xen.of(4)));
    assertThat(fx.xen(fx.electionAddress())).isEqualTo(Xen.of(6));
    fx.revert(ValidatorElectionNothingToWithdrawException.class, bob, ValidatorElection::withdraw);
  }

  @Test
  void aSecondUnstakeRestartsThePeriodForEverythingUnbonding() throws Exception {
    fx.election(bob).stake(Xen.of(10)).send();
    fx.election(bob).unstake(Xen.of(1)).send();
    fx.dev().advanceTime(UNBONDING / 2);
    fx.election(bob).unstake(Xen.of(2)).send();
    long releaseAt = fx.blockTime() + UNBONDING;
    var stake = fx.reader().stakeOf(bob.getAddress()).send();
    assertThat(stake.component3()).isEqualTo(Xen.of(3));
    assertThat(stake.component4()).isEqualTo(releaseAt);
    fx.dev().advanceTime(UNBONDING / 2 + 1);
    fx.revert(ValidatorElectionStillUnbondingException.class, bob, ValidatorElection::withdraw);
  }

  // ------------------------------------------------------------------------------------------
  // The election
  // ------------------------------------------------------------------------------------------

  @Test
  void rotateElectsTheTopNByStakeSortedAscendingOncePerEpoch() throws Exception {
    // node 4 has the most, then 1, then 3; node 2 the least: N = 3 leaves node 2 out
    backedBy(node(4), 1, Xen.of(40));
    backedBy(node(1), 2, Xen.of(30));
    backedBy(node(2), 3, Xen.of(10));
    backedBy(node(3), 4, Xen.of(20));
    assertThat(fx.pending()).containsExactly(node(1), node(3), node(4));
    assertThat(fx.validators()).as("nothing changes before rotate").containsExactlyElementsOf(GENESIS);

    TransactionReceipt r = fx.rotateAtNextEpoch();
    long epoch = r.getBlockNumber().longValueExact() / EPOCH;
    assertThat(ValidatorElection.getValidatorsRotatedEvents(r)).singleElement().satisfies(ev -> {
      assertThat(ev.epoch).isEqualTo(epoch);
      assertThat(ElectionFixture.lower(ev.validators)).containsExactly(node(1), node(3), node(4));
    });
    assertThat(fx.validators()).containsExactly(node(1), node(3), node(4));
    assertThat(fx.reader().lastEpoch().send()).isEqualTo(epoch);
    assertThat(fx.reader().nextRotationBlock().send()).isEqualTo((epoch + 1) * EPOCH);

    var err = fx.revert(ValidatorElectionEpochNotOverException.class, bob, ValidatorElection::rotate);
    assertThat(err.epoch()).isEqualTo(epoch);
    assertThat(err.nextBlock()).isEqualTo((epoch + 1) * EPOCH);

    // stake moves: node 2 overtakes node 3, effective only at the next epoch
    fx.election(fx.key(5)).delegate(node(2)).send();
    fx.election(fx.key(5)).stake(Xen.of(15)).send();
    assertThat(fx.validators()).containsExactly(node(1), node(3), node(4));
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(1), node(2), node(4));
  }

  @Test
  void equalStakeIsBrokenByTheLowerNodeAddress() throws Exception {
    // registered in descending address order, so that registration order cannot be what decides
    for (int i = 4; i >= 1; i--) {
      backedBy(node(i), i, Xen.of(7));
    }
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(1), node(2), node(3));
    // one wei more lifts the highest address into the set, pushing out the highest of the tied ones
    fx.election(fx.key(4)).stake(BigInteger.ONE).send();
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(1), node(2), node(4));
  }

  @Test
  void aCandidateDroppingOutLeavesAtTheNextRotationAndItsBackersCanMove() throws Exception {
    backedBy(node(1), 1, Xen.of(30));
    backedBy(node(2), 2, Xen.of(20));
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(1), node(2));

    fx.election(fx.key(1)).unregister(node(1)).send();
    assertThat(fx.validators()).as("the active set holds until the epoch ends").containsExactly(node(1), node(2));
    assertThat(fx.votes(node(1))).as("its backers' stake stays delegated to it").isEqualTo(Xen.of(30));
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(2));

    fx.election(fx.key(1)).delegate(node(2)).send();
    assertThat(fx.votes(node(1))).isZero();
    assertThat(fx.votes(node(2))).isEqualTo(Xen.of(50));
  }

  @Test
  void whenAllStakeIsWithdrawnTheGenesisValidatorsReturn() throws Exception {
    backedBy(node(1), 1, Xen.of(30));
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactly(node(1));

    fx.election(fx.key(1)).unstake(Xen.of(30)).send();
    assertThat(fx.pending()).isEmpty();
    TransactionReceipt r = fx.rotateAtNextEpoch();
    assertThat(ValidatorElection.getValidatorsRotatedEvents(r)).singleElement()
        .satisfies(ev -> assertThat(ev.validators).isEmpty());
    assertThat(fx.active()).isEmpty();
    assertThat(fx.validators()).as("never an empty list: the genesis validators").containsExactlyElementsOf(GENESIS);
  }

  @Test
  void rotateWithNoCandidateAtAllKeepsTheGenesisValidators() throws Exception {
    fx.rotateAtNextEpoch();
    assertThat(fx.validators()).containsExactlyElementsOf(GENESIS);
  }

  /**
   * The gas of {@code rotate()} at the cap: {@value ElectionGas#CAP} candidates (the contract's limit) each with stake,
   * registered in ascending stake so that every one enters the ranking's heap (the most work), with N = 64 (the
   * limit, so that the most storage is written). Logged, and bounded well below a block's gas (the measure was
   * 3,518,303 gas; with N = 21 it was 2,306,909).
   */
  @Test
  void rotateAtTheCandidateCapStaysWithinBoundedGas() throws Exception {
    List<Credentials> holders = new ArrayList<>();
    for (int i = 0; i < ElectionGas.CAP; i++) {
      holders.add(Credentials.create(Keys.createEcKeyPair()));
    }
    for (int n : new int[] {64}) {
      ElectionFixture big = ElectionFixture.deploy(fx.dev(), n, ElectionGas.CAP, 1, UNBONDING, GENESIS);
      try {
        long gas = ElectionGas.rotateAtCap(big, holders);
        LOG.info("rotate() with {} staked candidates, N = {}: {} gas (the ranking alone, pendingValidators(): {} gas)",
            ElectionGas.CAP, n, gas, ElectionGas.electGas);
        assertThat(gas).isLessThan(4_000_000);
        List<String> expected = new ArrayList<>(nodes(ElectionGas.CAP - n, n));
        expected.sort(Comparator.naturalOrder());
        assertThat(big.validators()).containsExactlyElementsOf(expected);
      } finally {
        big.close();
      }
    }
  }

  /** Registers {@code node} as dev key {@code k} and has dev key {@code k} stake {@code amount} on it. */
  private void backedBy(String node, int k, BigInteger amount) throws Exception {
    fx.backed(fx.key(k), node, fx.key(k), amount);
  }
}
