package org.zennet.contracts;

import java.io.IOException;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.chain.TransactionSender;
import org.zennet.contracts.channel.PaymentChannelsClient;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.generated.errors.ContractErrors;
import org.zennet.contracts.market.JobMarketClient;
import org.zennet.contracts.token.XenCoinClient;

/**
 * The contracts of one {@link Deployment}, used as one account: a connection to the chain, a pipelining
 * {@link TransactionSender} for the account (reverts decoded into our typed errors), and a client per
 * contract. What every agent starts from.
 */
public final class ZennetContracts implements AutoCloseable {
  private final Deployment deployment;
  private final ChainConnection chain;
  private final TransactionSender sender;
  private final XenCoinClient xen;
  private final JobMarketClient market;
  private final PaymentChannelsClient channels;
  private final Vouchers vouchers;

  private ZennetContracts(Deployment deployment, ChainConnection chain, TransactionSender sender) {
    this.deployment = deployment;
    this.chain = chain;
    this.sender = sender;
    this.xen = new XenCoinClient(sender, deployment.requireAddress(Deployment.XEN_COIN));
    this.market = new JobMarketClient(sender, deployment.requireAddress(Deployer.JOB_MARKET));
    this.channels = new PaymentChannelsClient(sender, deployment.requireAddress(Deployer.PAYMENT_CHANNELS));
    this.vouchers = new Vouchers(new VoucherDomain(deployment.chainId(), channels.address()));
  }

  /**
   * Connects to the deployment's chain (its WebSocket too, when it has one) as {@code account}.
   *
   * @throws IOException when the chain cannot be reached or has another chain id than the deployment
   */
  public static ZennetContracts connect(Deployment deployment, Credentials account) throws IOException {
    ChainConnection chain = ChainConnection.connect(deployment.rpcUrl(), deployment.wsUrl(), deployment.chainId());
    return new ZennetContracts(deployment, chain, chain.transactionSender(account, ContractErrors.ALL));
  }

  public Deployment deployment() {
    return deployment;
  }

  public ChainConnection chain() {
    return chain;
  }

  /** The account's transaction sender. */
  public TransactionSender sender() {
    return sender;
  }

  /** The account, 0x-hex lower case. */
  public String account() {
    return sender.address();
  }

  public XenCoinClient xen() {
    return xen;
  }

  public JobMarketClient market() {
    return market;
  }

  public PaymentChannelsClient channels() {
    return channels;
  }

  /** Voucher signing and checking for this deployment's PaymentChannels. */
  public Vouchers vouchers() {
    return vouchers;
  }

  @Override
  public void close() {
    sender.close();
    chain.close();
  }
}
