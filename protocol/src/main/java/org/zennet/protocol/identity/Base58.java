package org.zennet.protocol.identity;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin's base58 alphabet (multibase base58btc), for short inputs such as PeerIds. */
final class Base58 {
  private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];
  private static final BigInteger BASE = BigInteger.valueOf(58);

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, input);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      sb.append(ALPHABET[qr[1].intValue()]);
      n = qr[0];
    }
    for (int i = 0; i < zeros; i++) {
      sb.append(ALPHABET[0]);
    }
    return sb.reverse().toString();
  }

  /** @return the bytes, or null when {@code input} has a character outside the alphabet */
  static byte[] decode(String input) {
    int zeros = 0;
    while (zeros < input.length() && input.charAt(zeros) == ALPHABET[0]) {
      zeros++;
    }
    BigInteger n = BigInteger.ZERO;
    for (int i = zeros; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        return null;
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = body.length > 0 && body[0] == 0 ? 1 : 0; // BigInteger sign byte
    byte[] out = new byte[zeros + body.length - skip];
    System.arraycopy(body, skip, out, zeros, body.length - skip);
    return out;
  }
}
