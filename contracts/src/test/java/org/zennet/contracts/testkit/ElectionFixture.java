package org.zennet.contracts.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.chain.ContractRevertException;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.ValidatorElection;
import org.zennet.contracts.generated.XenCoin;

/**
 * XenCoin and a ValidatorElection over it on a dev chain, for the election's tests: dev key 0 is the treasury
 * (deploys), keys 1..n are holders and operators, each with {@link ChannelsFixture#ACCOUNT_TOKENS} of XEN and an
 * unlimited approval of the election. Node addresses are made up ({@link #node}): a candidate needs no key.
 * Reverts are captured as typed exceptions and recorded in {@link ObservedErrors}.
 *
 * @param maxValidators N, the size of the active set
 * @param maxCandidates the candidate cap
 * @param epochLength blocks per epoch
 * @param unbondingPeriod seconds
 */
public record ElectionFixture(DevChain dev, ChainConnection chain, String tokenAddress, String electionAddress,
    List<String> genesisValidators, int maxValidators, int maxCandidates, long epochLength, long unbondingPeriod)
    implements AutoCloseable {
  public static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  /** Deploys the token (dev distribution to every dev key) and the election with these parameters. */
  public static ElectionFixture deploy(DevChain dev, int maxValidators, int maxCandidates, long epochLength,
      long unbondingPeriod, List<String> genesisValidators) throws Exception {
    ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
    Credentials treasury = dev.devKeys().get(0);
    List<String> holders = dev.devKeys().subList(1, dev.devKeys().size()).stream().map(Credentials::getAddress).toList();
    Deployment deployment = new Deployer(chain, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(), holders),
        Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
    String token = deployment.requireAddress(Deployment.XEN_COIN);
    ValidatorElection election = ValidatorElection.deploy(chain.web3j(), chain.transactionManager(treasury),
        chain.gasProvider(), token, BigInteger.valueOf(maxValidators), BigInteger.valueOf(maxCandidates),
        BigInteger.valueOf(epochLength), BigInteger.valueOf(unbondingPeriod), genesisValidators).send();
    ElectionFixture fx = new ElectionFixture(dev, chain, token, election.getContractAddress(),
        List.copyOf(genesisValidators), maxValidators, maxCandidates, epochLength, unbondingPeriod);
    for (Credentials key : dev.devKeys()) {
      fx.token(key).approve(fx.electionAddress(), MAX_UINT256).send();
    }
    return fx;
  }

  /** A made-up validator node address, {@code 0x00..00<i>} shifted so that a higher {@code i} is a higher address. */
  public static String node(int i) {
    return String.format(Locale.ROOT, "0x%040x", BigInteger.valueOf(0x1000L + i));
  }

  /** {@code count} made-up sorted node addresses starting at {@link #node node(from)}. */
  public static List<String> nodes(int from, int count) {
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(node(from + i));
    }
    return nodes;
  }

  /** Dev key {@code i} (0: the treasury). */
  public Credentials key(int i) {
    return dev.devKeys().get(i);
  }

  public ValidatorElection election(Credentials who) {
    return ValidatorElection.load(electionAddress, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  public XenCoin token(Credentials who) {
    return XenCoin.load(tokenAddress, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  /** The election as read by the treasury. */
  public ValidatorElection reader() {
    return election(key(0));
  }

  @SuppressWarnings("unchecked")
  public List<String> validators() throws Exception {
    return lower((List<String>) reader().getValidators().send());
  }

  @SuppressWarnings("unchecked")
  public List<String> active() throws Exception {
    return lower((List<String>) reader().activeValidators().send());
  }

  @SuppressWarnings("unchecked")
  public List<String> pending() throws Exception {
    return lower((List<String>) reader().pendingValidators().send());
  }

  @SuppressWarnings("unchecked")
  public List<String> candidates() throws Exception {
    return lower((List<String>) reader().candidates().send());
  }

  public BigInteger votes(String node) throws Exception {
    return reader().candidateInfo(node).send().component3();
  }

  public BigInteger xen(String account) throws Exception {
    return token(key(0)).balanceOf(account).send();
  }

  /** Registers {@code node} as {@code operator}, stakes {@code amount} as {@code holder} delegated to it. */
  public void backed(Credentials operator, String node, Credentials holder, BigInteger amount) throws Exception {
    election(operator).register(node).send();
    election(holder).delegate(node).send();
    election(holder).stake(amount).send();
  }

  /** Mines blocks until {@code rotate} is possible, then rotates (as the treasury). */
  public TransactionReceipt rotateAtNextEpoch() throws Exception {
    long next = reader().nextRotationBlock().send().longValueExact();
    long now = chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    if (now + 1 < next) {
      mine(next - now - 1);
    }
    return election(key(0)).rotate().send();
  }

  /**
   * Sends {@code call} (encoded from a wrapper) to the election as {@code from}, signed, and returns its receipt
   * at once (anvil mines each transaction as it comes; no 100 ms receipt polling): for tests that send hundreds.
   */
  public TransactionReceipt fastSend(Credentials from, String to, RemoteFunctionCall<?> call) throws IOException {
    var web3j = chain.web3j();
    BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING).send()
        .getTransactionCount();
    var tx = org.web3j.crypto.RawTransaction.createTransaction(nonce, chain.gasProvider().getGasPrice(),
        ChainConnection.DEFAULT_GAS_LIMIT, to, BigInteger.ZERO, call.encodeFunctionCall());
    var sent = web3j.ethSendRawTransaction(org.web3j.utils.Numeric.toHexString(
        org.web3j.crypto.TransactionEncoder.signMessage(tx, chain.chainId(), from))).send();
    if (sent.hasError()) {
      throw new IOException("anvil refused the transaction: " + sent.getError().getMessage());
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
      var receipt = web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt();
      if (receipt.isPresent()) {
        if (!receipt.get().isStatusOK()) {
          throw new IOException("transaction " + sent.getTransactionHash() + " reverted");
        }
        return receipt.get();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    throw new IOException("no receipt for " + sent.getTransactionHash());
  }

  /** Sets {@code account}'s gas-coin balance (anvil_setBalance), for generated keys. */
  public void fund(String account) throws IOException {
    Response<?> r = new Request<>("anvil_setBalance", List.of(account, "0x56bc75e2d63100000"),
        new HttpService(dev.httpUrl().toString()), AnyResponse.class).send();
    if (r.hasError()) {
      throw new IOException("anvil_setBalance failed: " + r.getError().getMessage());
    }
  }

  /** Mines {@code blocks} empty blocks (anvil_mine). */
  public void mine(long blocks) throws IOException {
    Response<?> r = new Request<>("anvil_mine", List.of("0x" + Long.toHexString(blocks)),
        new HttpService(dev.httpUrl().toString()), AnyResponse.class).send();
    if (r.hasError()) {
      throw new IOException("anvil_mine failed: " + r.getError().getMessage());
    }
  }

  /** The current block number. */
  public long blockNumber() throws IOException {
    return chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** The latest block's timestamp. */
  public long blockTime() throws IOException {
    return chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
        .longValueExact();
  }

  /** Runs {@code call} on the election as {@code from} with {@code eth_call} and returns the error it reverts with. */
  public <E extends ContractRevertException> E revert(Class<E> expected, Credentials from,
      Function<ValidatorElection, RemoteFunctionCall<?>> call) throws IOException {
    return ChannelsFixture.expected(expected, Reverts.revertData(chain.web3j(), from.getAddress(), electionAddress,
        call.apply(election(from)).encodeFunctionCall()));
  }

  /** The error the deployment of an election with these arguments reverts with. */
  public <E extends ContractRevertException> E deployRevert(Class<E> expected, String token, long maxValidators,
      long maxCandidates, long epochLength, long unbondingPeriod, List<String> genesis) throws IOException {
    String data = ValidatorElection.BINARY + org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(
        new org.web3j.abi.datatypes.Address(token), new org.web3j.abi.datatypes.generated.Uint256(maxValidators),
        new org.web3j.abi.datatypes.generated.Uint256(maxCandidates),
        new org.web3j.abi.datatypes.generated.Uint64(epochLength),
        new org.web3j.abi.datatypes.generated.Uint64(unbondingPeriod),
        new org.web3j.abi.datatypes.DynamicArray<>(org.web3j.abi.datatypes.Address.class,
            genesis.stream().map(org.web3j.abi.datatypes.Address::new).toList())));
    return ChannelsFixture.expected(expected, Reverts.revertData(chain.web3j(), key(0).getAddress(), null, data));
  }

  /** Lower-case 0x addresses. */
  public static List<String> lower(List<String> addresses) {
    return addresses.stream().map(a -> Keys.toChecksumAddress(a).toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void close() {
    chain.close();
  }

  /** A JSON-RPC response whose result is ignored. */
  public static final class AnyResponse extends Response<Object> {}
}
