package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.web3j.utils.Numeric;

/**
 * PaymentChannels and the XenCoin balances it moves, as plain Java: the specification the model-based
 * property test ({@link PaymentChannelsModelIT}) holds the contract to. It follows DESIGN.md
 * ("Contracts") and the NatSpec of {@code IPaymentChannels}; where those leave the order of checks open,
 * it follows the interface's error list in the order a caller would hit them.
 *
 * <p>Every operation is one transaction sent by {@code caller} in a block at time {@link #now}. It
 * returns what the transaction must produce: a revert with an exact custom error (and then the model
 * is unchanged: a revert undoes everything), or success with the contract's events in order.
 * Addresses are lower-case 0x-hex strings. Nothing here knows about storage layouts or gas.
 */
final class PaymentChannelsModel {
  static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  static final BigInteger MAX_CHANNEL_DEPOSIT = BigInteger.ONE.shiftLeft(95).subtract(BigInteger.ONE);
  static final int MAX_CHANNELS_PER_BATCH = 1000;
  /** Each {@code openChannels} call starts a fresh page of 2^10 ids: {@code page << 10 | k}, k = 1 .. n. */
  static final int PAGE_BITS = 10;
  static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
  /** Half the secp256k1 order: OpenZeppelin's ECDSA rejects any larger s (no malleable twins). */
  static final BigInteger HALF_ORDER = Vouchers.HALF_ORDER;
  /** Solidity's panic code for an arithmetic overflow. */
  static final BigInteger PANIC_OVERFLOW = BigInteger.valueOf(0x11);

  /** The EVM's {@code ecrecover} on a voucher's EIP-712 digest: the signer, or null when no key matches. */
  interface Ecrecover {
    String signer(BigInteger channelId, BigInteger cumulativeAmount, byte v, byte[] r, byte[] s);
  }

  /** {@code IPaymentChannels.ChannelState}, in the contract's order. */
  enum State { NONE, OPEN, CLOSING, CLOSED }

  /** What {@code channelInfo} returns. */
  record ChannelInfo(String publisher, String provider, BigInteger deposit, BigInteger paid, long closesAt) {
    static final ChannelInfo NONE = new ChannelInfo(ZERO_ADDRESS, ZERO_ADDRESS, BigInteger.ZERO, BigInteger.ZERO, 0);
  }

  /** A custom error and its arguments (addresses and bytes32 as lower-case 0x-hex, uints as BigInteger). */
  record Revert(String error, List<Object> args) {
    static Revert of(String error, Object... args) {
      return new Revert(error, Arrays.stream(args).map(Revert::normalize).toList());
    }

    static Object normalize(Object arg) {
      return switch (arg) {
        case String s -> s.toLowerCase(Locale.ROOT);
        case byte[] b -> Numeric.toHexString(b);
        case Long l -> BigInteger.valueOf(l);
        case Integer i -> BigInteger.valueOf(i);
        default -> arg;
      };
    }

    @Override
    public String toString() {
      return error + args.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** A PaymentChannels event: its fields in declaration order (indexed ones come first in all of ours). */
  record Event(String name, List<BigInteger> fields) {
    static Event of(String name, Object... fields) {
      return new Event(name, Arrays.stream(fields).map(f -> switch (f) {
        case String address -> Numeric.toBigInt(address);
        case Long l -> BigInteger.valueOf(l);
        case Integer i -> BigInteger.valueOf(i);
        default -> (BigInteger) f;
      }).toList());
    }

    @Override
    public String toString() {
      return name + fields.stream().map(f -> f.bitLength() > 100 ? Numeric.toHexStringWithPrefix(f) : f.toString())
          .collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** What a transaction does: reverts with {@code revert}, or succeeds and emits {@code events}. */
  record Outcome(Revert revert, List<Event> events) {
    static Outcome ok(List<Event> events) {
      return new Outcome(null, List.copyOf(events));
    }

    static Outcome ok(Event... events) {
      return ok(List.of(events));
    }

    static Outcome reverts(String error, Object... args) {
      return new Outcome(Revert.of(error, args), List.of());
    }

    boolean succeeded() {
      return revert == null;
    }

    /** "ok" or the error's name, for statistics. */
    String label() {
      return succeeded() ? "ok" : revert.error();
    }

    @Override
    public String toString() {
      return succeeded() ? "ok " + events : "reverts " + revert;
    }
  }

  static final class Channel {
    final BigInteger id;
    final String publisher;
    final String provider;
    BigInteger deposit;
    BigInteger paid = BigInteger.ZERO;
    long closesAt; // 0 until startClose
    boolean closed;

    Channel(BigInteger id, String publisher, String provider, BigInteger deposit) {
      this.id = id;
      this.publisher = publisher;
      this.provider = provider;
      this.deposit = deposit;
    }

    Channel copy() {
      Channel c = new Channel(id, publisher, provider, deposit);
      c.paid = paid;
      c.closesAt = closesAt;
      c.closed = closed;
      return c;
    }

    State state() {
      return closed ? State.CLOSED : closesAt != 0 ? State.CLOSING : State.OPEN;
    }
  }

  final String contract;
  final long challengePeriod;
  private final Ecrecover ecrecover;
  private final Map<String, BigInteger> balances = new HashMap<>();
  /** Each account's allowance to the contract; {@link #MAX_UINT256} is infinite (never spent). */
  private final Map<String, BigInteger> allowances = new HashMap<>();
  private final Map<String, BigInteger> escrow = new HashMap<>();
  /** Every channel ever opened, by id. */
  private final TreeMap<BigInteger, Channel> channels = new TreeMap<>();
  private long nextPage;
  /** Tokens sent to the contract with a plain ERC-20 transfer: nobody's escrow, held for good. */
  private BigInteger stray = BigInteger.ZERO;
  /** The timestamp of the block the next transaction is mined in. */
  long now;

  PaymentChannelsModel(String contract, long challengePeriod, Ecrecover ecrecover) {
    this.contract = lower(contract);
    this.challengePeriod = challengePeriod;
    this.ecrecover = ecrecover;
  }

  private PaymentChannelsModel(PaymentChannelsModel other) {
    this(other.contract, other.challengePeriod, other.ecrecover);
    assign(other);
  }

  private void assign(PaymentChannelsModel other) {
    balances.clear();
    balances.putAll(other.balances);
    allowances.clear();
    allowances.putAll(other.allowances);
    escrow.clear();
    escrow.putAll(other.escrow);
    channels.clear();
    other.channels.forEach((id, c) -> channels.put(id, c.copy()));
    nextPage = other.nextPage;
    stray = other.stray;
    now = other.now;
  }

  // ------------------------------------------------------------------------------------------
  // Views
  // ------------------------------------------------------------------------------------------

  BigInteger balanceOf(String account) {
    return balances.getOrDefault(lower(account), BigInteger.ZERO);
  }

  BigInteger allowanceOf(String account) {
    return allowances.getOrDefault(lower(account), BigInteger.ZERO);
  }

  BigInteger escrowOf(String account) {
    return escrow.getOrDefault(lower(account), BigInteger.ZERO);
  }

  BigInteger stray() {
    return stray;
  }

  State stateOf(BigInteger channelId) {
    Channel c = channels.get(channelId);
    return c == null ? State.NONE : c.state();
  }

  /** A closed channel only keeps its publisher; an id never handed out reads as all zeros. */
  ChannelInfo channelInfo(BigInteger channelId) {
    Channel c = channels.get(channelId);
    if (c == null) {
      return ChannelInfo.NONE;
    }
    if (c.closed) {
      return new ChannelInfo(c.publisher, ZERO_ADDRESS, BigInteger.ZERO, BigInteger.ZERO, 0);
    }
    return new ChannelInfo(c.publisher, c.provider, c.deposit, c.paid, c.closesAt);
  }

  Channel channel(BigInteger channelId) {
    return channels.get(channelId);
  }

  List<Channel> channels() {
    return List.copyOf(channels.values());
  }

  long channelCount() {
    return channels.size();
  }

  long pagesUsed() {
    return nextPage;
  }

  /** Everything but the clock, so that a step that reverted leaves the same fingerprint. */
  String fingerprint() {
    return new TreeMap<>(balances) + "|" + new TreeMap<>(allowances) + "|" + new TreeMap<>(escrow) + "|"
        + channels.values().stream().map(c -> c.id + ":" + c.deposit + ":" + c.paid + ":" + c.closesAt + ":" + c.closed)
            .collect(Collectors.joining(",")) + "|" + nextPage + "|" + stray;
  }

  // ------------------------------------------------------------------------------------------
  // XenCoin (OpenZeppelin ERC-20)
  // ------------------------------------------------------------------------------------------

  /** Genesis: {@code account} holds {@code amount} and has approved the contract for {@code allowance}. */
  void fund(String account, BigInteger amount, BigInteger allowance) {
    balances.put(lower(account), amount);
    allowances.put(lower(account), allowance);
  }

  Outcome transfer(String from, String to, BigInteger amount) {
    if (lower(to).equals(ZERO_ADDRESS)) {
      return Outcome.reverts("ERC20InvalidReceiver", ZERO_ADDRESS);
    }
    BigInteger balance = balanceOf(from);
    if (balance.compareTo(amount) < 0) {
      return Outcome.reverts("ERC20InsufficientBalance", from, balance, amount);
    }
    move(from, to, amount);
    if (lower(to).equals(contract)) {
      stray = stray.add(amount);
    }
    return Outcome.ok();
  }

  /** {@code approve(PaymentChannels, amount)}. */
  Outcome approve(String owner, BigInteger amount) {
    allowances.put(lower(owner), amount);
    return Outcome.ok();
  }

  // ------------------------------------------------------------------------------------------
  // Escrow
  // ------------------------------------------------------------------------------------------

  Outcome deposit(String caller, BigInteger amount) {
    return credit(caller, caller, amount);
  }

  Outcome depositFor(String caller, String account, BigInteger amount) {
    if (lower(account).equals(ZERO_ADDRESS)) {
      return Outcome.reverts("PaymentChannelsZeroAccount");
    }
    return credit(caller, account, amount);
  }

  /** Credits {@code account}'s escrow, then pulls the tokens from {@code caller} ({@code transferFrom}). */
  private Outcome credit(String caller, String account, BigInteger amount) {
    if (amount.signum() == 0) {
      return Outcome.reverts("PaymentChannelsZeroAmount");
    }
    BigInteger credited = escrowOf(account).add(amount);
    if (credited.compareTo(MAX_UINT256) > 0) {
      return Outcome.reverts("Panic", PANIC_OVERFLOW); // checked arithmetic, before the pull
    }
    BigInteger allowance = allowanceOf(caller);
    if (allowance.compareTo(MAX_UINT256) < 0) {
      if (allowance.compareTo(amount) < 0) {
        return Outcome.reverts("ERC20InsufficientAllowance", contract, allowance, amount);
      }
    }
    BigInteger balance = balanceOf(caller);
    if (balance.compareTo(amount) < 0) {
      return Outcome.reverts("ERC20InsufficientBalance", caller, balance, amount);
    }
    if (allowance.compareTo(MAX_UINT256) < 0) {
      allowances.put(lower(caller), allowance.subtract(amount));
    }
    move(caller, contract, amount);
    escrow.put(lower(account), credited);
    return Outcome.ok(Event.of("Deposited", account, caller, amount));
  }

  Outcome withdraw(String caller, BigInteger amount) {
    if (amount.signum() == 0) {
      return Outcome.reverts("PaymentChannelsZeroAmount");
    }
    BigInteger available = escrowOf(caller);
    if (available.compareTo(amount) < 0) {
      return Outcome.reverts("PaymentChannelsInsufficientEscrow", caller, available, amount);
    }
    escrow.put(lower(caller), available.subtract(amount));
    move(contract, caller, amount);
    return Outcome.ok(Event.of("Withdrawn", caller, amount));
  }

  // ------------------------------------------------------------------------------------------
  // Channels
  // ------------------------------------------------------------------------------------------

  Outcome openChannels(String caller, BigInteger jobId, List<String> providers, List<BigInteger> amounts) {
    int n = providers.size();
    if (n != amounts.size()) {
      return Outcome.reverts("PaymentChannelsBatchLengthMismatch", n, amounts.size());
    }
    if (n == 0) {
      return Outcome.reverts("PaymentChannelsEmptyBatch");
    }
    if (n > MAX_CHANNELS_PER_BATCH) {
      return Outcome.reverts("PaymentChannelsBatchTooLarge", n, MAX_CHANNELS_PER_BATCH);
    }
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      String provider = lower(providers.get(i));
      BigInteger amount = amounts.get(i);
      if (provider.equals(ZERO_ADDRESS)) {
        return Outcome.reverts("PaymentChannelsZeroProvider", i);
      }
      if (provider.equals(lower(caller))) {
        return Outcome.reverts("PaymentChannelsProviderIsPublisher", i);
      }
      if (amount.signum() == 0) {
        return Outcome.reverts("PaymentChannelsZeroDeposit", i);
      }
      if (amount.compareTo(MAX_CHANNEL_DEPOSIT) > 0) {
        return Outcome.reverts("PaymentChannelsDepositTooLarge", amount, MAX_CHANNEL_DEPOSIT);
      }
      total = total.add(amount);
    }
    BigInteger available = escrowOf(caller);
    if (available.compareTo(total) < 0) {
      return Outcome.reverts("PaymentChannelsInsufficientEscrow", caller, available, total);
    }
    escrow.put(lower(caller), available.subtract(total));
    BigInteger first = BigInteger.valueOf(nextPage++).shiftLeft(PAGE_BITS).add(BigInteger.ONE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigInteger id = first.add(BigInteger.valueOf(i));
      channels.put(id, new Channel(id, lower(caller), lower(providers.get(i)), amounts.get(i)));
      events.add(Event.of("ChannelOpened", id, caller, providers.get(i), jobId, amounts.get(i)));
    }
    return Outcome.ok(events);
  }

  Outcome topUp(String caller, BigInteger channelId, BigInteger amount) {
    if (amount.signum() == 0) {
      return Outcome.reverts("PaymentChannelsZeroAmount");
    }
    Outcome refused = requirePublisherBeforeClose(caller, channelId);
    if (refused != null) {
      return refused;
    }
    Channel c = channels.get(channelId);
    BigInteger room = MAX_CHANNEL_DEPOSIT.subtract(c.deposit);
    if (amount.compareTo(room) > 0) {
      return Outcome.reverts("PaymentChannelsDepositTooLarge", amount, room);
    }
    BigInteger available = escrowOf(caller);
    if (available.compareTo(amount) < 0) {
      return Outcome.reverts("PaymentChannelsInsufficientEscrow", caller, available, amount);
    }
    escrow.put(lower(caller), available.subtract(amount));
    c.deposit = c.deposit.add(amount);
    return Outcome.ok(Event.of("ToppedUp", channelId, amount, c.deposit));
  }

  /** Anyone may submit; the provider is paid {@code min(cumulativeAmount, deposit) - paid}. */
  Outcome redeem(String caller, BigInteger channelId, BigInteger cumulativeAmount, byte[] signature) {
    Outcome notOpen = requireOpen(channelId);
    if (notOpen != null) {
      return notOpen;
    }
    Channel c = channels.get(channelId);
    Outcome over = requireBeforeClosesAt(c);
    if (over != null) {
      return over;
    }
    BigInteger owed = cumulativeAmount.min(c.deposit);
    if (owed.compareTo(c.paid) <= 0) {
      return Outcome.reverts("PaymentChannelsNothingToRedeem", channelId);
    }
    Outcome forged = requireSignedByPublisher(c, cumulativeAmount, signature);
    if (forged != null) {
      return forged;
    }
    BigInteger amount = owed.subtract(c.paid);
    c.paid = owed;
    move(contract, c.provider, amount);
    return Outcome.ok(Event.of("Redeemed", channelId, c.provider, cumulativeAmount, amount));
  }

  /** Like {@link #redeem} for each voucher in turn; all or nothing. */
  Outcome redeemMany(String caller, List<BigInteger> channelIds, List<BigInteger> cumulativeAmounts,
      List<byte[]> signatures) {
    int n = channelIds.size();
    if (n != cumulativeAmounts.size() || n != signatures.size()) {
      return Outcome.reverts("PaymentChannelsRedeemLengthMismatch", n, cumulativeAmounts.size(), signatures.size());
    }
    if (n == 0) {
      return Outcome.reverts("PaymentChannelsEmptyBatch");
    }
    PaymentChannelsModel attempt = new PaymentChannelsModel(this);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Outcome one = attempt.redeem(caller, channelIds.get(i), cumulativeAmounts.get(i), signatures.get(i));
      if (!one.succeeded()) {
        return one;
      }
      events.addAll(one.events());
    }
    assign(attempt);
    return Outcome.ok(events);
  }

  /**
   * The provider takes what the voucher still owes it and returns the rest to the publisher's free
   * escrow. A voucher that pays nothing more is not checked at all: the provider may simply close.
   */
  Outcome closeByProvider(String caller, BigInteger channelId, BigInteger cumulativeAmount, byte[] signature) {
    Outcome notOpen = requireOpen(channelId);
    if (notOpen != null) {
      return notOpen;
    }
    Channel c = channels.get(channelId);
    if (!c.provider.equals(lower(caller))) {
      return Outcome.reverts("PaymentChannelsNotProvider", channelId, caller);
    }
    Outcome over = requireBeforeClosesAt(c);
    if (over != null) {
      return over;
    }
    BigInteger owed = cumulativeAmount.min(c.deposit);
    List<Event> events = new ArrayList<>();
    BigInteger amount = BigInteger.ZERO;
    if (owed.compareTo(c.paid) > 0) {
      Outcome forged = requireSignedByPublisher(c, cumulativeAmount, signature);
      if (forged != null) {
        return forged;
      }
      amount = owed.subtract(c.paid);
      c.paid = owed;
      move(contract, c.provider, amount);
      events.add(Event.of("Redeemed", channelId, c.provider, cumulativeAmount, amount));
    }
    events.add(close(c));
    return Outcome.ok(events);
  }

  Outcome startClose(String caller, BigInteger channelId) {
    Outcome refused = requirePublisherBeforeClose(caller, channelId);
    if (refused != null) {
      return refused;
    }
    Channel c = channels.get(channelId);
    c.closesAt = now + challengePeriod;
    return Outcome.ok(Event.of("CloseStarted", channelId, c.closesAt));
  }

  /** Anyone, from {@code closesAt} on. */
  Outcome settle(String caller, BigInteger channelId) {
    Outcome notOpen = requireOpen(channelId);
    if (notOpen != null) {
      return notOpen;
    }
    Channel c = channels.get(channelId);
    if (c.closesAt == 0) {
      return Outcome.reverts("PaymentChannelsCloseNotStarted", channelId);
    }
    if (now < c.closesAt) {
      return Outcome.reverts("PaymentChannelsChallengePeriodActive", channelId, c.closesAt);
    }
    return Outcome.ok(close(c));
  }

  // ------------------------------------------------------------------------------------------

  private Outcome requireOpen(BigInteger channelId) {
    return switch (stateOf(channelId)) {
      case NONE -> Outcome.reverts("PaymentChannelsUnknownChannel", channelId);
      case CLOSED -> Outcome.reverts("PaymentChannelsAlreadyClosed", channelId);
      case OPEN, CLOSING -> null;
    };
  }

  /** For the publisher's own moves on a channel ({@code topUp}, {@code startClose}): open, not closing. */
  private Outcome requirePublisherBeforeClose(String caller, BigInteger channelId) {
    Outcome notOpen = requireOpen(channelId);
    if (notOpen != null) {
      return notOpen;
    }
    Channel c = channels.get(channelId);
    if (!c.publisher.equals(lower(caller))) {
      return Outcome.reverts("PaymentChannelsNotPublisher", channelId, caller);
    }
    if (c.closesAt != 0) {
      return Outcome.reverts("PaymentChannelsCloseAlreadyStarted", channelId, c.closesAt);
    }
    return null;
  }

  /** Vouchers of a closing channel are good while {@code now < closesAt}. */
  private Outcome requireBeforeClosesAt(Channel c) {
    if (c.closesAt != 0 && now >= c.closesAt) {
      return Outcome.reverts("PaymentChannelsChallengePeriodOver", c.id, c.closesAt);
    }
    return null;
  }

  /** OpenZeppelin's ECDSA: 65 bytes {@code r ‖ s ‖ v}, s in the lower half, a key that recovers. */
  private Outcome requireSignedByPublisher(Channel c, BigInteger cumulativeAmount, byte[] signature) {
    if (signature.length != 65) {
      return Outcome.reverts("ECDSAInvalidSignatureLength", signature.length);
    }
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    if (new BigInteger(1, s).compareTo(HALF_ORDER) > 0) {
      return Outcome.reverts("ECDSAInvalidSignatureS", s);
    }
    byte v = signature[64];
    String signer = v == 27 || v == 28 ? ecrecover.signer(c.id, cumulativeAmount, v, r, s) : null;
    if (signer == null) {
      return Outcome.reverts("ECDSAInvalidSignature");
    }
    if (!lower(signer).equals(c.publisher)) {
      return Outcome.reverts("PaymentChannelsInvalidSigner", c.id, signer);
    }
    return null;
  }

  /** Ends a channel: what the provider was not paid goes back to the publisher's free escrow. */
  private Event close(Channel c) {
    BigInteger returned = c.deposit.subtract(c.paid);
    escrow.merge(c.publisher, returned, BigInteger::add);
    c.closed = true;
    return Event.of("ChannelClosed", c.id, c.paid, returned);
  }

  private void move(String from, String to, BigInteger amount) {
    balances.merge(lower(from), amount.negate(), BigInteger::add);
    balances.merge(lower(to), amount, BigInteger::add);
  }

  static String lower(String address) {
    return Objects.requireNonNull(address, "address").toLowerCase(Locale.ROOT);
  }
}
