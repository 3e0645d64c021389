package org.zennet.protocol.multiaddr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zennet.protocol.identity.InvalidPeerIdException;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.varint.UnsignedVarint;
import org.zennet.protocol.varint.VarintException;

/**
 * An immutable multiaddr such as {@code /ip4/127.0.0.1/tcp/7400/p2p/16Uiu2HA...}: a sequence of
 * components, each a protocol and its value. Text and binary forms convert both ways; values are kept
 * in canonical text (IPv6 per RFC 5952, PeerIds in base58btc), so equal addresses are equal objects.
 */
public final class Multiaddr {
  /** Longest binary form accepted. */
  public static final int MAX_BINARY_LENGTH = 1024;
  /** Longest text form accepted. */
  public static final int MAX_TEXT_LENGTH = 2048;
  /** Longest domain name, in UTF-8 bytes. */
  public static final int MAX_DNS_NAME_LENGTH = 255;

  /**
   * One protocol and its value.
   *
   * @param protocol the protocol
   * @param value the canonical text value
   */
  public record Component(MultiaddrProtocol protocol, String value) {
    @Override
    public String toString() {
      return "/" + protocol.protocolName() + "/" + value;
    }
  }

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  /**
   * Parses the text form.
   *
   * @throws InvalidMultiaddrException naming the offending part: unknown protocol, missing or bad
   *     value (IP, port, PeerId, name), empty component, or too long
   */
  public static Multiaddr parse(String text) throws InvalidMultiaddrException {
    if (text == null || text.isEmpty()) {
      throw new InvalidMultiaddrException("empty multiaddr");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidMultiaddrException("multiaddr longer than " + MAX_TEXT_LENGTH + " characters");
    }
    if (text.charAt(0) != '/') {
      throw new InvalidMultiaddrException("multiaddr '" + text + "' must start with '/'");
    }
    String body = text.endsWith("/") && text.length() > 1 ? text.substring(1, text.length() - 1) : text.substring(1);
    String[] parts = body.split("/", -1);
    List<Component> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i];
      if (name.isEmpty()) {
        throw new InvalidMultiaddrException("empty protocol name in '" + text + "'");
      }
      MultiaddrProtocol protocol = MultiaddrProtocol.ofName(name);
      if (protocol == null) {
        throw new InvalidMultiaddrException("unknown protocol '" + name + "' in '" + text + "'");
      }
      if (i + 1 >= parts.length) {
        throw new InvalidMultiaddrException("protocol /" + name + " needs a value in '" + text + "'");
      }
      out.add(new Component(protocol, canonicalValue(protocol, parts[++i])));
    }
    Multiaddr result = new Multiaddr(out);
    if (result.encodedLength() > MAX_BINARY_LENGTH) {
      throw new InvalidMultiaddrException("multiaddr longer than " + MAX_BINARY_LENGTH + " bytes in binary form");
    }
    return result;
  }

  /**
   * Parses the binary form: {@code (varint code, value)+} where variable values carry a varint length.
   *
   * @throws InvalidMultiaddrException for unknown codes, truncated or oversized values, bad values
   */
  public static Multiaddr fromBytes(byte[] bytes) throws InvalidMultiaddrException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidMultiaddrException("empty multiaddr");
    }
    if (bytes.length > MAX_BINARY_LENGTH) {
      throw new InvalidMultiaddrException("multiaddr of " + bytes.length + " bytes is longer than " + MAX_BINARY_LENGTH);
    }
    List<Component> out = new ArrayList<>();
    int p = 0;
    try {
      while (p < bytes.length) {
        UnsignedVarint.Decoded code = UnsignedVarint.decode(bytes, p);
        p += code.length();
        MultiaddrProtocol protocol = MultiaddrProtocol.ofCode(code.value());
        if (protocol == null) {
          throw new InvalidMultiaddrException("unknown protocol code " + Long.toUnsignedString(code.value()) + " at byte " + (p - code.length()));
        }
        long size = protocol.fixedSize();
        if (size < 0) {
          UnsignedVarint.Decoded len = UnsignedVarint.decode(bytes, p);
          p += len.length();
          size = len.value();
        }
        if (size > bytes.length - p) {
          throw new InvalidMultiaddrException("/" + protocol.protocolName() + " value of " + size + " bytes runs past the end (" + (bytes.length - p) + " left)");
        }
        byte[] value = new byte[(int) size];
        System.arraycopy(bytes, p, value, 0, value.length);
        p += value.length;
        out.add(new Component(protocol, textValue(protocol, value)));
      }
    } catch (VarintException e) {
      throw new InvalidMultiaddrException("bad varint in multiaddr: " + e.getMessage());
    }
    return new Multiaddr(out);
  }

  /** @return an address with the given components */
  public static Multiaddr of(List<Component> components) throws InvalidMultiaddrException {
    List<Component> checked = new ArrayList<>();
    for (Component c : components) {
      checked.add(new Component(c.protocol(), canonicalValue(c.protocol(), c.value())));
    }
    return new Multiaddr(checked);
  }

  /** @return {@code /ip4/<host>/tcp/<port>} or {@code /ip6/...} for an IP literal */
  public static Multiaddr tcp(String ipLiteral, int port) throws InvalidMultiaddrException {
    MultiaddrProtocol ip = ipLiteral.contains(":") ? MultiaddrProtocol.IP6 : MultiaddrProtocol.IP4;
    return of(List.of(new Component(ip, ipLiteral), new Component(MultiaddrProtocol.TCP, Integer.toString(port))));
  }

  /** @return the components, in order */
  public List<Component> components() {
    return components;
  }

  /** @return the binary form */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(UnsignedVarint.encode(c.protocol().code()));
      byte[] value = bytesOf(c);
      if (c.protocol().fixedSize() < 0) {
        out.writeBytes(UnsignedVarint.encode(value.length));
      }
      out.writeBytes(value);
    }
    return out.toByteArray();
  }

  private int encodedLength() {
    int n = 0;
    for (Component c : components) {
      n += UnsignedVarint.encodedLength(c.protocol().code());
      int len = bytesOf(c).length;
      n += (c.protocol().fixedSize() < 0 ? UnsignedVarint.encodedLength(len) : 0) + len;
    }
    return n;
  }

  /** @return the PeerId of the last {@code /p2p} component, if any */
  public Optional<PeerId> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      Component c = components.get(i);
      if (c.protocol() == MultiaddrProtocol.P2P) {
        try {
          return Optional.of(PeerId.parse(c.value()));
        } catch (InvalidPeerIdException e) {
          throw new IllegalStateException("checked when parsed", e);
        }
      }
    }
    return Optional.empty();
  }

  /** @return this address without a trailing {@code /p2p} component */
  public Multiaddr withoutPeerId() {
    if (!components.isEmpty() && components.getLast().protocol() == MultiaddrProtocol.P2P) {
      return new Multiaddr(components.subList(0, components.size() - 1));
    }
    return this;
  }

  /** @return this address with {@code /p2p/<peerId>} at the end, replacing a trailing one */
  public Multiaddr withPeerId(PeerId peerId) {
    List<Component> list = new ArrayList<>(withoutPeerId().components);
    list.add(new Component(MultiaddrProtocol.P2P, peerId.toBase58()));
    return new Multiaddr(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && components.equals(m.components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    components.forEach(sb::append);
    return sb.toString();
  }

  private static String canonicalValue(MultiaddrProtocol protocol, String value) throws InvalidMultiaddrException {
    if (value == null || value.isEmpty()) {
      throw new InvalidMultiaddrException("protocol /" + protocol.protocolName() + " needs a value");
    }
    return switch (protocol) {
      case IP4 -> {
        byte[] b = IpAddresses.parseIp4(value);
        if (b == null) {
          throw new InvalidMultiaddrException("bad IPv4 address '" + value + "' (expected a dotted quad such as 127.0.0.1)");
        }
        yield IpAddresses.formatIp4(b);
      }
      case IP6 -> {
        byte[] b = IpAddresses.parseIp6(value);
        if (b == null) {
          throw new InvalidMultiaddrException("bad IPv6 address '" + value + "'");
        }
        yield IpAddresses.formatIp6(b);
      }
      case TCP -> Integer.toString(parsePort(value));
      case DNS, DNS4, DNS6 -> checkName(protocol, value);
      case P2P -> {
        try {
          yield PeerId.parse(value).toBase58();
        } catch (InvalidPeerIdException e) {
          throw new InvalidMultiaddrException("bad PeerId in /p2p: " + e.getMessage());
        }
      }
    };
  }

  private static int parsePort(String value) throws InvalidMultiaddrException {
    boolean digits = !value.isEmpty() && value.length() <= 5 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (value.length() > 1 && value.charAt(0) == '0') || Integer.parseInt(value) > 65535) {
      throw new InvalidMultiaddrException("bad TCP port '" + value + "' (expected 0 to 65535)");
    }
    return Integer.parseInt(value);
  }

  private static String checkName(MultiaddrProtocol protocol, String name) throws InvalidMultiaddrException {
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_DNS_NAME_LENGTH) {
      throw new InvalidMultiaddrException("/" + protocol.protocolName() + " name longer than " + MAX_DNS_NAME_LENGTH + " bytes");
    }
    if (name.indexOf('/') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidMultiaddrException("/" + protocol.protocolName() + " name '" + name + "' contains '/' or control characters");
    }
    return name;
  }

  private static String textValue(MultiaddrProtocol protocol, byte[] value) throws InvalidMultiaddrException {
    return switch (protocol) {
      case IP4 -> IpAddresses.formatIp4(value);
      case IP6 -> IpAddresses.formatIp6(value);
      case TCP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case DNS, DNS4, DNS6 -> {
        if (value.length == 0) {
          throw new InvalidMultiaddrException("empty /" + protocol.protocolName() + " name");
        }
        try {
          String name = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value)).toString();
          yield checkName(protocol, name);
        } catch (CharacterCodingException e) {
          throw new InvalidMultiaddrException("/" + protocol.protocolName() + " name is not UTF-8");
        }
      }
      case P2P -> {
        try {
          yield PeerId.fromBytes(value).toBase58();
        } catch (InvalidPeerIdException e) {
          throw new InvalidMultiaddrException("bad PeerId in /p2p: " + e.getMessage());
        }
      }
    };
  }

  private static byte[] bytesOf(Component c) {
    return switch (c.protocol()) {
      case IP4 -> IpAddresses.parseIp4(c.value());
      case IP6 -> IpAddresses.parseIp6(c.value());
      case TCP -> {
        int port = Integer.parseInt(c.value());
        yield new byte[] {(byte) (port >>> 8), (byte) port};
      }
      case DNS, DNS4, DNS6 -> c.value().getBytes(StandardCharsets.UTF_8);
      case P2P -> {
        try {
          yield PeerId.parse(c.value()).toBytes();
        } catch (InvalidPeerIdException e) {
          throw new IllegalStateException("checked when parsed", e);
        }
      }
    };
  }
}
