package org.zennet.besu.qbft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

class NodeKeyTest {
  @TempDir Path dir;

  /** Besu's test key ("fe3b557e...": the dev and QBFT acceptance-test genesis account of this private key). */
  private static final String BESU_DEV_KEY = "8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";

  @Test
  void writesBesusKeyFilesWhosePublicKeyAndAddressDeriveFromThePrivateKey() throws Exception {
    NodeKey key = NodeKey.generate(new SecureRandom());
    key.write(dir);

    String privateHex = Files.readString(dir.resolve("key"));
    String publicHex = Files.readString(dir.resolve("key.pub"));
    assertThat(privateHex).matches("0x[0-9a-f]{64}");
    assertThat(publicHex).matches("0x[0-9a-f]{128}");
    assertThat(Files.readAllLines(dir.resolve("key"))).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key")))).isEqualTo("rw-------");

    BigInteger derivedPublic = Sign.publicKeyFromPrivate(Numeric.toBigInt(privateHex));
    assertThat(Numeric.toBigInt(publicHex)).isEqualTo(derivedPublic);
    assertThat(key.address()).isEqualToIgnoringCase(Credentials.create(privateHex).getAddress());
    assertThat(NodeKey.read(dir).address()).isEqualTo(key.address());
    assertThat(key.enode("127.0.0.1", 30303)).isEqualTo("enode://" + publicHex.substring(2) + "@127.0.0.1:30303");
    assertThat(key.toString()).doesNotContain(privateHex.substring(2));
  }

  @Test
  void knownKeyGivesBesusKnownAddress() {
    assertThat(NodeKey.of(new BigInteger(BESU_DEV_KEY, 16)).address()).isEqualToIgnoringCase("0xfe3b557e8fb62b89f4916b721be55ceb828dbd73");
  }

  @Test
  void neverOverwritesAKeyAndRejectsMismatchedOrMalformedFiles() throws Exception {
    NodeKey.of(new BigInteger(BESU_DEV_KEY, 16)).write(dir);
    assertThatThrownBy(() -> NodeKey.generate(new SecureRandom()).write(dir)).hasMessageContaining("never overwritten");

    Files.writeString(dir.resolve("key.pub"), NodeKey.generate(new SecureRandom()).publicKeyHex());
    assertThatThrownBy(() -> NodeKey.read(dir)).hasMessageContaining("does not hold the public key");
    Files.writeString(dir.resolve("key"), "not a key\n");
    assertThatThrownBy(() -> NodeKey.read(dir)).hasMessageContaining("not a Besu node key");
  }
}
