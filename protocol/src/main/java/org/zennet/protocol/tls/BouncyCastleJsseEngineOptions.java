package org.zennet.protocol.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.Provider;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * TLS by Bouncy Castle's JSSE provider instead of the JDK's. The JDK refuses, while parsing the
 * handshake and before any trust manager runs, a certificate with an empty issuer name ("Empty issuer
 * DN not allowed in X509Certificates"); js-libp2p's {@code @libp2p/tls} sends exactly such certificates
 * (no subject, no issuer), as the libp2p TLS spec allows. Bouncy Castle parses them, and its JCA
 * provider turns them into the {@code X509Certificate}s {@link PeerTrustManager} checks.
 */
final class BouncyCastleJsseEngineOptions extends SSLEngineOptions {
  /**
   * Bouncy Castle's JSSE logs every connection at INFO, and notes on the JDK's algorithm policy at
   * WARNING, through java.util.logging. Refusals are logged by TcpTlsTransport with their reason, so only
   * its SEVERE lines are kept. (A strong reference: java.util.logging holds loggers weakly.)
   */
  private static final java.util.logging.Logger JSSE_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");

  static {
    JSSE_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  /** One provider for the process: it holds no per-connection state. */
  private static final Provider JSSE = new BouncyCastleJsseProvider(new BouncyCastleProvider());

  BouncyCastleJsseEngineOptions() {}

  BouncyCastleJsseEngineOptions(BouncyCastleJsseEngineOptions other) {
    super(other);
  }

  @Override
  public BouncyCastleJsseEngineOptions copy() {
    return new BouncyCastleJsseEngineOptions(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Factory();
  }

  /** Builds Netty's JDK-style SSL context on the Bouncy Castle JSSE provider. */
  private static final class Factory implements SslContextFactory {
    private boolean useAlpn;
    private boolean forServer;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private SNIServerName serverName;
    private String endpointIdentification;
    private Set<String> protocols;
    private Set<String> cipherSuites;
    private List<String> applicationProtocols;
    private KeyManagerFactory keyManagers;
    private TrustManagerFactory trustManagers;

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      this.useAlpn = useAlpn;
      return this;
    }

    @Override
    public SslContextFactory forServer(ClientAuth clientAuth) {
      this.forServer = true;
      this.clientAuth = clientAuth;
      return this;
    }

    @Override
    public SslContextFactory forClient(SNIServerName serverName, String endpointIdentificationAlgorithm) {
      this.forServer = false;
      this.serverName = serverName;
      this.endpointIdentification = endpointIdentificationAlgorithm;
      return this;
    }

    @Override
    public SslContextFactory enabledProtocols(Set<String> protocols) {
      this.protocols = protocols;
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
      this.keyManagers = kmf;
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
      this.trustManagers = tmf;
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> cipherSuites) {
      this.cipherSuites = cipherSuites;
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
      this.applicationProtocols = applicationProtocols;
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      SslContextBuilder builder = forServer ? SslContextBuilder.forServer(keyManagers) : SslContextBuilder.forClient();
      builder.sslProvider(SslProvider.JDK).sslContextProvider(JSSE);
      if (!forServer) {
        builder.keyManager(keyManagers);
        if (serverName != null) {
          builder.serverName(serverName);
        }
        if (endpointIdentification != null && !endpointIdentification.isEmpty()) {
          builder.endpointIdentificationAlgorithm(endpointIdentification);
        }
      } else {
        builder.clientAuth(clientAuth);
      }
      if (trustManagers != null) {
        builder.trustManager(trustManagers);
      }
      if (protocols != null && !protocols.isEmpty()) {
        builder.protocols(protocols);
      }
      if (cipherSuites != null && !cipherSuites.isEmpty()) {
        builder.ciphers(cipherSuites);
      }
      if (useAlpn && applicationProtocols != null && !applicationProtocols.isEmpty()) {
        builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, applicationProtocols));
      }
      return builder.build();
    }
  }
}
