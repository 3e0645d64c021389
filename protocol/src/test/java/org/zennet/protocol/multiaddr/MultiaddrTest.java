package org.zennet.protocol.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zennet.protocol.identity.Mutations;
import org.zennet.protocol.identity.PeerId;

/**
 * Vectors from multiformats/multiaddr (test/multiaddr.feature) and multiformats/go-multiaddr
 * (multiaddr_test.go: TestStringToBytes, TestConstructSucceeds, TestConstructFails), restricted to the
 * protocols we support.
 */
class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void specFeatureVectorBothWays() throws Exception {
    Multiaddr m = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
    assertThat(HEX.formatHex(m.toBytes())).isEqualTo("04c000022a0601bb");
    assertThat(Multiaddr.fromBytes(HEX.parseHex("04c000022a0601bb")).toString()).isEqualTo("/ip4/192.0.2.42/tcp/443");
    assertThat(m.components()).extracting(Object::toString).containsExactly("/ip4/192.0.2.42", "/tcp/443");
  }

  @Test
  void goMultiaddrStringToBytesVectors() throws Exception {
    assertThat(HEX.formatHex(Multiaddr.parse("/ip4/127.0.0.1/tcp/4321").toBytes())).isEqualTo("047f0000010610e1");
    assertThat(Multiaddr.fromBytes(HEX.parseHex("047f0000010610e1")).toString()).isEqualTo("/ip4/127.0.0.1/tcp/4321");
  }

  @Test
  void p2pComponentIsCode421WithLengthPrefixedMultihash() throws Exception {
    String id = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/tcp/7400/p2p/" + id);
    String hex = HEX.formatHex(m.toBytes());
    assertThat(hex).startsWith("047f000001061ce8" + "a503" + "22" + "1220");
    assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
    assertThat(m.peerId()).contains(PeerId.parse(id));
    assertThat(m.withoutPeerId().toString()).isEqualTo("/ip4/127.0.0.1/tcp/7400");
    assertThat(Multiaddr.parse("/ipfs/" + id + "/tcp/1234").toString()).isEqualTo("/p2p/" + id + "/tcp/1234");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/ip4/1.2.3.4", "/ip4/0.0.0.0", "/ip6/::1", "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21", "/tcp/0", "/tcp/1234",
      "/tcp/65535", "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC", "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
      "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234", "/ip4/127.0.0.1/tcp/1234",
      "/ip4/127.0.0.1/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234", "/dns4/example.com/tcp/443",
      "/dns/localhost/tcp/7400", "/dns6/example.com/tcp/1"})
  void constructsWhatGoMultiaddrConstructs(String text) throws Exception {
    Multiaddr m = Multiaddr.parse(text);
    assertThat(m.toString()).isEqualTo(text);
    assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
  }

  @Test
  void canonicalisesEquivalentText() throws Exception {
    assertThat(Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/").toString()).isEqualTo("/ip4/127.0.0.1/tcp/1234");
    assertThat(Multiaddr.parse("/ip6/2001:0DB8:0:0:0:0:0:1").toString()).isEqualTo("/ip6/2001:db8::1");
    assertThat(Multiaddr.parse("/ip6/::ffff:1.2.3.4").toString()).isEqualTo("/ip6/::ffff:1.2.3.4");
    assertThat(Multiaddr.parse("/ip6/1:0:0:1:0:0:0:1").toString()).isEqualTo("/ip6/1:0:0:1::1");
    assertThat(Multiaddr.parse("/ip6/1:0:1:1:1:1:1:1").toString()).isEqualTo("/ip6/1:0:1:1:1:1:1:1");
    assertThat(Multiaddr.parse("/ip6/::").toString()).isEqualTo("/ip6/::");
    // a base32 CID PeerId is shown in base58btc, as go-multiaddr does
    Multiaddr cid = Multiaddr.parse("/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm");
    assertThat(cid.toString()).startsWith("/p2p/Qm");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "ip4/1.2.3.4", "/ip4", "/ip4/::1", "/ip4/fdpsofodsajfdoisa", "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/ip4/1.2.3",
      "/ip6", "/ip6/1:2:3:4:5:6:7:8:9", "/ip6/1::2::3", "/ip6/fe80::1%eth0", "/tcp", "/tcp/65536", "/tcp/-1", "/tcp/080",
      "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/tcp", "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp",
      "/ip4/127.0.0.1/udp/1234", "/ip4/1.2.3.4/tcp/80/unix/a", "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
      "//ip4/1.2.3.4", "/ip4/1.2.3.4//tcp/1", "/dns4/", "/ip4/1.2.3.4/tcp/80/garbage"})
  void rejectsWhatGoMultiaddrRejectsAndMore(String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(InvalidMultiaddrException.class);
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/udp/1")).hasMessageContaining("unknown protocol 'udp'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/99999")).hasMessageContaining("bad TCP port '99999'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.400/tcp/1")).hasMessageContaining("bad IPv4 address '1.2.3.400'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Multiaddr.parse("/" + "dns4/a".repeat(400))).hasMessageContaining("longer than");
    assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex("047f0000010610e1ff"))).hasMessageContaining("varint");
    assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex("047f0000010610"))).hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex("910204d2"))).hasMessageContaining("unknown protocol code 273");
    // a /dns4 length prefix of 2^60 is refused before anything is allocated
    byte[] huge = HEX.parseHex("36" + "8080808080808080" + "10");
    assertThatThrownBy(() -> Multiaddr.fromBytes(huge)).hasMessageContaining("runs past the end");
  }

  @Test
  void buildsTcpAddressesAndAppendsPeerIds() throws Exception {
    PeerId id = PeerId.parse("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
    assertThat(Multiaddr.tcp("127.0.0.1", 7400).withPeerId(id).toString())
        .isEqualTo("/ip4/127.0.0.1/tcp/7400/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
    assertThat(Multiaddr.tcp("::1", 1).toString()).isEqualTo("/ip6/::1/tcp/1");
    assertThat(Multiaddr.of(List.of(new Multiaddr.Component(MultiaddrProtocol.TCP, "7")))).isEqualTo(Multiaddr.parse("/tcp/7"));
  }

  @Provide
  Arbitrary<byte[]> mutatedBinary() {
    return Mutations.of(
        HEX.parseHex("04c000022a0601bb"),
        HEX.parseHex("047f000001061ce8a503221220" + "11".repeat(32)),
        HEX.parseHex("290000000000000000000000000000000106000036" + "0b6578616d706c652e636f6d"));
  }

  @Property(tries = 3000)
  void mutatedBinaryParsesOrFailsTyped(@ForAll("mutatedBinary") byte[] bytes) throws Exception {
    try {
      Multiaddr m = Multiaddr.fromBytes(bytes);
      assertThat(m.toBytes()).containsExactly(bytes);
      assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
    } catch (InvalidMultiaddrException expected) {
      // typed
    }
  }

  @Property(tries = 2000)
  void randomBinaryParsesOrFailsTyped(@ForAll byte[] bytes) {
    try {
      Multiaddr.fromBytes(bytes);
    } catch (InvalidMultiaddrException expected) {
      // typed
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> piece = Arbitraries.of("/", "ip4", "ip6", "tcp", "dns4", "p2p", "ipfs", "1.2.3.4", "::", ":", "1",
        "65535", "99999", "12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV", "Qm", ".", "0", "ff", "%", "\u00e9");
    return Arbitraries.oneOf(piece.list().ofMaxSize(12).map(l -> String.join("", l)), Arbitraries.strings().ofMaxLength(60));
  }

  @Property(tries = 3000)
  void randomTextParsesOrFailsTyped(@ForAll("texts") String text) throws Exception {
    try {
      Multiaddr m = Multiaddr.parse(text);
      assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
      assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
    } catch (InvalidMultiaddrException expected) {
      // typed
    }
  }
}
