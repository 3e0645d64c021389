package org.zennet.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.multiaddr.Multiaddr;

/** Two of our hosts over loopback TCP: authentication, muxer agreement, impostors refused. */
@ExtendWith(VertxExtension.class)
class TlsTransportTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.now();
  private final List<TlsTransport> transports = new ArrayList<>();
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(PeerTrustManager.class)).addAppender(logs);
    ((Logger) LoggerFactory.getLogger(TcpTlsTransport.class)).addAppender(logs);
  }

  @AfterEach
  void close(VertxTestContext test) {
    ((Logger) LoggerFactory.getLogger(PeerTrustManager.class)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger(TcpTlsTransport.class)).detachAppender(logs);
    Future.all(transports.stream().map(TlsTransport::close).toList()).onComplete(test.succeedingThenComplete());
  }

  private TlsTransport transport(Vertx vertx, HostKey key) {
    TlsTransport t = TlsTransport.create(vertx, key, TlsTransportConfig.DEFAULT);
    transports.add(t);
    return t;
  }

  private TlsTransport withIdentity(Vertx vertx, HostKey claimed, TlsIdentity identity) {
    TlsTransport t = new TcpTlsTransport(vertx, claimed.peerId(), identity, TlsTransportConfig.DEFAULT, Clock.systemUTC());
    transports.add(t);
    return t;
  }

  private static Multiaddr loopback() throws Exception {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  private void connectsAndExchangesData(Vertx vertx, VertxTestContext test, HostKey serverKey, HostKey clientKey) throws Exception {
    TlsTransport server = transport(vertx, serverKey);
    TlsTransport client = transport(vertx, clientKey);
    Checkpoint serverSide = test.checkpoint();
    Checkpoint clientSide = test.checkpoint();
    server.listen(loopback(), conn -> test.verify(() -> {
      assertThat(conn.remotePeerId()).isEqualTo(clientKey.peerId());
      assertThat(conn.remotePublicKey()).isEqualTo(clientKey.publicKey());
      assertThat(conn.initiator()).isFalse();
      assertThat(conn.muxer()).isEqualTo("/yamux/1.0.0");
      assertThat(conn.socket().isSsl()).isTrue();
      assertThat(conn.remoteAddress().peerId()).contains(clientKey.peerId());
      conn.input().handler(b -> conn.output().write(Buffer.buffer("echo:").appendBuffer(b)));
      serverSide.flag();
    })).compose(addr -> {
      test.verify(() -> assertThat(addr.peerId()).contains(serverKey.peerId()));
      return client.dial(addr);
    }).onComplete(test.succeeding(conn -> test.verify(() -> {
      assertThat(conn.remotePeerId()).isEqualTo(serverKey.peerId());
      assertThat(conn.initiator()).isTrue();
      assertThat(conn.muxer()).isEqualTo("/yamux/1.0.0");
      assertThat(conn.socket().applicationLayerProtocol()).isEqualTo("libp2p");
      assertThat(conn.socket().sslSession().getProtocol()).isEqualTo("TLSv1.3");
      conn.input().handler(b -> test.verify(() -> {
        assertThat(b.toString()).isEqualTo("echo:ping");
        clientSide.flag();
      }));
      conn.output().write(Buffer.buffer("ping"));
    })));
  }

  @Test
  void twoSecp256k1HostsAuthenticateEachOther(Vertx vertx, VertxTestContext test) throws Exception {
    connectsAndExchangesData(vertx, test, HostKey.generateSecp256k1(RANDOM), HostKey.generateSecp256k1(RANDOM));
  }

  @Test
  void anEd25519ListenerIsVerified(Vertx vertx, VertxTestContext test) throws Exception {
    connectsAndExchangesData(vertx, test, HostKey.generateEd25519(RANDOM), HostKey.generateSecp256k1(RANDOM));
  }

  @Test
  void anEd25519DialerIsVerified(Vertx vertx, VertxTestContext test) throws Exception {
    connectsAndExchangesData(vertx, test, HostKey.generateSecp256k1(RANDOM), HostKey.generateEd25519(RANDOM));
  }

  @Test
  void dialRefusesAPeerOtherThanTheOneInTheAddress(Vertx vertx, VertxTestContext test) throws Exception {
    HostKey serverKey = HostKey.generateSecp256k1(RANDOM);
    PeerId someoneElse = HostKey.generateSecp256k1(RANDOM).peerId();
    TlsTransport server = transport(vertx, serverKey);
    TlsTransport client = transport(vertx, HostKey.generateSecp256k1(RANDOM));
    Checkpoint refused = test.checkpoint();
    Checkpoint laterDialWorks = test.checkpoint();
    server.listen(loopback(), conn -> { }).compose(addr -> client.dial(addr.withPeerId(someoneElse))
        .transform(ar -> {
          test.verify(() -> {
            assertThat(ar.failed()).isTrue();
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("is " + serverKey.peerId() + ", not the dialled " + someoneElse));
          });
          refused.flag();
          return client.dial(addr);
        }))
        .onComplete(test.succeeding(conn -> test.verify(() -> {
          assertThat(conn.remotePeerId()).isEqualTo(serverKey.peerId());
          laterDialWorks.flag();
        })));
  }

  /** Impostor identities, each refused by the listener with a logged reason. */
  private List<TlsIdentity> impostors(HostKey victim) {
    Instant from = NOW.minus(Duration.ofHours(1));
    Instant to = NOW.plus(Duration.ofDays(1));
    HostKey attacker = HostKey.generateSecp256k1(RANDOM);
    KeyPair certKey = Libp2pCertificates.newCertificateKey(RANDOM);
    X509Certificate noExtension = Libp2pCertificates.selfSigned(certKey, null, from, to, RANDOM);
    byte[] forged = Libp2pCertificates.signedKey(victim.publicKey().toProtobuf(),
        attacker.sign(Libp2pCertificates.signedMessage(certKey.getPublic().getEncoded())));
    X509Certificate forgedCert = Libp2pCertificates.selfSigned(certKey, forged, from, to, RANDOM);
    TlsIdentity expired = Libp2pCertificates.generate(victim, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), RANDOM);
    TlsIdentity genuine = Libp2pCertificates.generate(victim, from, to, RANDOM);
    return List.of(
        new TlsIdentity(List.of(noExtension), certKey.getPrivate()),
        new TlsIdentity(List.of(forgedCert), certKey.getPrivate()),
        expired,
        new TlsIdentity(List.of(genuine.certificate(), noExtension), genuine.privateKey()));
  }

  @Test
  void listenerRefusesImpostorsAndKeepsServing(Vertx vertx, VertxTestContext test) throws Exception {
    HostKey serverKey = HostKey.generateSecp256k1(RANDOM);
    HostKey victim = HostKey.generateSecp256k1(RANDOM);
    TlsTransport server = transport(vertx, serverKey);
    AtomicInteger accepted = new AtomicInteger();
    List<TlsIdentity> impostors = impostors(victim);
    List<Checkpoint> refused = impostors.stream().map(i -> test.checkpoint()).toList();
    Checkpoint honestAccepted = test.checkpoint();
    HostKey honest = HostKey.generateSecp256k1(RANDOM);
    server.listen(loopback(), conn -> test.verify(() -> {
      assertThat(conn.remotePeerId()).isEqualTo(honest.peerId()); // never an impostor
      accepted.incrementAndGet();
    })).onComplete(test.succeeding(addr -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < impostors.size(); i++) {
        TlsIdentity identity = impostors.get(i);
        Checkpoint thisOneRefused = refused.get(i);
        chain = chain.compose(v -> withIdentity(vertx, victim, identity).dial(addr).transform(ar -> {
          test.verify(() -> assertThat(ar.failed()).as("impostor " + identity).isTrue());
          thisOneRefused.flag();
          return Future.succeededFuture();
        }));
      }
      chain.compose(v -> transport(vertx, honest).dial(addr)).onComplete(test.succeeding(conn -> test.verify(() -> {
        assertThat(conn.remotePeerId()).isEqualTo(serverKey.peerId());
        List<String> reasons = logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("Refused peer")).toList();
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("lacks the libp2p public key extension"));
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("signature does not verify"));
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("expired"));
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("exactly one certificate, got 2"));
        honestAccepted.flag();
      })));
    }));
  }

  /**
   * js-libp2p's certificate as @libp2p/tls 3.x builds it: no subject, no issuer, the libp2p extension
   * critical. The JDK's TLS stack refused such certificates before any trust manager ran ("Empty
   * issuer DN not allowed"); found by JsLibp2pInteropIT, fixed by BouncyCastleJsseEngineOptions.
   */
  private static TlsIdentity jsLibp2pStyleIdentity(HostKey hostKey) throws Exception {
    java.security.KeyPair certKey = Libp2pCertificates.newCertificateKey(RANDOM);
    byte[] extension = Libp2pCertificates.signedKey(hostKey.publicKey().toProtobuf(),
        hostKey.sign(Libp2pCertificates.signedMessage(certKey.getPublic().getEncoded())));
    org.bouncycastle.asn1.x500.X500Name empty = new org.bouncycastle.asn1.x500.X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
    org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
        empty, java.math.BigInteger.valueOf(4_503_599_627_370_495L), java.util.Date.from(NOW.minus(Duration.ofHours(1))),
        java.util.Date.from(NOW.plus(Duration.ofDays(365))), empty, certKey.getPublic());
    builder.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(Libp2pCertificates.EXTENSION_OID), true, extension);
    X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
        .getCertificate(builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(certKey.getPrivate())));
    return new TlsIdentity(List.of(cert), certKey.getPrivate());
  }

  @Test
  void certificatesWithoutSubjectOrIssuerAreAcceptedBothWays(Vertx vertx, VertxTestContext test) throws Exception {
    HostKey jsStyleServer = HostKey.generateEd25519(RANDOM);
    HostKey jsStyleClient = HostKey.generateEd25519(RANDOM);
    TlsTransport server = withIdentity(vertx, jsStyleServer, jsLibp2pStyleIdentity(jsStyleServer));
    TlsTransport client = withIdentity(vertx, jsStyleClient, jsLibp2pStyleIdentity(jsStyleClient));
    Checkpoint inbound = test.checkpoint();
    server.listen(loopback(), conn -> test.verify(() -> {
      assertThat(conn.remotePeerId()).isEqualTo(jsStyleClient.peerId());
      inbound.flag();
    })).compose(client::dial).onComplete(test.succeeding(conn -> test.verify(() -> {
      assertThat(conn.remotePeerId()).isEqualTo(jsStyleServer.peerId());
      test.completeNow();
    })));
  }

  @Test
  void dialerRefusesAListenerWithAForgedCertificate(Vertx vertx, VertxTestContext test) throws Exception {
    HostKey victim = HostKey.generateSecp256k1(RANDOM);
    TlsIdentity forged = impostors(victim).get(1);
    TlsTransport server = withIdentity(vertx, victim, forged);
    TlsTransport client = transport(vertx, HostKey.generateEd25519(RANDOM));
    server.listen(loopback(), conn -> test.failNow("the listener should never get a connection"))
        .compose(client::dial)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(logs.list).anySatisfy(ev -> assertThat(ev.getFormattedMessage()).contains("signature does not verify"));
          test.completeNow();
        })));
  }

  @Test
  void plaintextAndGarbageClientsAreDropped(Vertx vertx, VertxTestContext test) throws Exception {
    TlsTransport server = transport(vertx, HostKey.generateSecp256k1(RANDOM));
    Checkpoint closed = test.checkpoint();
    io.vertx.core.net.NetClient raw = vertx.createNetClient();
    server.listen(loopback(), conn -> test.failNow("no connection expected"))
        .compose(addr -> raw.connect(Integer.parseInt(addr.components().get(1).value()), "127.0.0.1"))
        .onComplete(test.succeeding(socket -> {
          socket.closeHandler(v -> raw.close().onComplete(test.succeeding(x -> closed.flag())));
          socket.write(Buffer.buffer("GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\nConnection: close\r\n\r\n"));
        }));
  }
}
