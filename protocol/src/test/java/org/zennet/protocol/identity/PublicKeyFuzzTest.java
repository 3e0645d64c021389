package org.zennet.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated bytes into the public key and PeerId parsers: only typed exceptions come out. */
class PublicKeyFuzzTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[][] SEEDS = {
    HEX.parseHex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"),
    HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"),
    HEX.parseHex("0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62"),
  };

  @Provide
  Arbitrary<byte[]> mutatedKeys() {
    return Mutations.of(SEEDS);
  }

  @Property(tries = 3000)
  void mutatedPublicKeysParseOrFailTyped(@ForAll("mutatedKeys") byte[] bytes) {
    try {
      PeerPublicKey key = PeerPublicKey.fromProtobuf(bytes);
      assertThat(key.toProtobuf()).containsExactly(bytes); // only the deterministic encoding parses
      key.verify(bytes, bytes);
    } catch (InvalidPublicKeyException expected) {
      // typed
    }
  }

  @Property(tries = 2000)
  void randomBytesAsPublicKey(@ForAll byte[] bytes) {
    try {
      PeerPublicKey.fromProtobuf(bytes);
    } catch (InvalidPublicKeyException expected) {
      // typed
    }
  }

  @Property(tries = 2000)
  void mutatedPeerIdBytes(@ForAll("mutatedPeerIds") byte[] bytes) {
    try {
      PeerId id = PeerId.fromBytes(bytes);
      assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
      assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    } catch (InvalidPeerIdException expected) {
      // typed
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedPeerIds() {
    byte[][] ids = new byte[SEEDS.length][];
    for (int i = 0; i < SEEDS.length; i++) {
      try {
        ids[i] = PeerPublicKey.fromProtobuf(SEEDS[i]).peerId().toBytes();
      } catch (InvalidPublicKeyException e) {
        throw new AssertionError(e);
      }
    }
    return Mutations.of(ids);
  }

  @Property(tries = 2000)
  void randomPeerIdText(@ForAll("peerIdText") String text) {
    try {
      PeerId.parse(text);
    } catch (InvalidPeerIdException expected) {
      // typed
    }
  }

  @Provide
  Arbitrary<String> peerIdText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyzQm").ofMaxLength(80).map(s -> "Qm" + s),
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567").ofMaxLength(80).map(s -> "bafz" + s));
  }
}
