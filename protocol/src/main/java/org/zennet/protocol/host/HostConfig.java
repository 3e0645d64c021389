package org.zennet.protocol.host;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.zennet.protocol.multistream.MultistreamConfig;
import org.zennet.protocol.tls.TlsTransportConfig;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.yamux.YamuxConfig;

/**
 * Settings of a {@link Host}.
 *
 * @param transport TCP + TLS settings (handshake timeout, muxers, multistream limits of the connection)
 * @param yamux stream muxer settings; its {@code maxConcurrentStreams} is the limit of streams per
 *     connection, both directions together
 * @param multistream limits of each per-stream protocol negotiation
 * @param wire message framing limits of {@link MessageStream}s
 * @param maxConnections open connections, inbound and outbound together; an inbound connection beyond
 *     it is closed after the handshake with a logged reason, a dial beyond it fails
 * @param streamTimeout the longest a stream may take to agree on a protocol, and a ping or identify to
 *     be answered
 * @param agentVersion sent in identify, {@code zennet/<version>}
 */
public record HostConfig(
    TlsTransportConfig transport,
    YamuxConfig yamux,
    MultistreamConfig multistream,
    WireConfig wire,
    int maxConnections,
    Duration streamTimeout,
    String agentVersion) {
  /** Enough for a publisher with hundreds of providers; bounds what a flood of peers can hold. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  /** Streams per connection: yamux's default, 1000. */
  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = YamuxConfig.DEFAULT_MAX_CONCURRENT_STREAMS;
  /** Generous for a loaded peer, short enough to shed a stream that never says what it wants. */
  public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofSeconds(10);
  /** {@code zennet/<version of this build>}. */
  public static final String DEFAULT_AGENT_VERSION = "zennet/" + buildVersion();
  /** The defaults. */
  public static final HostConfig DEFAULT = new HostConfig(TlsTransportConfig.DEFAULT, YamuxConfig.DEFAULT,
      MultistreamConfig.DEFAULT, WireConfig.DEFAULT, DEFAULT_MAX_CONNECTIONS, DEFAULT_STREAM_TIMEOUT, DEFAULT_AGENT_VERSION);

  /** Validates the settings. */
  public HostConfig {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(yamux, "yamux");
    Objects.requireNonNull(multistream, "multistream");
    Objects.requireNonNull(wire, "wire");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
    }
    if (streamTimeout == null || streamTimeout.isNegative() || streamTimeout.isZero()) {
      throw new IllegalArgumentException("streamTimeout must be positive, was " + streamTimeout);
    }
    if (agentVersion == null || agentVersion.isBlank() || agentVersion.length() > 256) {
      throw new IllegalArgumentException("agentVersion must be 1 to 256 characters");
    }
  }

  /** @return these settings with at most {@code max} connections */
  public HostConfig withMaxConnections(int max) {
    return new HostConfig(transport, yamux, multistream, wire, max, streamTimeout, agentVersion);
  }

  /** @return these settings with at most {@code max} streams per connection */
  public HostConfig withMaxStreamsPerConnection(int max) {
    return new HostConfig(transport, yamux.withMaxConcurrentStreams(max), multistream, wire, maxConnections, streamTimeout, agentVersion);
  }

  /** @return these settings with {@code timeout} for stream negotiation, ping and identify */
  public HostConfig withStreamTimeout(Duration timeout) {
    return new HostConfig(transport, yamux, multistream, wire, maxConnections, timeout, agentVersion);
  }

  /** @return these settings with the given message framing limits */
  public HostConfig withWire(WireConfig wireConfig) {
    return new HostConfig(transport, yamux, multistream, wireConfig, maxConnections, streamTimeout, agentVersion);
  }

  private static String buildVersion() {
    Properties p = new Properties();
    try (InputStream in = HostConfig.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the agent version is informative only
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }
}
