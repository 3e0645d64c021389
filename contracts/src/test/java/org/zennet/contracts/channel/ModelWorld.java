package org.zennet.contracts.channel;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.channel.ChannelAction.Contracts;
import org.zennet.contracts.channel.ChannelAction.Party;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.devchain.DevChainException;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;

/**
 * What every try of {@link PaymentChannelsModelIT} shares: an anvil with XenCoin and PaymentChannels
 * deployed, ten dev accounts (a treasury, three publishers, five providers and a watcher, each of whom has
 * approved PaymentChannels without limit; each publisher has deposited {@link #PUBLISHER_ESCROW}), and the
 * snapshot of that state each try starts from.
 */
final class ModelWorld implements AutoCloseable {
  static final BigInteger TREASURY_XEN = Xen.of(100_000);
  static final BigInteger PUBLISHER_XEN = Xen.of(300);
  static final BigInteger PROVIDER_XEN = Xen.of(20);
  static final BigInteger WATCHER_XEN = Xen.of(5);
  /** What each publisher deposits during setup, so that channels can open from the first step. */
  static final BigInteger PUBLISHER_ESCROW = Xen.of(100);

  final DevChain dev;
  final ChainConnection chain;
  final Web3j web3j;
  final Web3jService rpc;
  final Contracts contracts;
  final Vouchers vouchers;
  final long challengePeriod;
  final Party treasury;
  final List<Party> publishers;
  final List<Party> providers;
  final Party watcher;
  /** Everyone with a key, treasury first. */
  final List<Party> accounts;
  final Party channelsContract;
  final Party zero = new Party("zero address", PaymentChannelsModel.ZERO_ADDRESS, null);
  private BigInteger baseSnapshot;

  private ModelWorld(DevChain dev, ChainConnection chain, Deployment deployment) {
    this.dev = dev;
    this.chain = chain;
    this.web3j = chain.web3j();
    this.rpc = new HttpService(dev.httpUrl().toString());
    List<Credentials> keys = dev.devKeys();
    treasury = new Party("treasury", keys.get(0).getAddress(), keys.get(0));
    publishers = parties("publisher", keys.subList(1, 4));
    providers = parties("provider", keys.subList(4, 9));
    watcher = new Party("watcher", keys.get(9).getAddress(), keys.get(9));
    accounts = Stream.of(List.of(treasury), publishers, providers, List.of(watcher)).flatMap(List::stream).toList();
    String channels = deployment.requireAddress(Deployer.PAYMENT_CHANNELS);
    String xen = deployment.requireAddress(Deployment.XEN_COIN);
    channelsContract = new Party("PaymentChannels", channels, null);
    contracts = new Contracts(
        PaymentChannels.load(channels, web3j, chain.transactionManager(treasury.key()), chain.gasProvider()),
        XenCoin.load(xen, web3j, chain.transactionManager(treasury.key()), chain.gasProvider()));
    vouchers = new Vouchers(new VoucherDomain(chain.chainId(), channels));
    challengePeriod = Deployer.DEV_CHALLENGE_PERIOD.toSeconds();
  }

  private static List<Party> parties(String role, List<Credentials> keys) {
    List<Party> parties = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      parties.add(new Party(role + (i + 1), keys.get(i).getAddress(), keys.get(i)));
    }
    return List.copyOf(parties);
  }

  /** Starts anvil, deploys, funds and approves, and snapshots that state. */
  static ModelWorld start() throws DevChainException, IOException {
    DevChain dev = DevChain.start(DevChainConfig.DEFAULT);
    try {
      ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
      List<Credentials> keys = dev.devKeys();
      List<GenesisDistribution.Allocation> genesis = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        genesis.add(new GenesisDistribution.Allocation(keys.get(i).getAddress(), genesisAmount(i)));
      }
      Deployment deployment = new Deployer(chain, keys.get(0))
          .deploy(new GenesisDistribution(genesis), Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
      ModelWorld world = new ModelWorld(dev, chain, deployment);
      for (Party account : world.accounts) {
        XenCoin.load(world.contracts.xen().getContractAddress(), world.web3j,
                chain.transactionManager(account.key()), chain.gasProvider())
            .approve(world.channelsContract.address(), PaymentChannelsModel.MAX_UINT256).send();
      }
      for (Party publisher : world.publishers) {
        PaymentChannels.load(world.channelsContract.address(), world.web3j, chain.transactionManager(publisher.key()),
            chain.gasProvider()).deposit(PUBLISHER_ESCROW).send();
      }
      world.baseSnapshot = dev.snapshot();
      return world;
    } catch (Exception e) {
      dev.close();
      throw e instanceof IOException io ? io : new IOException("setting up the model test failed: " + e.getMessage(), e);
    }
  }

  /** Account {@code i} of anvil's ten: treasury, publishers 1-3, providers 4-8, watcher 9. */
  static BigInteger genesisAmount(int i) {
    return i == 0 ? TREASURY_XEN : i <= 3 ? PUBLISHER_XEN : i <= 8 ? PROVIDER_XEN : WATCHER_XEN;
  }

  /** The model of the state after setup: genesis balances, unlimited approvals, the publishers' deposits. */
  PaymentChannelsModel freshModel() {
    PaymentChannelsModel model = new PaymentChannelsModel(channelsContract.address(), challengePeriod, this::ecrecover);
    for (int i = 0; i < accounts.size(); i++) {
      model.fund(accounts.get(i).address(), genesisAmount(i), PaymentChannelsModel.MAX_UINT256);
    }
    for (Party publisher : publishers) {
      if (!model.deposit(publisher.address(), PUBLISHER_ESCROW).succeeded()) {
        throw new IllegalStateException("the model refuses the setup deposit of " + publisher);
      }
    }
    return model;
  }

  /** Returns the chain to the state after setup, for a fresh try (anvil's revert uses a snapshot up). */
  void resetChain() {
    dev.revert(baseSnapshot);
    baseSnapshot = dev.snapshot();
  }

  /** The EVM's ecrecover on the EIP-712 digest of {@code Voucher(channelId, cumulativeAmount)}. */
  private String ecrecover(BigInteger channelId, BigInteger cumulativeAmount, byte v, byte[] r, byte[] s) {
    try {
      BigInteger key = Sign.signedMessageHashToKey(vouchers.digest(new Voucher(channelId, cumulativeAmount)),
          new Sign.SignatureData(v, r, s));
      return "0x" + Keys.getAddress(key);
    } catch (java.security.SignatureException | RuntimeException e) {
      return null;
    }
  }

  /** A raw JSON-RPC call (anvil's {@code evm_*} and {@code ots_*} methods). */
  <T> T call(String method, Class<? extends Response<T>> type, Object... params) throws IOException {
    Response<T> response = new Request<>(method, List.of(params), rpc, type).send();
    if (response.hasError()) {
      throw new IOException(method + " failed: " + response.getError().getMessage());
    }
    return response.getResult();
  }

  /** A response whose result is a JSON string. */
  static final class StringResponse extends Response<String> {}

  /** A response whose result is ignored. */
  static final class AnyResponse extends Response<Object> {}

  @Override
  public void close() {
    chain.close();
    dev.close();
  }
}
