package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;
import org.zennet.contracts.testkit.TypedDataJson;

class VouchersTest {
  private static final Credentials PUBLISHER =
      Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  private static final Credentials OTHER =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final VoucherDomain DOMAIN = new VoucherDomain(31337, "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
  private static final Vouchers VOUCHERS = new Vouchers(DOMAIN);

  @Property(tries = 200)
  void digestEqualsWeb3jsIndependentEip712Encoder(@ForAll @LongRange(min = 0) long channel, @ForAll @LongRange(min = 0) long amount)
      throws Exception {
    Voucher v = new Voucher(BigInteger.valueOf(channel), BigInteger.valueOf(amount).shiftLeft(40));
    byte[] expected = new StructuredDataEncoder(typedData(DOMAIN, v)).hashStructuredData();
    assertThat(Numeric.toHexString(VOUCHERS.digest(v))).isEqualTo(Numeric.toHexString(expected));
  }

  @Test
  void aSignedVoucherRecoversToItsSigner() throws Exception {
    SignedVoucher signed = VOUCHERS.sign(new Voucher(7, BigInteger.TEN.pow(18)), PUBLISHER);
    assertThat(VOUCHERS.recoverSigner(signed)).isEqualToIgnoringCase(PUBLISHER.getAddress());
    VOUCHERS.verify(signed, PUBLISHER.getAddress());
  }

  @Test
  void rejectsVoucherSignedByAnotherKey() {
    SignedVoucher forged = VOUCHERS.sign(new Voucher(7, BigInteger.ONE), OTHER);
    assertThatThrownBy(() -> VOUCHERS.verify(forged, PUBLISHER.getAddress()))
        .isInstanceOf(InvalidVoucherException.class).hasMessageContaining("not by the channel's publisher");
  }

  @Test
  void aVoucherForOneChannelOrChainDoesNotVerifyForAnother() throws Exception {
    SignedVoucher signed = VOUCHERS.sign(new Voucher(7, BigInteger.ONE), PUBLISHER);
    SignedVoucher movedToChannel8 = new SignedVoucher(new Voucher(8, BigInteger.ONE), signed.signature());
    assertThat(VOUCHERS.recoverSigner(movedToChannel8)).isNotEqualToIgnoringCase(PUBLISHER.getAddress());
    Vouchers otherChain = new Vouchers(new VoucherDomain(1, DOMAIN.verifyingContract()));
    assertThat(otherChain.recoverSigner(signed)).isNotEqualToIgnoringCase(PUBLISHER.getAddress());
  }

  @Test
  void rejectsTheMalleableTwinOfAValidSignature() {
    SignedVoucher signed = VOUCHERS.sign(new Voucher(7, BigInteger.ONE), PUBLISHER);
    assertThatThrownBy(() -> VOUCHERS.recoverSigner(Malleability.twin(signed)))
        .isInstanceOf(InvalidVoucherException.class).hasMessageContaining("malleable");
  }

  @Test
  void rejectsMalformedSignatures() {
    assertThatThrownBy(() -> new SignedVoucher(new Voucher(1, BigInteger.ONE), new byte[64])).hasMessageContaining("65 bytes");
    byte[] badV = VOUCHERS.sign(new Voucher(1, BigInteger.ONE), PUBLISHER).signature();
    badV[64] = 29;
    assertThatThrownBy(() -> VOUCHERS.recoverSigner(new SignedVoucher(new Voucher(1, BigInteger.ONE), badV)))
        .hasMessageContaining("v = 29");
    assertThatThrownBy(() -> VOUCHERS.recoverSigner(new SignedVoucher(new Voucher(1, BigInteger.ONE), new byte[65])))
        .isInstanceOf(InvalidVoucherException.class);
    assertThatThrownBy(() -> new Voucher(BigInteger.ONE.negate(), BigInteger.ONE)).hasMessageContaining("uint256");
    assertThatThrownBy(() -> new Voucher(BigInteger.ONE, BigInteger.ONE.shiftLeft(256))).hasMessageContaining("uint256");
  }

  @Test
  void neverPrintsAWholeSignature() {
    SignedVoucher signed = VOUCHERS.sign(new Voucher(7, BigInteger.ONE), PUBLISHER);
    assertThat(signed.toString()).doesNotContain(signed.signatureHex().substring(12));
  }

  /** The EIP-712 typed-data JSON of a voucher, as wallets and {@code cast wallet sign --data} take it. */
  static String typedData(VoucherDomain domain, Voucher v) {
    return TypedDataJson.of("Voucher", List.of("channelId uint256", "cumulativeAmount uint256"), VoucherDomain.NAME,
        VoucherDomain.VERSION, domain.chainId(), domain.verifyingContract(),
        Map.of("channelId", v.channelId().toString(), "cumulativeAmount", v.cumulativeAmount().toString()));
  }
}
