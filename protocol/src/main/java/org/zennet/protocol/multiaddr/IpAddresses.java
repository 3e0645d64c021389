package org.zennet.protocol.multiaddr;

/**
 * Strict textual IP literals, parsed without {@code InetAddress.getByName} (which would resolve names):
 * dotted-quad IPv4 without leading zeros, RFC 4291 IPv6 with one {@code ::} and an optional trailing
 * dotted quad, printed per RFC 5952.
 */
final class IpAddresses {
  private IpAddresses() {}

  static byte[] parseIp4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int v = parseDecimalOctet(parts[i]);
      if (v < 0) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static int parseDecimalOctet(String s) {
    if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 255 ? v : -1;
  }

  static byte[] parseIp6(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    String head = dc >= 0 ? s.substring(0, dc) : s;
    String tail = dc >= 0 ? s.substring(dc + 2) : "";
    int[] headGroups = groups(head, dc < 0);
    int[] tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    if (dc >= 0 && head.contains(".")) {
      return null; // a dotted quad may only end the address
    }
    int total = headGroups.length + tailGroups.length;
    if ((dc < 0 && total != 8) || (dc >= 0 && total > 7)) {
      return null;
    }
    byte[] out = new byte[16];
    int p = 0;
    for (int g : headGroups) {
      out[p++] = (byte) (g >>> 8);
      out[p++] = (byte) g;
    }
    p = 16 - 2 * tailGroups.length;
    for (int g : tailGroups) {
      out[p++] = (byte) (g >>> 8);
      out[p++] = (byte) g;
    }
    return out;
  }

  /** @return 16-bit groups; a trailing dotted quad counts as two; null when malformed */
  private static int[] groups(String s, boolean mayEndWithIp4) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int extra = 0;
    byte[] ip4 = null;
    if (mayEndWithIp4 && parts[parts.length - 1].contains(".")) {
      ip4 = parseIp4(parts[parts.length - 1]);
      if (ip4 == null) {
        return null;
      }
      extra = 1;
    }
    int[] out = new int[parts.length + extra];
    for (int i = 0; i < parts.length - extra; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < part.length(); j++) {
        int d = Character.digit(part.charAt(j), 16);
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    if (ip4 != null) {
      out[parts.length - 1] = ((ip4[0] & 0xFF) << 8) | (ip4[1] & 0xFF);
      out[parts.length] = ((ip4[2] & 0xFF) << 8) | (ip4[3] & 0xFF);
    }
    return out;
  }

  static String formatIp4(byte[] b) {
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
  }

  static String formatIp6(byte[] b) {
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
      return "::ffff:" + formatIp4(new byte[] {b[12], b[13], b[14], b[15]});
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: never compress a single zero group
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
