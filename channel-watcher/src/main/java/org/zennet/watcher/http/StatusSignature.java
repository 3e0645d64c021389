package org.zennet.watcher.http;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * How a provider signs {@code GET /channels/{id}/status} (docs/watcher.md): an EIP-191 {@code personal_sign}
 * by the channel's provider key over
 * <pre>
 * zennet-watcher status
 * chain: {chainId}
 * channel: {channelId, decimal}
 * timestamp: {unix seconds}
 * </pre>
 * sent as the headers {@value #TIMESTAMP_HEADER} and {@value #SIGNATURE_HEADER} (65 bytes, 0x-hex, {@code r ‖ s ‖ v}).
 * The watcher refuses a timestamp more than {@link #MAX_SKEW_SECONDS} from its clock, so a captured request is
 * useless minutes later.
 */
public final class StatusSignature {
  public static final String TIMESTAMP_HEADER = "X-Zennet-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Zennet-Signature";
  public static final long MAX_SKEW_SECONDS = 300;
  private static final HexFormat HEX = HexFormat.of();

  private StatusSignature() {}

  /** The text that is signed. */
  public static String message(long chainId, BigInteger channelId, long timestamp) {
    return "zennet-watcher status\nchain: " + chainId + "\nchannel: " + channelId + "\ntimestamp: " + timestamp;
  }

  /** The signature header's value for a request by {@code provider}. */
  public static String sign(Credentials provider, long chainId, BigInteger channelId, long timestamp) {
    Sign.SignatureData s = Sign.signPrefixedMessage(message(chainId, channelId, timestamp).getBytes(StandardCharsets.UTF_8),
        provider.getEcKeyPair());
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = s.getV()[0];
    return "0x" + HEX.formatHex(out);
  }

  /**
   * The account that signed, 0x lower case.
   *
   * @throws IllegalArgumentException when the header is not a 65-byte hex signature or recovers no key
   */
  public static String signer(String signatureHex, long chainId, BigInteger channelId, long timestamp) {
    String hex = signatureHex.startsWith("0x") || signatureHex.startsWith("0X") ? signatureHex.substring(2) : signatureHex;
    byte[] sig;
    try {
      sig = HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SIGNATURE_HEADER + " is not hex");
    }
    if (sig.length != 65) {
      throw new IllegalArgumentException(SIGNATURE_HEADER + " must be 65 bytes, got " + sig.length);
    }
    byte v = sig[64];
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException(SIGNATURE_HEADER + " has v = " + Byte.toUnsignedInt(v) + "; expected 27 or 28");
    }
    try {
      BigInteger key = Sign.signedPrefixedMessageToKey(message(chainId, channelId, timestamp).getBytes(StandardCharsets.UTF_8),
          new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64)));
      return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
    } catch (SignatureException | RuntimeException e) {
      throw new IllegalArgumentException(SIGNATURE_HEADER + " recovers no key: " + e.getMessage());
    }
  }
}
