package org.zennet.contracts.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ChangeDetector;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.ValidatorElection;
import org.zennet.contracts.generated.errors.ContractErrors;
import org.zennet.contracts.governance.ElectionModel.Event;
import org.zennet.contracts.governance.ElectionModel.Outcome;
import org.zennet.contracts.governance.ElectionModel.Revert;
import org.zennet.contracts.testkit.ElectionFixture;

/**
 * Model-based property test of ValidatorElection on anvil: random sequences of register, unregister, stake,
 * delegate (to a candidate, to a dropped-out or unknown node, to no one), unstake, withdraw and rotate by six holders
 * over six node addresses (more than the cap of four), valid and invalid alike, with blocks mined and the clock moved
 * between them; each step runs on the chain and on {@link ElectionModel}. After each step: the same custom error or
 * the same events; every holder's XEN, stake, delegatee and unbonding; every node's operator, registration and votes;
 * the candidate list; the active, pending and QBFT sets and the last epoch are the model's; and, from the chain alone,
 * the contract holds exactly the sum of what is bonded and unbonding, every node's votes are the bonded stake
 * delegated to it, and {@code getValidators()} is never empty and strictly ascending.
 *
 * <p>{@value #DEFAULT_TRIES} tries of {@value #STEPS_PER_TRY} steps with a fixed seed; {@code
 * -Dzennet.election.campaign.steps=N} runs N / {@value #STEPS_PER_TRY} tries (a property of its own, so that
 * {@code zennet audit}'s channel campaign does not grow).
 */
class ValidatorElectionModelIT {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorElectionModelIT.class);
  static final int STEPS_PER_TRY = 40;
  static final int DEFAULT_TRIES = 15;
  static final int N = 3;
  static final int CAP = 4;
  static final long EPOCH = 4;
  static final long UNBONDING = 100;
  static final int HOLDERS = 6;
  static final int NODES = 6;
  static final List<String> GENESIS = List.of(ElectionFixture.node(900), ElectionFixture.node(901));
  static final AtomicLong STEPS = new AtomicLong();
  static final String CAMPAIGN_STEPS = "zennet.election.campaign.steps";

  private static final Map<String, String> EVENTS = Stream.of("CandidateRegistered(address,address)",
          "CandidateUnregistered(address,address)", "Staked(address,uint256,uint256)",
          "Delegated(address,address,address,uint256)", "Unstaked(address,uint256,uint256,uint64)",
          "Withdrawn(address,uint256)", "ValidatorsRotated(uint256,address[])")
      .collect(Collectors.toMap(Hash::sha3String, s -> s.substring(0, s.indexOf('('))));

  private static DevChain dev;
  private static ElectionFixture fx;
  private static BigInteger base;
  private static long started;

  @BeforeContainer
  static void startChain() throws Exception {
    dev = DevChain.start(DevChainConfig.DEFAULT);
    fx = ElectionFixture.deploy(dev, N, CAP, EPOCH, UNBONDING, GENESIS);
    base = dev.snapshot();
    started = System.nanoTime();
  }

  @AfterContainer
  static void stopChain() {
    if (dev != null) {
      LOG.info("model-based test of ValidatorElection: {} steps on anvil in {} s", STEPS.get(),
          (System.nanoTime() - started) / 1_000_000_000);
      fx.close();
      dev.close();
    }
  }

  @Property(tries = DEFAULT_TRIES, seed = "1111", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  @AddLifecycleHook(CampaignSize.class)
  void contractAgreesWithTheModelAfterEveryStep(@ForAll("sequences") ActionChain<Run> chain) {
    chain.run();
  }

  /** {@code -Dzennet.election.campaign.steps=N}: as many tries as N steps take (at least one). */
  static final class CampaignSize implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
      String value = System.getProperty(CAMPAIGN_STEPS, "").strip();
      if (!value.isEmpty() && !value.startsWith("${")) {
        long steps;
        try {
          steps = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
          steps = 0;
        }
        if (steps <= 0) {
          throw new IllegalArgumentException("-D" + CAMPAIGN_STEPS + " must be a positive number of steps, got '"
              + value + "'");
        }
        int tries = (int) Math.max(1, (steps + STEPS_PER_TRY - 1) / STEPS_PER_TRY);
        LOG.info("long campaign: {} tries of {} steps", tries, STEPS_PER_TRY);
        context.attributes().setTries(tries);
      }
      return property.execute();
    }
  }

  @Provide
  Arbitrary<ActionChain<Run>> sequences() {
    Arbitrary<Integer> holder = Arbitraries.integers().between(1, HOLDERS);
    Arbitrary<Integer> node = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, Arbitraries.integers().between(1, NODES)), net.jqwik.api.Tuple.of(1, Arbitraries.just(0)));
    Arbitrary<Amount> amount = Arbitraries.of(Amount.class);
    Arbitrary<Amount> unstaked = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(Amount.ALL_BONDED)),
        net.jqwik.api.Tuple.of(3, Arbitraries.just(Amount.ONE_WEI)), net.jqwik.api.Tuple.of(2, Arbitraries.of(Amount.class)));
    return ActionChain.<Run>startWith(Run::new)
        .withAction(4, step(Combinators.combine(holder, node).as(Register::new)))
        .withAction(2, step(Combinators.combine(holder, node).as(Unregister::new)))
        .withAction(6, step(Combinators.combine(holder, amount).as(Stake::new)))
        .withAction(5, step(Combinators.combine(holder, node).as(Delegate::new)))
        .withAction(5, dependent(run -> Combinators.combine(holderWith(run, s -> s.bonded), unstaked).as(Unstake::new)))
        .withAction(3, dependent(run -> holderWith(run, s -> s.unbonding).map(Withdraw::new)))
        .withAction(4, step(holder.map(Rotate::new)))
        .withAction(3, step(Arbitraries.of(1L, 2L, 4L, 9L).map(Mine::new)))
        .withAction(3, step(Arbitraries.of(1L, 50L, 99L, 100L, 250L, 250L).map(Travel::new)))
        .withMaxTransformations(STEPS_PER_TRY)
        .improveShrinkingWith(Changes::new);
  }

  private static Action.Independent<Run> step(Arbitrary<? extends Step> steps) {
    return () -> steps.map(s -> Transformer.mutate(s.toString(), run -> run.execute(s)));
  }

  /** A step whose parameters depend on the state reached. */
  private static Action.Dependent<Run> dependent(java.util.function.Function<Run, Arbitrary<? extends Step>> steps) {
    return run -> steps.apply(run).map(s -> Transformer.mutate(s.toString(), r -> r.execute(s)));
  }

  /** Mostly a holder for whom {@code what} is positive (if any), sometimes anyone. */
  private static Arbitrary<Integer> holderWith(Run run,
      java.util.function.Function<ElectionModel.Stake, BigInteger> what) {
    List<Integer> with = new ArrayList<>();
    for (int i = 1; i <= HOLDERS; i++) {
      if (what.apply(run.model.stake(Run.holder(i))).signum() > 0) {
        with.add(i);
      }
    }
    Arbitrary<Integer> anyone = Arbitraries.integers().between(1, HOLDERS);
    return with.isEmpty() ? anyone : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.of(with)),
        net.jqwik.api.Tuple.of(1, anyone));
  }

  /** Which steps changed nothing, for the shrinker. */
  private static final class Changes implements ChangeDetector<Run> {
    private String before;

    @Override
    public void before(Run run) {
      before = run.model.fingerprint();
    }

    @Override
    public boolean hasChanged(Run run) {
      return !before.equals(run.model.fingerprint());
    }
  }

  // ------------------------------------------------------------------------------------------
  // Steps
  // ------------------------------------------------------------------------------------------

  /** An amount, resolved against the holder's state when the step runs. */
  enum Amount {
    ZERO, ONE_WEI, ONE, TWO, THREE, FIVE, ALL_BONDED, ALL_BONDED_PLUS_ONE;

    BigInteger of(ElectionModel.Stake s) {
      return switch (this) {
        case ZERO -> BigInteger.ZERO;
        case ONE_WEI -> BigInteger.ONE;
        case ONE -> Xen.of(1);
        case TWO -> Xen.of(2);
        case THREE -> Xen.of(3);
        case FIVE -> Xen.of(5);
        case ALL_BONDED -> s.bonded;
        case ALL_BONDED_PLUS_ONE -> s.bonded.add(BigInteger.ONE);
      };
    }
  }

  /** One step: a transaction by holder {@code sender()}, or a move of the chain's blocks or clock. */
  sealed interface Step {
    default int sender() {
      return 0;
    }

    default String kind() {
      return getClass().getSimpleName();
    }
  }

  /** A transaction: what the model does, and the call on the contract. */
  sealed interface Tx extends Step {
    Outcome model(ElectionModel m, String sender);

    RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String sender);
  }

  static String nodeAddress(int i) {
    return i == 0 ? ElectionModel.ZERO : ElectionFixture.node(i);
  }

  record Register(int sender, int node) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.register(s, nodeAddress(node));
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.register(nodeAddress(node));
    }

    @Override
    public String toString() {
      return "holder" + sender + " register(node" + node + ")";
    }
  }

  record Unregister(int sender, int node) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.unregister(s, nodeAddress(node));
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.unregister(nodeAddress(node));
    }

    @Override
    public String toString() {
      return "holder" + sender + " unregister(node" + node + ")";
    }
  }

  record Stake(int sender, Amount amount) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.stake(s, amount.of(m.stake(s)));
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.stake(amount.of(m.stake(s)));
    }

    @Override
    public String toString() {
      return "holder" + sender + " stake(" + amount + ")";
    }
  }

  record Delegate(int sender, int node) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.delegate(s, nodeAddress(node));
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.delegate(nodeAddress(node));
    }

    @Override
    public String toString() {
      return "holder" + sender + " delegate(" + (node == 0 ? "no one" : "node" + node) + ")";
    }
  }

  record Unstake(int sender, Amount amount) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.unstake(s, amount.of(m.stake(s)));
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.unstake(amount.of(m.stake(s)));
    }

    @Override
    public String toString() {
      return "holder" + sender + " unstake(" + amount + ")";
    }
  }

  record Withdraw(int sender) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.withdraw(s);
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.withdraw();
    }

    @Override
    public String toString() {
      return "holder" + sender + " withdraw()";
    }
  }

  record Rotate(int sender) implements Tx {
    public Outcome model(ElectionModel m, String s) {
      return m.rotate();
    }

    public RemoteFunctionCall<?> call(ValidatorElection e, ElectionModel m, String s) {
      return e.rotate();
    }

    @Override
    public String toString() {
      return "holder" + sender + " rotate()";
    }
  }

  record Mine(long blocks) implements Step {
    @Override
    public String toString() {
      return "mine " + blocks + " block(s)";
    }
  }

  record Travel(long seconds) implements Step {
    @Override
    public String toString() {
      return "clock +" + seconds + " s";
    }
  }

  // ------------------------------------------------------------------------------------------
  // One try
  // ------------------------------------------------------------------------------------------

  /** One try: the chain reset to the deployed state, the model, and the checks after each step. */
  static final class Run {
    final ElectionModel model = new ElectionModel(N, CAP, EPOCH, UNBONDING, GENESIS);
    private final Web3j web3j = fx.chain().web3j();
    private final HttpService rpc = new HttpService(dev.httpUrl().toString());
    private final Map<String, BigInteger> nonces = new HashMap<>();
    private long lastBlock;
    private long lastTime;
    private int step;

    Run() {
      try {
        dev.revert(base);
        base = dev.snapshot();
        for (int i = 1; i <= HOLDERS; i++) {
          String holder = holder(i);
          model.balances.put(holder, fx.xen(holder));
          nonces.put(holder, web3j.ethGetTransactionCount(holder, DefaultBlockParameterName.LATEST).send()
              .getTransactionCount());
        }
        syncClock();
        compare();
      } catch (Exception e) {
        throw new IllegalStateException("starting a try failed: " + e.getMessage(), e);
      }
    }

    static String holder(int i) {
      return ElectionFixture.lower(List.of(dev.devKeys().get(i).getAddress())).get(0);
    }

    void execute(Step s) {
      step++;
      STEPS.incrementAndGet();
      try {
        switch (s) {
          case Mine mine -> {
            fx.mine(mine.blocks());
            syncClock();
          }
          case Travel travel -> {
            dev.advanceTime(travel.seconds());
            syncClock();
          }
          case Tx tx -> transact(tx);
        }
        Statistics.label("steps").collect(s.kind());
        compare();
      } catch (IOException e) {
        throw new UncheckedIOException("step " + step + ", " + s + ": " + e.getMessage(), e);
      } catch (Exception e) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }

    private void transact(Tx tx) throws Exception {
      Credentials key = dev.devKeys().get(tx.sender());
      String sender = holder(tx.sender());
      model.block = lastBlock + 1;
      model.now = lastTime + 1;
      // the call is encoded before the model runs: amounts such as ALL_BONDED resolve against the state before
      String data = tx.call(fx.election(key), model, sender).encodeFunctionCall();
      Outcome expected = tx.model(model, sender);
      call("evm_setNextBlockTimestamp", model.now);
      BigInteger nonce = nonces.get(sender);
      RawTransaction raw = RawTransaction.createTransaction(nonce, fx.chain().gasProvider().getGasPrice(),
          ChainConnection.DEFAULT_GAS_LIMIT, fx.electionAddress(), BigInteger.ZERO, data);
      var sent = web3j.ethSendRawTransaction(Numeric.toHexString(
          TransactionEncoder.signMessage(raw, fx.chain().chainId(), key))).send();
      if (sent.hasError()) {
        throw new IOException("anvil refused the transaction: " + sent.getError().getMessage());
      }
      nonces.put(sender, nonce.add(BigInteger.ONE));
      TransactionReceipt receipt = receipt(sent.getTransactionHash());
      lastBlock = receipt.getBlockNumber().longValueExact();
      lastTime = model.now;
      if (lastBlock != model.block) {
        throw new AssertionError("step " + step + ": mined in block " + lastBlock + ", expected " + model.block);
      }
      Outcome actual;
      if (receipt.isStatusOK()) {
        actual = new Outcome(null, receipt.getLogs().stream()
            .filter(log -> log.getAddress().equalsIgnoreCase(fx.electionAddress())).map(Run::event).toList());
      } else {
        String revertData = call("ots_getTransactionError", sent.getTransactionHash()).toString();
        actual = new Outcome(ContractErrors.ALL.decode(revertData)
            .map(e -> Revert.of(e.errorName(), e.arguments().toArray()))
            .orElseGet(() -> Revert.of("undecoded revert", revertData)), List.of());
      }
      Statistics.label("outcomes").collect(tx.kind(), expected.label());
      if (!actual.equals(expected)) {
        throw new AssertionError("step " + step + ", " + tx + " in block " + lastBlock + " at " + lastTime
            + ":\n  chain: " + actual + "\n  model: " + expected);
      }
    }

    private static Event event(Log log) {
      List<String> topics = log.getTopics();
      String name = EVENTS.get(topics.get(0));
      if (name == null) {
        throw new AssertionError("an event this test does not know: " + topics.get(0) + " from " + log.getAddress());
      }
      List<BigInteger> fields = new ArrayList<>();
      topics.stream().skip(1).map(Numeric::toBigInt).forEach(fields::add);
      String data = Numeric.cleanHexPrefix(log.getData());
      for (int i = 0; i + 64 <= data.length(); i += 64) {
        fields.add(new BigInteger(data.substring(i, i + 64), 16));
      }
      return new Event(name, fields);
    }

    private TransactionReceipt receipt(String hash) throws IOException, InterruptedException {
      for (int attempt = 0; attempt < 1000; attempt++) {
        var r = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        if (r.isPresent()) {
          return r.get();
        }
        Thread.sleep(5);
      }
      throw new IOException("no receipt for " + hash);
    }

    private void syncClock() throws IOException {
      var block = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      lastBlock = block.getNumber().longValueExact();
      lastTime = block.getTimestamp().longValueExact();
    }

    private Object call(String method, Object... params) throws IOException {
      Response<Object> r = new Request<>(method, List.of(params), rpc, ElectionFixture.AnyResponse.class).send();
      if (r.hasError()) {
        throw new IOException(method + " failed: " + r.getError().getMessage());
      }
      return r.getResult();
    }

    /** Reads everything the model knows from the chain and compares; then the chain-only invariants. */
    private void compare() throws Exception {
      ValidatorElection e = fx.reader();
      List<String> mismatches = new ArrayList<>();
      BigInteger bondedAndUnbonding = BigInteger.ZERO;
      Map<String, BigInteger> delegatedTo = new HashMap<>();
      for (int i = 1; i <= HOLDERS; i++) {
        String h = holder(i);
        var chain = e.stakeOf(h).send();
        ElectionModel.Stake s = model.stake(h);
        same(mismatches, "stake of holder" + i, List.of(chain.component1(), lower(chain.component2()), chain.component3(),
            chain.component4()), List.of(s.bonded, s.delegatee, s.unbonding, BigInteger.valueOf(s.releaseAt)));
        same(mismatches, "XEN of holder" + i, fx.xen(h), model.balances.get(h));
        bondedAndUnbonding = bondedAndUnbonding.add(chain.component1()).add(chain.component3());
        delegatedTo.merge(lower(chain.component2()), chain.component1(), BigInteger::add);
      }
      for (int i = 1; i <= NODES; i++) {
        String node = nodeAddress(i);
        var chain = e.candidateInfo(node).send();
        same(mismatches, "candidate node" + i, List.of(lower(chain.component1()), chain.component2(), chain.component3()),
            List.of(model.operatorOf.getOrDefault(node, ElectionModel.ZERO), model.registered(node), model.votes(node)));
        same(mismatches, "votes of node" + i + " = stake delegated to it", chain.component3(),
            delegatedTo.getOrDefault(node, BigInteger.ZERO));
      }
      same(mismatches, "candidates", fx.candidates(), model.candidates);
      same(mismatches, "active set", fx.active(), model.active);
      same(mismatches, "pending set", fx.pending(), model.elect());
      List<String> validators = fx.validators();
      same(mismatches, "getValidators", validators, model.validators());
      same(mismatches, "last epoch", e.lastEpoch().send(), BigInteger.valueOf(model.lastEpoch));
      BigInteger held = fx.xen(fx.electionAddress());
      same(mismatches, "XEN held by the election", held, model.held());
      same(mismatches, "XEN held = bonded + unbonding (chain alone)", held, bondedAndUnbonding);
      if (validators.isEmpty()) {
        mismatches.add("getValidators returned an empty list");
      }
      for (int i = 1; i < validators.size(); i++) {
        if (validators.get(i - 1).compareTo(validators.get(i)) >= 0) {
          mismatches.add("getValidators is not strictly ascending: " + validators);
        }
      }
      if (!mismatches.isEmpty()) {
        throw new AssertionError("after step " + step + " the chain and the model differ:\n  "
            + String.join("\n  ", mismatches));
      }
    }

    private static String lower(String address) {
      return ElectionFixture.lower(List.of(address)).get(0);
    }

    private static void same(List<String> mismatches, String what, Object chain, Object model) {
      if (!chain.equals(model)) {
        mismatches.add(what + ": chain " + chain + ", model " + model);
      }
    }
  }
}
