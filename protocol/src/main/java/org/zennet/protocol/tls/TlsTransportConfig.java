package org.zennet.protocol.tls;

import java.time.Duration;
import java.util.List;
import org.zennet.protocol.multistream.MultistreamConfig;

/**
 * Settings of the TCP + TLS transport.
 *
 * @param handshakeTimeout the longest a connection may take from TCP connect to an agreed muxer
 * @param certificateValidity how long the host's ephemeral certificate is valid (it starts an hour in
 *     the past, for clock skew)
 * @param muxers the stream muxers to negotiate after TLS, in order of preference
 * @param multistream limits of each multistream-select negotiation
 */
public record TlsTransportConfig(Duration handshakeTimeout, Duration certificateValidity, List<String> muxers, MultistreamConfig multistream) {
  /** Long enough for a slow peer, short enough to shed silent ones. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * go-libp2p uses about 100 years: the certificate key lives only as long as the process, and the
   * host key's signature, not the validity period, is what binds it to the peer.
   */
  public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(100L * 365);
  /** yamux is the muxer of the design. */
  public static final List<String> DEFAULT_MUXERS = List.of("/yamux/1.0.0");
  /** The defaults. */
  public static final TlsTransportConfig DEFAULT =
      new TlsTransportConfig(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_CERTIFICATE_VALIDITY, DEFAULT_MUXERS, MultistreamConfig.DEFAULT);

  /** Validates the settings. */
  public TlsTransportConfig {
    if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("handshakeTimeout must be between 1 ms and 10 minutes, not " + handshakeTimeout);
    }
    if (certificateValidity == null || certificateValidity.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("certificateValidity must be at least an hour, not " + certificateValidity);
    }
    muxers = List.copyOf(muxers);
    if (muxers.isEmpty()) {
      throw new IllegalArgumentException("at least one muxer protocol");
    }
    if (multistream == null) {
      throw new IllegalArgumentException("multistream limits are required");
    }
  }
}
