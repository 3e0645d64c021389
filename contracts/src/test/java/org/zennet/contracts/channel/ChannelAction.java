package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import org.zennet.contracts.Xen;
import org.zennet.contracts.channel.PaymentChannelsModel.Outcome;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;

/**
 * One step of {@link PaymentChannelsModelIT}: a transaction (or a jump of the chain's clock) that is
 * run both on the model and on the chain. Each step's {@code toString} is what jqwik prints for a failing
 * sequence, e.g. {@code publisher1 openChannels(job 3, [provider2: 5 XEN, provider4: 1 XEN])}.
 */
sealed interface ChannelAction {

  /** An account of the test (with its key), or an address that only receives (the contract, zero). */
  record Party(String name, String address, Credentials key) {
    public Party {
      address = PaymentChannelsModel.lower(address);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The transaction a step sends: calldata for {@code to}. */
  record Call(String to, String data) {}

  /** The deployed contracts, for encoding calls. */
  record Contracts(PaymentChannels channels, XenCoin xen) {}

  /** What a signature is made of before it goes on chain. */
  enum Mangling {
    NONE(""),
    /** (r, n - s, v flipped): recovers to the same key, but OpenZeppelin rejects high s. */
    HIGH_S(", high-s twin"),
    /** v as the raw recovery id 0/1 instead of 27/28: ecrecover finds no key. */
    RAW_V(", v = 0/1"),
    /** The last byte cut off: 64 bytes. */
    SHORT(", 64 bytes");

    private final String label;

    Mangling(String label) {
      this.label = label;
    }
  }

  /**
   * A voucher as submitted, {@code (channelId, amount, signature)}, where the signature is {@code signer}'s
   * over {@code (signedChannel, signedAmount)}, then mangled. It is genuine when the signer is the
   * channel's publisher, nothing differs and nothing is mangled.
   */
  record VoucherSpec(BigInteger channelId, BigInteger amount, Party signer, BigInteger signedChannel,
      BigInteger signedAmount, Mangling mangling) {

    byte[] sign(Vouchers vouchers) {
      byte[] sig = vouchers.sign(new Voucher(signedChannel, signedAmount), signer.key()).signature();
      switch (mangling) {
        case NONE -> { }
        case HIGH_S -> {
          BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
          System.arraycopy(Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN().subtract(s), 32), 0, sig, 32, 32);
          sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
        }
        case RAW_V -> sig[64] -= 27;
        case SHORT -> sig = java.util.Arrays.copyOf(sig, 64);
      }
      return sig;
    }

    @Override
    public String toString() {
      return shown(amount) + " on channel " + channelId + " by " + signer
          + (signedChannel.equals(channelId) ? "" : ", signed for channel " + signedChannel)
          + (signedAmount.equals(amount) ? "" : ", signed for " + shown(signedAmount))
          + mangling.label;
    }
  }

  /** The account sending the transaction. */
  Party sender();

  /** The action's name, for statistics. */
  String kind();

  /** Runs the step on the model; {@code signatures} turns a voucher into its signature bytes. */
  Outcome model(PaymentChannelsModel model, Function<VoucherSpec, byte[]> signatures);

  Call call(Contracts contracts, Function<VoucherSpec, byte[]> signatures);

  /** The channels the step names. */
  default List<BigInteger> channels() {
    return List.of();
  }

  record Deposit(Party sender, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "deposit";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.deposit(sender.address(), amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels().deposit(amount).encodeFunctionCall());
    }

    @Override
    public String toString() {
      return sender + " deposit(" + shown(amount) + ")";
    }
  }

  record DepositFor(Party sender, Party account, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "depositFor";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.depositFor(sender.address(), account.address(), amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(),
          c.channels().depositFor(account.address(), amount).encodeFunctionCall());
    }

    @Override
    public String toString() {
      return sender + " depositFor(" + account + ", " + shown(amount) + ")";
    }
  }

  record Withdraw(Party sender, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "withdraw";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.withdraw(sender.address(), amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels().withdraw(amount).encodeFunctionCall());
    }

    @Override
    public String toString() {
      return sender + " withdraw(" + shown(amount) + ")";
    }
  }

  /** XEN {@code approve(PaymentChannels, amount)}. */
  record Approve(Party sender, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "approve";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.approve(sender.address(), amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.xen().getContractAddress(),
          c.xen().approve(c.channels().getContractAddress(), amount).encodeFunctionCall());
    }

    @Override
    public String toString() {
      return sender + " approve(PaymentChannels, " + shown(amount) + ")";
    }
  }

  /** XEN {@code transfer}, to an account, the contract itself (stray tokens) or the zero address. */
  record Transfer(Party sender, Party to, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "transfer";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.transfer(sender.address(), to.address(), amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.xen().getContractAddress(), c.xen().transfer(to.address(), amount).encodeFunctionCall());
    }

    @Override
    public String toString() {
      return sender + " transfer(" + to + ", " + shown(amount) + ")";
    }
  }

  record OpenChannels(Party sender, BigInteger jobId, List<Party> providers, List<BigInteger> amounts)
      implements ChannelAction {
    public String kind() {
      return "openChannels";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.openChannels(sender.address(), jobId, providers.stream().map(Party::address).toList(), amounts);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels()
          .openChannels(jobId, providers.stream().map(Party::address).toList(), amounts).encodeFunctionCall());
    }

    @Override
    public String toString() {
      String batch;
      if (providers.size() > 8) {
        batch = providers.size() + " × " + providers.get(0) + ": " + shown(amounts.get(0));
      } else if (providers.size() == amounts.size()) {
        batch = IntStream.range(0, providers.size())
            .mapToObj(i -> providers.get(i) + ": " + shown(amounts.get(i))).collect(Collectors.joining(", "));
      } else {
        batch = "providers " + providers + " but amounts " + amounts.stream().map(ChannelAction::shown).toList();
      }
      return sender + " openChannels(job " + jobId + ", [" + batch + "])";
    }
  }

  record TopUp(Party sender, BigInteger channelId, BigInteger amount) implements ChannelAction {
    public String kind() {
      return "topUp";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.topUp(sender.address(), channelId, amount);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels().topUp(channelId, amount).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return List.of(channelId);
    }

    @Override
    public String toString() {
      return sender + " topUp(channel " + channelId + ", " + shown(amount) + ")";
    }
  }

  record Redeem(Party sender, VoucherSpec voucher) implements ChannelAction {
    public String kind() {
      return "redeem";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.redeem(sender.address(), voucher.channelId(), voucher.amount(), sigs.apply(voucher));
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels()
          .redeem(voucher.channelId(), voucher.amount(), sigs.apply(voucher)).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return List.of(voucher.channelId());
    }

    @Override
    public String toString() {
      return sender + " redeem(" + voucher + ")";
    }
  }

  /** {@code redeemMany}; {@code amountsDropped}/{@code signaturesDropped} cut those arrays short. */
  record RedeemMany(Party sender, List<VoucherSpec> vouchers, int amountsDropped, int signaturesDropped)
      implements ChannelAction {
    public String kind() {
      return "redeemMany";
    }

    private List<BigInteger> ids() {
      return vouchers.stream().map(VoucherSpec::channelId).toList();
    }

    private List<BigInteger> amounts() {
      return vouchers.stream().map(VoucherSpec::amount).limit(Math.max(0, vouchers.size() - amountsDropped)).toList();
    }

    private List<byte[]> signatures(Function<VoucherSpec, byte[]> sigs) {
      return vouchers.stream().map(sigs).limit(Math.max(0, vouchers.size() - signaturesDropped)).toList();
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.redeemMany(sender.address(), ids(), amounts(), signatures(sigs));
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(),
          c.channels().redeemMany(ids(), amounts(), signatures(sigs)).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return ids();
    }

    @Override
    public String toString() {
      return sender + " redeemMany(" + vouchers
          + (amountsDropped > 0 ? ", last amount missing" : "")
          + (signaturesDropped > 0 ? ", last signature missing" : "") + ")";
    }
  }

  record CloseByProvider(Party sender, VoucherSpec voucher) implements ChannelAction {
    public String kind() {
      return "closeByProvider";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.closeByProvider(sender.address(), voucher.channelId(), voucher.amount(), sigs.apply(voucher));
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels()
          .closeByProvider(voucher.channelId(), voucher.amount(), sigs.apply(voucher)).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return List.of(voucher.channelId());
    }

    @Override
    public String toString() {
      return sender + " closeByProvider(" + voucher + ")";
    }
  }

  record StartClose(Party sender, BigInteger channelId) implements ChannelAction {
    public String kind() {
      return "startClose";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.startClose(sender.address(), channelId);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels().startClose(channelId).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return List.of(channelId);
    }

    @Override
    public String toString() {
      return sender + " startClose(channel " + channelId + ")";
    }
  }

  record Settle(Party sender, BigInteger channelId) implements ChannelAction {
    public String kind() {
      return "settle";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      return m.settle(sender.address(), channelId);
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      return new Call(c.channels().getContractAddress(), c.channels().settle(channelId).encodeFunctionCall());
    }

    @Override
    public List<BigInteger> channels() {
      return List.of(channelId);
    }

    @Override
    public String toString() {
      return sender + " settle(channel " + channelId + ")";
    }
  }

  /**
   * Moves the chain's clock: by {@code seconds} ({@code DevChain.advanceTime}), or, when {@code channelId}
   * is set, so that the next transaction lands exactly at that channel's {@code closesAt + offset}.
   */
  record Travel(long seconds, BigInteger channelId, long offset) implements ChannelAction {
    static Travel by(long seconds) {
      return new Travel(seconds, null, 0);
    }

    static Travel toClosesAt(BigInteger channelId, long offset) {
      return new Travel(0, channelId, offset);
    }

    public Party sender() {
      return null;
    }

    public String kind() {
      return "time travel";
    }

    public Outcome model(PaymentChannelsModel m, Function<VoucherSpec, byte[]> sigs) {
      throw new UnsupportedOperationException("time travel is not a transaction");
    }

    public Call call(Contracts c, Function<VoucherSpec, byte[]> sigs) {
      throw new UnsupportedOperationException("time travel is not a transaction");
    }

    @Override
    public String toString() {
      return channelId == null ? "time +" + seconds + " s"
          : "time: next block at closesAt of channel " + channelId + (offset < 0 ? " - " : " + ") + Math.abs(offset) + " s";
    }
  }

  /** An amount as a person reads it: XEN, or the powers of two at the contract's limits. */
  static String shown(BigInteger wei) {
    if (wei.equals(PaymentChannelsModel.MAX_UINT256)) {
      return "2^256-1 wei";
    }
    if (wei.bitLength() >= 90) {
      BigInteger power = BigInteger.ONE.shiftLeft(wei.bitLength() - 1);
      BigInteger rest = wei.subtract(power);
      if (rest.signum() == 0) {
        return "2^" + (wei.bitLength() - 1) + " wei";
      }
      if (wei.add(BigInteger.ONE).bitCount() == 1) {
        return "2^" + wei.bitLength() + "-1 wei";
      }
      return wei + " wei";
    }
    return Xen.format(wei) + " XEN";
  }
}
