package org.zennet.contracts.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.chain.ContractRevertException;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.JobMarket;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.generated.errors.ContractErrors;
import org.zennet.contracts.testkit.Balances.Holding;
import org.zennet.contracts.testkit.Balances.Kind;
import org.zennet.contracts.testkit.generated.ReentrantToken;

/**
 * Zennet's contracts deployed on a dev chain, with named accounts and the steps channel tests repeat: deposit
 * into escrow, open channels, sign and redeem vouchers, read balances to the wei, and capture reverts as the
 * typed exceptions of {@link ContractErrors}.
 *
 * <p>Use it from a {@code PER_CLASS} test with {@link AnvilExtension}: deploy in {@code @BeforeAll}, close in
 * {@code @AfterAll}; the extension's snapshots undo each test's transactions, so every test starts from the
 * freshly deployed contracts.
 *
 * <p>Accounts are the dev chain's keys: 0 {@link #treasury} (deploys), 1 {@link #publisher}, 2 {@link #provider},
 * 3 {@link #secondProvider}, 4 {@link #stranger} (someone else: a watcher, a second publisher, an attacker).
 * Each of 1..4 starts with {@link #ACCOUNT_TOKENS} of the token and nothing in escrow. Every transaction
 * waits for its receipt ({@link ChainConnection#transactionManager}).
 */
public final class ChannelsFixture implements AutoCloseable {
  /** The challenge period of the channels contract. */
  public static final Duration CHALLENGE_PERIOD = Deployer.DEV_CHALLENGE_PERIOD;
  /** What each named account but the treasury holds at the start, in wei. */
  public static final BigInteger ACCOUNT_TOKENS = GenesisDistribution.DEV_ACCOUNT_AMOUNT;

  private final DevChain dev;
  private final ChainConnection chain;
  private final List<Credentials> accounts;
  private final Map<String, String> names = new LinkedHashMap<>();
  private final String token;
  private final String market;
  private final String channels;
  private final Vouchers vouchers;

  private ChannelsFixture(DevChain dev, ChainConnection chain, String token, String market, String channels) {
    this.dev = dev;
    this.chain = chain;
    this.accounts = dev.devKeys().subList(0, 5);
    this.token = token;
    this.market = market;
    this.channels = channels;
    this.vouchers = new Vouchers(new VoucherDomain(chain.chainId(), channels));
    List<String> roles = List.of("treasury", "publisher", "provider", "secondProvider", "stranger");
    for (int i = 0; i < roles.size(); i++) {
      names.put(accounts.get(i).getAddress().toLowerCase(Locale.ROOT), roles.get(i));
    }
    names.put(channels.toLowerCase(Locale.ROOT), "PaymentChannels");
  }

  /** XenCoin, JobMarket and PaymentChannels as {@link Deployer} deploys them, on {@code dev}. */
  public static ChannelsFixture deploy(DevChain dev) throws IOException {
    ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
    Credentials treasury = dev.devKeys().get(0);
    List<String> holders = dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList();
    Deployment deployment = new Deployer(chain, treasury).deploy(
        GenesisDistribution.dev(treasury.getAddress(), holders), CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
    return new ChannelsFixture(dev, chain, deployment.requireAddress(Deployment.XEN_COIN),
        deployment.requireAddress(Deployer.JOB_MARKET), deployment.requireAddress(Deployer.PAYMENT_CHANNELS));
  }

  /**
   * PaymentChannels over the hostile {@link ReentrantToken} instead of XenCoin (and no JobMarket), the token
   * handed out like XenCoin's genesis. Arm it through {@link #reentrantToken}.
   */
  public static ChannelsFixture deployWithReentrantToken(DevChain dev) throws Exception {
    ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
    Credentials treasury = dev.devKeys().get(0);
    var tx = chain.transactionManager(treasury);
    ReentrantToken hostile = ReentrantToken.deploy(chain.web3j(), tx, chain.gasProvider(), treasury.getAddress(),
        GenesisDistribution.DEV_SUPPLY).send();
    for (Credentials holder : dev.devKeys().subList(1, 5)) {
      hostile.transfer(holder.getAddress(), ACCOUNT_TOKENS).send();
    }
    PaymentChannels deployed = PaymentChannels.deploy(chain.web3j(), tx, chain.gasProvider(),
        hostile.getContractAddress(), BigInteger.valueOf(CHALLENGE_PERIOD.toSeconds())).send();
    return new ChannelsFixture(dev, chain, hostile.getContractAddress(), null, deployed.getContractAddress());
  }

  @Override
  public void close() {
    chain.close();
  }

  // ------------------------------------------------------------------------------------------
  // Chain, accounts, contracts
  // ------------------------------------------------------------------------------------------

  public DevChain dev() {
    return dev;
  }

  public ChainConnection chain() {
    return chain;
  }

  /** Dev key 0: deployed the contracts and holds the rest of the supply. */
  public Credentials treasury() {
    return accounts.get(0);
  }

  /** Dev key 1: deposits, opens channels and signs vouchers. */
  public Credentials publisher() {
    return accounts.get(1);
  }

  /** Dev key 2: the payee of the channels tests open. */
  public Credentials provider() {
    return accounts.get(2);
  }

  /** Dev key 3: a second payee. */
  public Credentials secondProvider() {
    return accounts.get(3);
  }

  /** Dev key 4: neither publisher nor provider of the tests' channels. */
  public Credentials stranger() {
    return accounts.get(4);
  }

  public String tokenAddress() {
    return token;
  }

  public String marketAddress() {
    if (market == null) {
      throw new IllegalStateException("this fixture has no JobMarket (deployWithReentrantToken)");
    }
    return market;
  }

  public String channelsAddress() {
    return channels;
  }

  /** The token as {@code who} sees it. Typed as XenCoin: any ERC-20, ReentrantToken too, shares these calls. */
  public XenCoin token(Credentials who) {
    return XenCoin.load(token, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  /** The hostile token of {@link #deployWithReentrantToken}, as {@code who} sees it. */
  public ReentrantToken reentrantToken(Credentials who) {
    return ReentrantToken.load(token, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  public JobMarket market(Credentials who) {
    return JobMarket.load(marketAddress(), chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  public PaymentChannels channels(Credentials who) {
    return PaymentChannels.load(channels, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  /** Signs and verifies vouchers for this chain and this channels contract. */
  public Vouchers vouchers() {
    return vouchers;
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle steps
  // ------------------------------------------------------------------------------------------

  /** {@code who} approves the channels contract for {@code amount} and deposits it into its own escrow. */
  public TransactionReceipt deposit(Credentials who, BigInteger amount) throws Exception {
    token(who).approve(channels, amount).send();
    return channels(who).deposit(amount).send();
  }

  /**
   * Opens one channel per provider for job {@code jobId}, from {@code publisher}'s free escrow.
   *
   * @return the receipt; {@link #openedIds} lists the new channels' ids
   */
  public TransactionReceipt openChannels(Credentials publisher, BigInteger jobId, List<Credentials> providers,
      List<BigInteger> amounts) throws Exception {
    return channels(publisher).openChannels(jobId, providers.stream().map(Credentials::getAddress).toList(), amounts)
        .send();
  }

  /** Deposits {@code amount} for {@code publisher} and opens one channel of that amount to {@code provider}. */
  public BigInteger depositAndOpen(Credentials publisher, Credentials provider, BigInteger amount) throws Exception {
    deposit(publisher, amount);
    return openedIds(openChannels(publisher, BigInteger.ONE, List.of(provider), List.of(amount))).getFirst();
  }

  /** The ids of the channels an {@code openChannels} transaction opened, in batch order. */
  public static List<BigInteger> openedIds(TransactionReceipt receipt) {
    List<BigInteger> ids = new ArrayList<>();
    PaymentChannels.getChannelOpenedEvents(receipt).forEach(e -> ids.add(e.channelId));
    return ids;
  }

  /** {@code publisher}'s voucher for {@code cumulativeAmount} on {@code channelId}, signed in Java. */
  public SignedVoucher sign(Credentials publisher, BigInteger channelId, BigInteger cumulativeAmount) {
    return vouchers.sign(new Voucher(channelId, cumulativeAmount), publisher);
  }

  /** {@code sender} (anyone) redeems {@code voucher}. */
  public TransactionReceipt redeem(Credentials sender, SignedVoucher voucher) throws Exception {
    return channels(sender).redeem(voucher.voucher().channelId(), voucher.voucher().cumulativeAmount(),
        voucher.signature()).send();
  }

  /** {@code provider} closes the channel with {@code voucher}. */
  public TransactionReceipt closeByProvider(Credentials provider, SignedVoucher voucher) throws Exception {
    return channels(provider).closeByProvider(voucher.voucher().channelId(), voucher.voucher().cumulativeAmount(),
        voucher.signature()).send();
  }

  // ------------------------------------------------------------------------------------------
  // Reading state
  // ------------------------------------------------------------------------------------------

  /** What {@code channelInfo} returns, typed. */
  public record ChannelInfo(String publisher, String provider, BigInteger deposit, BigInteger paid,
      BigInteger closesAt) {}

  /** The states of {@code IPaymentChannels.ChannelState}, in ABI order. */
  public enum ChannelState { NONE, OPEN, CLOSING, CLOSED }

  public ChannelInfo channelInfo(BigInteger channelId) throws Exception {
    var t = channels(treasury()).channelInfo(channelId).send();
    return new ChannelInfo(t.component1(), t.component2(), t.component3(), t.component4(), t.component5());
  }

  public ChannelState channelState(BigInteger channelId) throws Exception {
    return ChannelState.values()[channels(treasury()).channelState(channelId).send().intValueExact()];
  }

  public BigInteger tokenBalance(String account) throws Exception {
    return token(treasury()).balanceOf(account).send();
  }

  public BigInteger escrowOf(Credentials account) throws Exception {
    return channels(treasury()).escrowOf(account.getAddress()).send();
  }

  /** The key of {@code who}'s token balance in {@link Balances}. */
  public Holding tokens(Credentials who) {
    return tokens(who.getAddress());
  }

  /** The key of {@code address}'s token balance (e.g. the channels contract's) in {@link Balances}. */
  public Holding tokens(String address) {
    return new Holding(Kind.TOKENS, address, nameOf(address));
  }

  /** The key of {@code who}'s free escrow in {@link Balances}. */
  public Holding escrow(Credentials who) {
    return new Holding(Kind.ESCROW, who.getAddress(), nameOf(who.getAddress()));
  }

  /** The token balances and free escrow of every named account, and the channels contract's token balance. */
  public Balances balances() throws Exception {
    Map<Holding, BigInteger> amounts = new LinkedHashMap<>();
    for (Credentials who : accounts) {
      amounts.put(tokens(who), tokenBalance(who.getAddress()));
      amounts.put(escrow(who), escrowOf(who));
    }
    amounts.put(tokens(channels), tokenBalance(channels));
    return new Balances(amounts);
  }

  /** An empty set of expected balance changes, to build up and compare with {@link Balances#changesSince}. */
  public ExpectedChanges changes() {
    return new ExpectedChanges();
  }

  /**
   * The balance changes a test expects, named by what moved the money:
   * {@code assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(provider, x).toMap())}.
   * Changes to the same holding add up; holdings that end up unchanged are left out, as in
   * {@link Balances#changesSince}.
   */
  public final class ExpectedChanges {
    private final Map<Holding, BigInteger> changes = new LinkedHashMap<>();

    private ExpectedChanges() {}

    /** {@code payer} paid {@code amount} tokens into the free escrow of {@code account}. */
    public ExpectedChanges deposited(Credentials payer, Credentials account, BigInteger amount) {
      return add(tokens(payer), amount.negate()).add(tokens(channels), amount).add(escrow(account), amount);
    }

    /** {@code account} took {@code amount} out of its free escrow. */
    public ExpectedChanges withdrawn(Credentials account, BigInteger amount) {
      return add(escrow(account), amount.negate()).add(tokens(channels), amount.negate()).add(tokens(account), amount);
    }

    /** The channels contract paid {@code amount} tokens to {@code provider}. */
    public ExpectedChanges paid(Credentials provider, BigInteger amount) {
      return add(tokens(channels), amount.negate()).add(tokens(provider), amount);
    }

    /** {@code account}'s free escrow changed by {@code change}: a channel's rest returned, a top-up taken. */
    public ExpectedChanges escrowChanged(Credentials account, BigInteger change) {
      return add(escrow(account), change);
    }

    private ExpectedChanges add(Holding holding, BigInteger change) {
      changes.merge(holding, change, BigInteger::add);
      return this;
    }

    /** The expected changes, without the holdings whose changes cancelled out. */
    public Map<Holding, BigInteger> toMap() {
      Map<Holding, BigInteger> nonZero = new LinkedHashMap<>(changes);
      nonZero.values().removeIf(change -> change.signum() == 0);
      return nonZero;
    }
  }

  /** The timestamp of the block that included {@code receipt}'s transaction. */
  public BigInteger blockTime(TransactionReceipt receipt) throws IOException {
    return chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(receipt.getBlockNumber()), false).send()
        .getBlock().getTimestamp();
  }

  private String nameOf(String address) {
    return names.getOrDefault(address.toLowerCase(Locale.ROOT), address);
  }

  // ------------------------------------------------------------------------------------------
  // Reverts
  // ------------------------------------------------------------------------------------------

  /**
   * Runs {@code call} on PaymentChannels as {@code from} with {@code eth_call} and returns the custom error it
   * reverts with, typed; fails unless it reverts with an {@code expected}.
   */
  public <E extends ContractRevertException> E channelsRevert(Class<E> expected, Credentials from,
      Function<PaymentChannels, RemoteFunctionCall<?>> call) throws IOException {
    return expectRevert(expected, from, channels, call.apply(channels(from)).encodeFunctionCall());
  }

  /** Like {@link #channelsRevert}, on JobMarket. */
  public <E extends ContractRevertException> E marketRevert(Class<E> expected, Credentials from,
      Function<JobMarket, RemoteFunctionCall<?>> call) throws IOException {
    return expectRevert(expected, from, marketAddress(), call.apply(market(from)).encodeFunctionCall());
  }

  /**
   * Sends {@code data} from {@code from} to {@code to} ({@code null}: a deployment, {@code data} being bytecode
   * and constructor arguments) with {@code eth_call}, and returns the error it reverts with as an
   * {@code expected}.
   */
  public <E extends ContractRevertException> E expectRevert(Class<E> expected, Credentials from, String to, String data)
      throws IOException {
    return expected(expected, Reverts.revertData(chain.web3j(), from.getAddress(), to, data));
  }

  /**
   * Decodes {@code revertData} (a revert's selector and arguments, e.g. what {@link ReentrantToken} recorded)
   * and returns it as an {@code expected}; records it in {@link ObservedErrors}.
   */
  public static <E extends ContractRevertException> E expected(Class<E> expected, String revertData) {
    ContractRevertException error = ContractErrors.ALL.decode(revertData)
        .orElseThrow(() -> new AssertionError("reverted with data no known error matches: " + revertData));
    ObservedErrors.record(error);
    if (!expected.isInstance(error)) {
      throw new AssertionError("expected a revert with " + expected.getSimpleName() + " but got " + error.getMessage(),
          error);
    }
    return expected.cast(error);
  }
}
