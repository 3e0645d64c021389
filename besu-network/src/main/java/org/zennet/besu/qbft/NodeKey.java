package org.zennet.besu.qbft;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * A Besu node key: a secp256k1 key pair whose address is the node's validator address. On disk it is
 * Besu's format ({@code KeyPairUtil}, {@code operator generate-blockchain-config}): {@code key} holds the
 * private key as one line of 0x-hex (32 bytes), {@code key.pub} the public key as 0x-hex of the 64-byte
 * uncompressed point without the {@code 04} prefix; neither file ends in a newline.
 */
public final class NodeKey {
  public static final String PRIVATE_KEY_FILE = "key";
  public static final String PUBLIC_KEY_FILE = "key.pub";

  private final ECKeyPair pair;

  private NodeKey(ECKeyPair pair) {
    this.pair = pair;
  }

  public static NodeKey generate(SecureRandom random) {
    try {
      return new NodeKey(Keys.createEcKeyPair(random));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a secp256k1 key: " + e.getMessage(), e);
    }
  }

  public static NodeKey of(BigInteger privateKey) {
    return new NodeKey(ECKeyPair.create(privateKey));
  }

  /** The private key as Besu's {@code key} file holds it: {@code 0x} and 64 hex digits. */
  public String privateKeyHex() {
    return Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64);
  }

  /** The public key as Besu's {@code key.pub} holds it: {@code 0x} and 128 hex digits (x ‖ y). */
  public String publicKeyHex() {
    return Numeric.toHexStringWithPrefixZeroPadded(pair.getPublicKey(), 128);
  }

  /** The node and validator address, checksummed. */
  public String address() {
    return Keys.toChecksumAddress(Keys.getAddress(pair.getPublicKey()));
  }

  /** The node's enode URL at {@code host:port} (the node id is the public key without 0x). */
  public String enode(String host, int port) {
    return "enode://" + publicKeyHex().substring(2) + "@" + host + ":" + port;
  }

  /** Writes {@code key} (owner read/write only) and {@code key.pub} into {@code dir}; refuses to overwrite. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.resolve(PRIVATE_KEY_FILE);
    if (Files.exists(key)) {
      throw new FileAlreadyExistsException(key.toString(), null, "a node key is already there; it is never overwritten");
    }
    Files.createFile(key);
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's permissions are all there is
    }
    Files.writeString(key, privateKeyHex(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(PUBLIC_KEY_FILE), publicKeyHex(), StandardCharsets.US_ASCII);
  }

  /**
   * Reads the {@code key} file in {@code dir} as Besu does (exactly one line of hex).
   *
   * @throws IOException if it is missing or malformed, or {@code key.pub} exists and does not match it
   */
  public static NodeKey read(Path dir) throws IOException {
    Path keyFile = dir.resolve(PRIVATE_KEY_FILE);
    List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
    if (lines.size() != 1 || !lines.get(0).strip().matches("(0x)?[0-9a-fA-F]{64}")) {
      throw new IOException(keyFile + " is not a Besu node key (one line of 64 hex digits)");
    }
    NodeKey key = of(Numeric.toBigInt(lines.get(0).strip()));
    Path pubFile = dir.resolve(PUBLIC_KEY_FILE);
    if (Files.exists(pubFile) && !Files.readString(pubFile, StandardCharsets.US_ASCII).strip().equalsIgnoreCase(key.publicKeyHex())) {
      throw new IOException(pubFile + " does not hold the public key of " + keyFile);
    }
    return key;
  }

  /** Shows the address only: a node key is never printed. */
  @Override
  public String toString() {
    return "NodeKey[" + address() + "]";
  }
}
