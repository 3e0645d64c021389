package org.zennet.contracts.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.statistics.Statistics;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.chain.ContractRevertException;
import org.zennet.contracts.channel.ChannelAction.Call;
import org.zennet.contracts.channel.ChannelAction.Party;
import org.zennet.contracts.channel.ChannelAction.Travel;
import org.zennet.contracts.channel.ChannelAction.VoucherSpec;
import org.zennet.contracts.channel.PaymentChannelsModel.Channel;
import org.zennet.contracts.channel.PaymentChannelsModel.ChannelInfo;
import org.zennet.contracts.channel.PaymentChannelsModel.Event;
import org.zennet.contracts.channel.PaymentChannelsModel.Outcome;
import org.zennet.contracts.channel.PaymentChannelsModel.Revert;
import org.zennet.contracts.channel.PaymentChannelsModel.State;
import org.zennet.contracts.generated.errors.ContractErrors;

/**
 * One try of {@link PaymentChannelsModelIT}: the chain, reset to the deployed state, and the model, driven
 * step by step. Each transaction is mined in a block whose timestamp the run sets itself
 * ({@code evm_setNextBlockTimestamp}), so the model knows {@code block.timestamp} exactly. After each step
 * the run checks that
 *
 * <ul>
 *   <li>the transaction did what the model says: the same custom error (decoded from the revert data of
 *       the mined transaction), or success with the same PaymentChannels events;
 *   <li>every account's XEN balance and free escrow, the sender's allowance, the channel count, the info of
 *       every channel not yet closed, and the info and state of every id the step named equal the model's;
 *   <li>the contract's XEN equals the free escrow of all accounts plus what the channels still hold
 *       ({@code deposit - paid}; closed channels read as zero), plus tokens sent to it by plain transfer;
 *   <li>from the chain's events alone: no channel ever paid its provider more than the highest voucher
 *       its publisher signed for it; nothing was redeemed from a closing channel at or after closesAt;
 *       a closed channel paid out everything it reported redeemed and returned only the rest, so the
 *       publisher never got back value covered by a redeemed voucher.
 * </ul>
 */
final class ModelRun {
  /** Steps executed by all runs of this JVM (tries and shrinking), for the summary line. */
  static final AtomicLong STEPS = new AtomicLong();

  private static final Map<String, String> EVENTS = Stream.of(
          "Deposited(address,address,uint256)", "Withdrawn(address,uint256)",
          "ChannelOpened(uint256,address,address,uint256,uint256)", "ToppedUp(uint256,uint256,uint256)",
          "Redeemed(uint256,address,uint256,uint256)", "CloseStarted(uint256,uint64)",
          "ChannelClosed(uint256,uint256,uint256)")
      .collect(Collectors.toMap(Hash::sha3String, signature -> signature.substring(0, signature.indexOf('('))));

  private final ModelWorld world;
  private final Web3j web3j;
  final PaymentChannelsModel model;
  private final Map<String, BigInteger> nonces = new HashMap<>();
  private final Map<VoucherSpec, byte[]> signatures = new HashMap<>();
  private long lastTimestamp;
  private int step;
  /** The channel whose closesAt the clock was just moved to, until the next transaction. */
  private BigInteger focus;

  // Ghost state, from the chain's events only (not from the model).
  /** Channels whose ChannelOpened was seen and whose ChannelClosed was not. */
  private final Set<BigInteger> unclosed = new TreeSet<>();
  private final Map<BigInteger, String> publisherOf = new HashMap<>();
  private final Map<BigInteger, BigInteger> depositOf = new HashMap<>();
  private final Map<BigInteger, Long> closesAtOf = new HashMap<>();
  private final Map<BigInteger, BigInteger> received = new HashMap<>();
  private final Map<BigInteger, BigInteger> covered = new HashMap<>();
  /** (channel, signer) to the highest cumulative amount that signer ever signed for that channel. */
  private final Map<List<Object>, BigInteger> bestSigned = new HashMap<>();

  private ModelRun(ModelWorld world) {
    this.world = world;
    this.web3j = world.web3j;
    this.model = world.freshModel();
  }

  /** Resets the chain to the deployed state and checks that it agrees with a fresh model. */
  static ModelRun start(ModelWorld world) {
    world.resetChain();
    ModelRun run = new ModelRun(world);
    try {
      for (Party account : world.accounts) {
        run.nonces.put(account.address(), run.web3j.ethGetTransactionCount(account.address(),
            DefaultBlockParameterName.LATEST).send().getTransactionCount());
      }
      run.lastTimestamp = run.latestTimestamp();
      run.compareWithChain(null, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run;
  }

  ModelWorld world() {
    return world;
  }

  /** The channel at whose closesAt the next transaction lands, if the last step moved the clock there. */
  BigInteger focus() {
    return focus;
  }

  /** Runs {@code action} on the chain and on the model and checks everything listed above. */
  void execute(ChannelAction action) {
    step++;
    STEPS.incrementAndGet();
    try {
      if (action instanceof Travel travel) {
        travel(travel);
        Statistics.label("outcomes").collect(action.kind(), "ok");
        return;
      }
      long timestamp = lastTimestamp + 1;
      model.now = timestamp;
      focus = null;
      Outcome expected = action.model(model, this::signature);
      Outcome actual = send(action.sender(), action.call(world.contracts, this::signature), timestamp);
      lastTimestamp = timestamp;
      Statistics.label("outcomes").collect(action.kind(), expected.label());
      if (!actual.equals(expected)) {
        throw new AssertionError("step " + step + ", " + action + " at time " + timestamp + ":\n  chain: " + actual
            + "\n  model: " + expected);
      }
      observe(action, actual.events(), timestamp);
      compareWithChain(action.sender(), action.channels());
    } catch (IOException e) {
      throw new UncheckedIOException("step " + step + ", " + action + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Transactions and time
  // ------------------------------------------------------------------------------------------

  /** The signature bytes of {@code voucher}; every signature made is remembered for the ghost checks. */
  private byte[] signature(VoucherSpec voucher) {
    return signatures.computeIfAbsent(voucher, v -> {
      bestSigned.merge(List.of(v.signedChannel(), v.signer().address()), v.signedAmount(), BigInteger::max);
      return v.sign(world.vouchers);
    });
  }

  private Outcome send(Party from, Call call, long timestamp) throws IOException {
    world.call("evm_setNextBlockTimestamp", ModelWorld.AnyResponse.class, timestamp);
    BigInteger nonce = nonces.get(from.address());
    RawTransaction tx = RawTransaction.createTransaction(nonce, world.chain.gasProvider().getGasPrice(),
        ChainConnection.DEFAULT_GAS_LIMIT, call.to(), BigInteger.ZERO, call.data());
    EthSendTransaction sent = web3j.ethSendRawTransaction(
        Numeric.toHexString(TransactionEncoder.signMessage(tx, world.chain.chainId(), from.key()))).send();
    if (sent.hasError()) {
      throw new IOException("anvil refused the transaction: " + sent.getError().getMessage());
    }
    nonces.put(from.address(), nonce.add(BigInteger.ONE));
    TransactionReceipt receipt = receipt(sent.getTransactionHash());
    if (receipt.isStatusOK()) {
      return Outcome.ok(receipt.getLogs().stream()
          .filter(log -> log.getAddress().equalsIgnoreCase(world.channelsContract.address()))
          .map(ModelRun::event).toList());
    }
    String data = world.call("ots_getTransactionError", ModelWorld.StringResponse.class, sent.getTransactionHash());
    Revert revert = ContractErrors.ALL.decode(data)
        .map(e -> Revert.of(e.errorName(), e.arguments().toArray()))
        .orElseGet(() -> Revert.of("undecoded revert", data));
    return new Outcome(revert, List.of());
  }

  private TransactionReceipt receipt(String hash) throws IOException {
    for (int attempt = 0; attempt < 500; attempt++) {
      var receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + hash, e);
      }
    }
    throw new IOException("no receipt for " + hash + " (anvil automines: one block per transaction)");
  }

  private static Event event(Log log) {
    List<String> topics = log.getTopics();
    String name = EVENTS.get(topics.get(0));
    if (name == null) {
      throw new AssertionError("PaymentChannels emitted an event this test does not know: " + topics.get(0));
    }
    List<BigInteger> fields = new ArrayList<>();
    topics.stream().skip(1).map(Numeric::toBigInt).forEach(fields::add);
    words(log.getData()).forEach(fields::add);
    return new Event(name, fields);
  }

  private static List<BigInteger> words(String hex) {
    String clean = Numeric.cleanHexPrefix(hex);
    List<BigInteger> words = new ArrayList<>();
    for (int i = 0; i + 64 <= clean.length(); i += 64) {
      words.add(new BigInteger(clean.substring(i, i + 64), 16));
    }
    return words;
  }

  private void travel(Travel travel) throws IOException {
    if (travel.channelId() == null) {
      world.dev.advanceTime(travel.seconds());
      lastTimestamp = latestTimestamp();
      return;
    }
    Channel c = model.channel(travel.channelId());
    long target = c != null && c.closesAt != 0 ? c.closesAt + travel.offset() - 1 : lastTimestamp + 1;
    target = Math.max(target, lastTimestamp + 1);
    focus = travel.channelId();
    world.call("evm_setNextBlockTimestamp", ModelWorld.AnyResponse.class, target);
    world.call("evm_mine", ModelWorld.AnyResponse.class);
    lastTimestamp = target;
  }

  private long latestTimestamp() throws IOException {
    return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
        .longValueExact();
  }

  // ------------------------------------------------------------------------------------------
  // Checks
  // ------------------------------------------------------------------------------------------

  /** The invariants that need only the chain's events (and the signatures this run made). */
  private void observe(ChannelAction action, List<Event> events, long timestamp) {
    for (Event e : events) {
      List<BigInteger> f = e.fields();
      BigInteger id = f.get(0);
      switch (e.name()) {
        case "ChannelOpened" -> {
          unclosed.add(id);
          publisherOf.put(id, address(f.get(1)));
          depositOf.put(id, f.get(4));
        }
        case "ToppedUp" -> depositOf.put(id, f.get(2));
        case "CloseStarted" -> closesAtOf.put(id, f.get(1).longValueExact());
        case "Redeemed" -> {
          Long closesAt = closesAtOf.get(id);
          check(closesAt == null || timestamp < closesAt, action,
              "channel %s paid a voucher at %s, not before its closesAt %s", id, timestamp, closesAt);
          BigInteger total = received.merge(id, f.get(3), BigInteger::add);
          covered.merge(id, f.get(2).min(depositOf.get(id)), BigInteger::max);
          BigInteger best = bestSigned.getOrDefault(List.of(id, publisherOf.get(id)), BigInteger.ZERO);
          check(total.compareTo(best) <= 0, action,
              "channel %s paid its provider %s in all, more than the best voucher its publisher signed (%s)",
              id, total, best);
        }
        case "ChannelClosed" -> {
          unclosed.remove(id);
          BigInteger paidTotal = f.get(1);
          BigInteger returned = f.get(2);
          BigInteger deposit = depositOf.get(id);
          BigInteger redeemed = received.getOrDefault(id, BigInteger.ZERO);
          check(paidTotal.equals(redeemed), action,
              "channel %s closed reporting %s paid, but its Redeemed events paid %s", id, paidTotal, redeemed);
          check(paidTotal.add(returned).equals(deposit), action,
              "channel %s closed: paid %s + returned %s is not its deposit %s", id, paidTotal, returned, deposit);
          BigInteger voucherCovered = covered.getOrDefault(id, BigInteger.ZERO);
          check(returned.compareTo(deposit.subtract(voucherCovered)) <= 0, action,
              "channel %s returned %s to its publisher, though redeemed vouchers covered %s of its deposit %s",
              id, returned, voucherCovered, deposit);
          Long closesAt = closesAtOf.get(id);
          check(action instanceof ChannelAction.CloseByProvider || (closesAt != null && timestamp >= closesAt), action,
              "channel %s was settled at %s, before its closesAt %s", id, timestamp, closesAt);
        }
        default -> { }
      }
    }
  }

  /** Reads everything the model knows from the chain, in one JSON-RPC batch, and compares. */
  private void compareWithChain(Party sender, List<BigInteger> touched) throws IOException {
    var reads = new Reads();
    var xen = world.contracts.xen();
    var channels = world.contracts.channels();
    String contract = world.channelsContract.address();
    List<Party> holders = new ArrayList<>(world.accounts);
    holders.add(world.channelsContract);
    for (Party p : holders) {
      reads.add("balance of " + p, xen.getContractAddress(), xen.balanceOf(p.address()).encodeFunctionCall(),
          Numeric::toBigInt, model.balanceOf(p.address()));
    }
    for (Party p : sender == null ? world.accounts : List.of(sender)) {
      reads.add("allowance of " + p, xen.getContractAddress(), xen.allowance(p.address(), contract).encodeFunctionCall(),
          Numeric::toBigInt, model.allowanceOf(p.address()));
    }
    for (Party p : world.accounts) {
      reads.add("escrow of " + p, contract, channels.escrowOf(p.address()).encodeFunctionCall(),
          Numeric::toBigInt, model.escrowOf(p.address()));
    }
    reads.add("channelCount", contract, channels.channelCount().encodeFunctionCall(), Numeric::toBigInt,
        BigInteger.valueOf(model.channelCount()));
    Set<BigInteger> ids = new TreeSet<>(unclosed);
    model.channels().stream().filter(c -> !c.closed).forEach(c -> ids.add(c.id));
    ids.addAll(touched);
    for (BigInteger id : ids) {
      reads.add("info of channel " + id, contract, channels.channelInfo(id).encodeFunctionCall(), ModelRun::info,
          model.channelInfo(id));
    }
    for (BigInteger id : touched) {
      reads.add("state of channel " + id, contract, channels.channelState(id).encodeFunctionCall(),
          hex -> State.values()[Numeric.toBigInt(hex).intValueExact()], model.stateOf(id));
    }
    Map<String, Object> chain = reads.send(web3j, world.treasury.address());

    List<String> mismatches = new ArrayList<>();
    reads.expected.forEach((label, expected) -> {
      if (!expected.equals(chain.get(label))) {
        mismatches.add(label + ": chain " + chain.get(label) + ", model " + expected);
      }
    });
    if (!mismatches.isEmpty()) {
      throw new AssertionError("after step " + step + " the chain and the model differ:\n  "
          + String.join("\n  ", mismatches));
    }

    // Solady's invariantBalanceSum: the contract holds exactly free escrow plus what channels still hold.
    BigInteger escrow = world.accounts.stream().map(p -> (BigInteger) chain.get("escrow of " + p))
        .reduce(BigInteger.ZERO, BigInteger::add);
    // Every channel that still holds anything is in `ids`; a closed one reads as deposit 0, paid 0.
    BigInteger locked = ids.stream().map(id -> (ChannelInfo) chain.get("info of channel " + id))
        .map(info -> info.deposit().subtract(info.paid())).reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger held = (BigInteger) chain.get("balance of " + world.channelsContract);
    if (!held.equals(escrow.add(locked).add(model.stray()))) {
      throw new AssertionError("after step " + step + " PaymentChannels holds " + held + " XEN wei, but free escrow "
          + escrow + " + open channels " + locked + " + stray transfers " + model.stray() + " = "
          + escrow.add(locked).add(model.stray()));
    }
  }

  private static ChannelInfo info(String hex) {
    List<BigInteger> w = words(hex);
    return new ChannelInfo(address(w.get(0)), address(w.get(1)), w.get(2), w.get(3), w.get(4).longValueExact());
  }

  private static String address(BigInteger word) {
    return Numeric.toHexStringWithPrefixZeroPadded(word, 40);
  }

  private void check(boolean holds, ChannelAction action, String format, Object... args) {
    if (!holds) {
      throw new AssertionError("step " + step + ", " + action + ": " + String.format(format, args));
    }
  }

  /** Labelled {@code eth_call}s sent as one batch, each with what the model expects it to return. */
  private static final class Reads {
    final Map<String, Object> expected = new LinkedHashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<String> data = new ArrayList<>();
    private final List<Function<String, ?>> parsers = new ArrayList<>();

    void add(String label, String to, String calldata, Function<String, ?> parser, Object modelValue) {
      labels.add(label);
      targets.add(to);
      data.add(calldata);
      parsers.add(parser);
      expected.put(label, modelValue);
    }

    Map<String, Object> send(Web3j web3j, String from) throws IOException {
      BatchRequest batch = web3j.newBatch();
      Map<Long, Integer> indexById = new HashMap<>();
      for (int i = 0; i < labels.size(); i++) {
        var request = web3j.ethCall(Transaction.createEthCallTransaction(from, targets.get(i), data.get(i)),
            DefaultBlockParameterName.LATEST);
        indexById.put(request.getId(), i);
        batch.add(request);
      }
      BatchResponse response = batch.send();
      Map<String, Object> values = new HashMap<>();
      for (Response<?> r : response.getResponses()) {
        int i = indexById.get(r.getId());
        EthCall call = (EthCall) r;
        if (call.hasError()) {
          throw new IOException(labels.get(i) + ": eth_call failed: " + call.getError().getMessage());
        }
        values.put(labels.get(i), parsers.get(i).apply(call.getValue()));
      }
      return values;
    }
  }
}
