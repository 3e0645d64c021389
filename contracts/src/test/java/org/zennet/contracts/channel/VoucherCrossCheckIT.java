package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import org.zennet.contracts.Toolchain;
import org.zennet.contracts.Xen;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/**
 * The Java voucher code against independent implementations: the contract's own EIP-712 domain and signature
 * check, and Foundry's {@code cast wallet sign}.
 */
@ChannelsTest
class VoucherCrossCheckIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger AMOUNT = Xen.of(12).add(BigInteger.valueOf(345));
  private static final long CAST_TIMEOUT_SECONDS = 60;

  @Test
  void theJavaDomainIsTheContracts(ChannelsFixture fx) throws Exception {
    VoucherDomain domain = fx.vouchers().domain();
    var channels = fx.channels(fx.stranger());

    assertThat(Numeric.toHexString(domain.separator()))
        .isEqualTo(Numeric.toHexString(channels.domainSeparator().send()));
    var eip5267 = channels.eip712Domain().send();
    assertThat(eip5267.component2()).isEqualTo(VoucherDomain.NAME);
    assertThat(eip5267.component3()).isEqualTo(VoucherDomain.VERSION);
    assertThat(eip5267.component4()).isEqualTo(BigInteger.valueOf(domain.chainId()));
    assertThat(eip5267.component5()).isEqualToIgnoringCase(domain.verifyingContract());
    assertThat(Numeric.toHexString(channels.VOUCHER_TYPEHASH().send()))
        .isEqualTo(Numeric.toHexString(Vouchers.VOUCHER_TYPE_HASH));
  }

  @Test
  void aJavaSignedVoucherIsRedeemed(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher signed = fx.sign(fx.publisher(), id, AMOUNT);
    fx.vouchers().verify(signed, fx.publisher().getAddress());

    fx.redeem(fx.provider(), signed);

    assertThat(fx.channelInfo(id).paid()).isEqualTo(AMOUNT);
    assertThat(fx.tokenBalance(fx.provider().getAddress())).isEqualTo(ChannelsFixture.ACCOUNT_TOKENS.add(AMOUNT));
  }

  @Test
  void aVoucherSignedByCastIsAcceptedByJavaAndByTheContract(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    Voucher voucher = new Voucher(id, AMOUNT);

    SignedVoucher byCast = new SignedVoucher(voucher,
        castSign(fx.publisher(), VouchersTest.typedData(fx.vouchers().domain(), voucher)));

    assertThat(fx.vouchers().recoverSigner(byCast)).isEqualToIgnoringCase(fx.publisher().getAddress());
    fx.vouchers().verify(byCast, fx.publisher().getAddress());
    // Both sign deterministically (RFC 6979), so the signatures are the same bytes.
    assertThat(byCast.signatureHex()).isEqualTo(fx.sign(fx.publisher(), id, AMOUNT).signatureHex());
    fx.redeem(fx.stranger(), byCast);
    assertThat(fx.channelInfo(id).paid()).isEqualTo(AMOUNT);
  }

  /** Runs {@code cast wallet sign --data} with a dev key (never a real one) and returns the 65-byte signature. */
  private static byte[] castSign(Credentials signer, String typedDataJson) throws IOException, InterruptedException {
    String key = Numeric.toHexStringWithPrefixZeroPadded(signer.getEcKeyPair().getPrivateKey(), 64);
    Process cast = new ProcessBuilder(Toolchain.binary("cast").toString(), "wallet", "sign", "--private-key", key,
        "--data", typedDataJson).redirectErrorStream(true).start();
    try {
      cast.getOutputStream().close();
      // The output is one short line, so cast never blocks on a full pipe before it exits.
      assertThat(cast.waitFor(CAST_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("cast finished").isTrue();
      String output = new String(cast.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(cast.exitValue()).as("cast wallet sign failed: %s", output).isZero();
      assertThat(output).matches("0x[0-9a-f]{130}");
      return Numeric.hexStringToByteArray(output);
    } finally {
      cast.destroyForcibly();
    }
  }
}
