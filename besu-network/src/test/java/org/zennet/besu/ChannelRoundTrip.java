package org.zennet.besu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;

/**
 * One payment channel from deposit to close, as publisher and provider do it, on whatever chain the
 * connection reaches: deposit, openChannels, redeem with a voucher signed in Java, closeByProvider.
 * The publisher must hold at least {@link #DEPOSIT} XEN; neither account needs any gas coin on a free-gas chain.
 */
final class ChannelRoundTrip {
  static final BigInteger DEPOSIT = Xen.of(100);
  static final BigInteger CHANNEL = Xen.of(10);
  static final BigInteger FIRST_VOUCHER = Xen.of(3);
  static final BigInteger LAST_VOUCHER = Xen.of(7);

  private ChannelRoundTrip() {}

  static void run(ChainConnection chain, Deployment deployment, Credentials publisher, Credentials provider) throws Exception {
    String channelsAddress = deployment.requireAddress(Deployer.PAYMENT_CHANNELS);
    XenCoin xenAsPublisher = XenCoin.load(deployment.requireAddress(Deployment.XEN_COIN), chain.web3j(),
        chain.transactionManager(publisher), chain.gasProvider());
    PaymentChannels asPublisher = PaymentChannels.load(channelsAddress, chain.web3j(), chain.transactionManager(publisher), chain.gasProvider());
    PaymentChannels asProvider = PaymentChannels.load(channelsAddress, chain.web3j(), chain.transactionManager(provider), chain.gasProvider());

    BigInteger publisherBefore = xenAsPublisher.balanceOf(publisher.getAddress()).send();
    ok(xenAsPublisher.approve(channelsAddress, DEPOSIT).send());
    ok(asPublisher.deposit(DEPOSIT).send());
    assertThat(asPublisher.escrowOf(publisher.getAddress()).send()).isEqualTo(DEPOSIT);

    TransactionReceipt opened = ok(asPublisher.openChannels(BigInteger.ONE, List.of(provider.getAddress()), List.of(CHANNEL)).send());
    BigInteger channelId = PaymentChannels.getChannelOpenedEvents(opened).get(0).channelId;
    assertThat(asPublisher.escrowOf(publisher.getAddress()).send()).isEqualTo(DEPOSIT.subtract(CHANNEL));

    Vouchers vouchers = new Vouchers(new VoucherDomain(chain.chainId(), channelsAddress));
    SignedVoucher first = vouchers.sign(new Voucher(channelId, FIRST_VOUCHER), publisher);
    ok(asProvider.redeem(channelId, FIRST_VOUCHER, first.signature()).send());
    assertThat(xenAsPublisher.balanceOf(provider.getAddress()).send()).isEqualTo(FIRST_VOUCHER);

    SignedVoucher last = vouchers.sign(new Voucher(channelId, LAST_VOUCHER), publisher);
    ok(asProvider.closeByProvider(channelId, LAST_VOUCHER, last.signature()).send());
    assertThat(xenAsPublisher.balanceOf(provider.getAddress()).send()).isEqualTo(LAST_VOUCHER);
    assertThat(asPublisher.escrowOf(publisher.getAddress()).send()).as("the rest returns to free escrow")
        .isEqualTo(DEPOSIT.subtract(LAST_VOUCHER));
    assertThat(xenAsPublisher.balanceOf(publisher.getAddress()).send()).isEqualTo(publisherBefore.subtract(DEPOSIT));
  }

  private static TransactionReceipt ok(TransactionReceipt receipt) {
    assertThat(receipt.isStatusOK()).as("transaction %s", receipt.getTransactionHash()).isTrue();
    return receipt;
  }
}
