package org.zennet.contracts.governance;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain Java model of ValidatorElection (and of the XEN it holds): what each call does, the custom error it
 * reverts with, the events it emits. {@link ValidatorElectionModelIT} runs the same steps on the chain and on this
 * model and compares. Addresses are lower-case 0x hex of 40 digits, so string order is address order.
 */
final class ElectionModel {
  static final String ZERO = "0x" + "0".repeat(40);
  static final BigInteger MAX_96 = BigInteger.TWO.pow(96).subtract(BigInteger.ONE);

  /** A custom error by name with its arguments, rendered as strings (addresses lower-case). */
  record Revert(String error, List<String> args) {
    static Revert of(String error, Object... args) {
      List<String> shown = new ArrayList<>();
      for (Object a : args) {
        shown.add(String.valueOf(a).toLowerCase(Locale.ROOT));
      }
      return new Revert(error, shown);
    }
  }

  /** An event by name with its indexed topics and data words, as numbers. */
  record Event(String name, List<BigInteger> fields) {}

  /** What a step did: a revert, or success with events. */
  record Outcome(Revert revert, List<Event> events) {
    static Outcome ok(Event... events) {
      return new Outcome(null, List.of(events));
    }

    static Outcome fail(String error, Object... args) {
      return new Outcome(Revert.of(error, args), List.of());
    }

    String label() {
      return revert == null ? "ok" : revert.error();
    }
  }

  /** One holder's stake. */
  static final class Stake {
    BigInteger bonded = BigInteger.ZERO;
    String delegatee = ZERO;
    BigInteger unbonding = BigInteger.ZERO;
    long releaseAt;
  }

  final int maxValidators;
  final int maxCandidates;
  final long epochLength;
  final long unbondingPeriod;
  final List<String> genesis;
  /** The block number and timestamp of the next transaction. */
  long block;
  long now;
  long lastEpoch;
  final List<String> candidates = new ArrayList<>();
  final Map<String, String> operatorOf = new HashMap<>();
  final Map<String, BigInteger> votes = new HashMap<>();
  final Map<String, Stake> stakes = new TreeMap<>();
  final Map<String, BigInteger> balances = new TreeMap<>();
  List<String> active = List.of();

  ElectionModel(int maxValidators, int maxCandidates, long epochLength, long unbondingPeriod, List<String> genesis) {
    this.maxValidators = maxValidators;
    this.maxCandidates = maxCandidates;
    this.epochLength = epochLength;
    this.unbondingPeriod = unbondingPeriod;
    this.genesis = List.copyOf(genesis);
  }

  Stake stake(String holder) {
    return stakes.computeIfAbsent(holder, h -> new Stake());
  }

  BigInteger votes(String node) {
    return votes.getOrDefault(node, BigInteger.ZERO);
  }

  boolean registered(String node) {
    return candidates.contains(node);
  }

  /** The XEN the contract should hold: everything bonded or unbonding. */
  BigInteger held() {
    return stakes.values().stream().map(s -> s.bonded.add(s.unbonding)).reduce(BigInteger.ZERO, BigInteger::add);
  }

  Outcome register(String sender, String node) {
    if (node.equals(ZERO)) {
      return Outcome.fail("ValidatorElectionZeroNode");
    }
    if (registered(node)) {
      return Outcome.fail("ValidatorElectionAlreadyRegistered", node, operatorOf.get(node));
    }
    if (candidates.size() >= maxCandidates) {
      return Outcome.fail("ValidatorElectionTooManyCandidates", maxCandidates);
    }
    candidates.add(node);
    operatorOf.put(node, sender);
    return Outcome.ok(event("CandidateRegistered", word(node), word(sender)));
  }

  Outcome unregister(String sender, String node) {
    if (!registered(node)) {
      return Outcome.fail("ValidatorElectionNotCandidate", node);
    }
    String operator = operatorOf.get(node);
    if (!operator.equals(sender)) {
      return Outcome.fail("ValidatorElectionNotOperator", node, sender);
    }
    int position = candidates.indexOf(node);
    String last = candidates.remove(candidates.size() - 1);
    if (!last.equals(node)) {
      candidates.set(position, last);
    }
    return Outcome.ok(event("CandidateUnregistered", word(node), word(operator)));
  }

  Outcome stake(String holder, BigInteger amount) {
    if (amount.signum() == 0) {
      return Outcome.fail("ValidatorElectionZeroAmount");
    }
    BigInteger balance = balances.getOrDefault(holder, BigInteger.ZERO);
    if (balance.compareTo(amount) < 0) {
      return Outcome.fail("ERC20InsufficientBalance", holder, balance, amount);
    }
    Stake s = stake(holder);
    s.bonded = s.bonded.add(amount);
    if (!s.delegatee.equals(ZERO)) {
      votes.merge(s.delegatee, amount, BigInteger::add);
    }
    balances.put(holder, balance.subtract(amount));
    return Outcome.ok(event("Staked", word(holder), amount, s.bonded));
  }

  Outcome delegate(String holder, String node) {
    if (!node.equals(ZERO) && !registered(node)) {
      return Outcome.fail("ValidatorElectionNotCandidate", node);
    }
    Stake s = stake(holder);
    String from = s.delegatee;
    if (from.equals(node)) {
      return Outcome.fail("ValidatorElectionAlreadyDelegated", holder, node);
    }
    if (!from.equals(ZERO)) {
      votes.merge(from, s.bonded.negate(), BigInteger::add);
    }
    if (!node.equals(ZERO)) {
      votes.merge(node, s.bonded, BigInteger::add);
    }
    s.delegatee = node;
    return Outcome.ok(event("Delegated", word(holder), word(from), word(node), s.bonded));
  }

  Outcome unstake(String holder, BigInteger amount) {
    if (amount.signum() == 0) {
      return Outcome.fail("ValidatorElectionZeroAmount");
    }
    Stake s = stake(holder);
    if (s.bonded.compareTo(amount) < 0) {
      return Outcome.fail("ValidatorElectionInsufficientStake", holder, s.bonded, amount);
    }
    s.bonded = s.bonded.subtract(amount);
    if (!s.delegatee.equals(ZERO)) {
      votes.merge(s.delegatee, amount.negate(), BigInteger::add);
    }
    s.unbonding = s.unbonding.add(amount);
    s.releaseAt = now + unbondingPeriod;
    return Outcome.ok(event("Unstaked", word(holder), amount, s.unbonding, BigInteger.valueOf(s.releaseAt)));
  }

  Outcome withdraw(String holder) {
    Stake s = stake(holder);
    if (s.unbonding.signum() == 0) {
      return Outcome.fail("ValidatorElectionNothingToWithdraw", holder);
    }
    if (now < s.releaseAt) {
      return Outcome.fail("ValidatorElectionStillUnbonding", holder, s.releaseAt, now);
    }
    BigInteger amount = s.unbonding;
    s.unbonding = BigInteger.ZERO;
    s.releaseAt = 0;
    balances.merge(holder, amount, BigInteger::add);
    return Outcome.ok(event("Withdrawn", word(holder), amount));
  }

  Outcome rotate() {
    long epoch = block / epochLength;
    if (epoch <= lastEpoch) {
      return Outcome.fail("ValidatorElectionEpochNotOver", lastEpoch, (lastEpoch + 1) * epochLength);
    }
    active = elect();
    lastEpoch = epoch;
    List<BigInteger> fields = new ArrayList<>(List.of(BigInteger.valueOf(epoch), BigInteger.valueOf(32),
        BigInteger.valueOf(active.size())));
    active.forEach(a -> fields.add(word(a)));
    return Outcome.ok(new Event("ValidatorsRotated", fields));
  }

  /** What {@code getValidators()} returns. */
  List<String> validators() {
    return active.isEmpty() ? genesis : active;
  }

  /**
   * The election as the contract documents it, written the obvious way: registered candidates with votes, by votes
   * (capped at 2^96 - 1) descending, equal votes by address ascending; the first N; sorted by address.
   */
  List<String> elect() {
    Comparator<String> byVotes = Comparator.comparing((String c) -> votes(c).min(MAX_96)).reversed();
    return candidates.stream().filter(c -> votes(c).signum() > 0)
        .sorted(byVotes.thenComparing(Comparator.naturalOrder()))
        .limit(maxValidators).sorted().toList();
  }

  static BigInteger word(String address) {
    return new BigInteger(address.substring(2), 16);
  }

  private static Event event(String name, BigInteger... fields) {
    return new Event(name, List.of(fields));
  }

  /** A compact picture of the state, for jqwik's shrinking (which steps changed nothing). */
  String fingerprint() {
    StringBuilder b = new StringBuilder().append(candidates).append(operatorOf).append(votes).append(active)
        .append(lastEpoch).append(balances);
    stakes.forEach((h, s) -> b.append(h).append(s.bonded).append(s.delegatee).append(s.unbonding).append(s.releaseAt));
    return b.toString();
  }
}
