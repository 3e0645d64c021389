package org.zennet.protocol.multiaddr;

/** The multiaddr protocols we understand, with their codes from multiformats/multiaddr protocols.csv. */
public enum MultiaddrProtocol {
  /** IPv4 address, 4 bytes. */
  IP4(4, "ip4", 4),
  /** TCP port, 2 bytes big-endian. */
  TCP(6, "tcp", 2),
  /** IPv6 address, 16 bytes. */
  IP6(41, "ip6", 16),
  /** Domain name resolvable to IPv4 and IPv6 addresses, length-prefixed UTF-8. */
  DNS(53, "dns", -1),
  /** Domain name resolvable to IPv4 addresses only. */
  DNS4(54, "dns4", -1),
  /** Domain name resolvable to IPv6 addresses only. */
  DNS6(55, "dns6", -1),
  /** A PeerId, length-prefixed multihash; {@code /ipfs} is read as an alias. */
  P2P(421, "p2p", -1);

  private final int code;
  private final String protocolName;
  private final int size;

  MultiaddrProtocol(int code, String protocolName, int size) {
    this.code = code;
    this.protocolName = protocolName;
    this.size = size;
  }

  /** @return the multicodec code */
  public int code() {
    return code;
  }

  /** @return the name used in text form */
  public String protocolName() {
    return protocolName;
  }

  /** @return the fixed value size in bytes, or -1 for a length-prefixed value */
  public int fixedSize() {
    return size;
  }

  static MultiaddrProtocol ofName(String name) {
    if (name.equals("ipfs")) {
      return P2P;
    }
    for (MultiaddrProtocol p : values()) {
      if (p.protocolName.equals(name)) {
        return p;
      }
    }
    return null;
  }

  static MultiaddrProtocol ofCode(long code) {
    for (MultiaddrProtocol p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return null;
  }
}
