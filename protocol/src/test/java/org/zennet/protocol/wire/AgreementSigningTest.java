package org.zennet.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

class AgreementSigningTest {
  private static final ECKeyPair KEY = ECKeyPair.create(BigInteger.valueOf(0x5eed));
  private static final String ACCOUNT = Credentials.create(KEY).getAddress();
  private static final byte[] TERMS = {1, 2, 3, 4};

  @Test
  void signatureRecoversTheSigner() {
    byte[] sig = AgreementSigning.sign(TERMS, KEY);
    assertThat(sig).hasSize(65);
    assertThat(sig[64]).isIn((byte) 27, (byte) 28);
    assertThat(AgreementSigning.signer(TERMS, sig)).contains(ACCOUNT);
    assertThat(AgreementSigning.isSignedBy(TERMS, sig, ACCOUNT.toUpperCase().replace("0X", "0x"))).isTrue();
  }

  @Test
  void otherTermsOrDamagedSignaturesDoNotVerify() {
    byte[] sig = AgreementSigning.sign(TERMS, KEY);
    assertThat(AgreementSigning.isSignedBy(new byte[] {1, 2, 3, 5}, sig, ACCOUNT)).isFalse();
    byte[] badV = sig.clone();
    badV[64] = 29;
    assertThat(AgreementSigning.signer(TERMS, badV)).isEmpty();
    assertThat(AgreementSigning.signer(TERMS, new byte[64])).isEmpty();
    assertThat(AgreementSigning.signer(TERMS, null)).isEmpty();
    assertThat(AgreementSigning.signer(TERMS, new byte[65])).isEmpty();
    // the high-s twin of a valid signature is refused (non-malleable, as OpenZeppelin's ECDSA)
    BigInteger n = org.web3j.crypto.Sign.CURVE_PARAMS.getN();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    byte[] twin = sig.clone();
    byte[] highS = org.web3j.utils.Numeric.toBytesPadded(n.subtract(s), 32);
    System.arraycopy(highS, 0, twin, 32, 32);
    twin[64] = (byte) (sig[64] == 27 ? 28 : 27);
    assertThat(AgreementSigning.signer(TERMS, twin)).isEmpty();
  }
}
