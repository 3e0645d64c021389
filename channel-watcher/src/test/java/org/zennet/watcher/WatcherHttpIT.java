package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.watcher.WatcherFixture.XEN;
import static org.zennet.watcher.WatcherFixture.await;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.watcher.http.StatusSignature;

/** The HTTP API: health, Prometheus metrics, and a provider's signed channel status with its refusals. */
@ExtendWith(AnvilExtension.class)
class WatcherHttpIT {
  @TempDir Path dir;
  private WatcherFixture f;
  private Watcher watcher;
  private BigInteger channel;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start(DevChain dev) throws Exception {
    f = new WatcherFixture(dev);
    watcher = f.watcher(f.config(dir));
    channel = f.open(f.provider, XEN.multiply(BigInteger.TEN));
    assertThat(await(f.client(f.host(f.provider), watcher).delegate(f.voucher(channel, XEN.multiply(BigInteger.TWO))))
        .hasAck()).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(watcher.httpUrl() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> status(String id, Credentials signer, long timestamp) throws Exception {
    return get("/channels/" + id + "/status", StatusSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
        StatusSignature.SIGNATURE_HEADER,
        StatusSignature.sign(signer, f.deployment.chainId(), new BigInteger(id), timestamp));
  }

  @Test
  void healthReportsTheChainTheCursorAndTheChannels() throws Exception {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject json = new JsonObject(health.body());
    assertThat(json.getString("status")).isEqualTo("ok");
    assertThat(json.getLong("chainHead")).isPositive();
    assertThat(json.getJsonObject("cursor").getLong("block")).isPositive();
    assertThat(json.getLong("channelsHeld")).isEqualTo(1);
    assertThat(json.getString("account")).isEqualTo(watcher.account());
  }

  @Test
  void metricsAreInThePrometheusFormat() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body()).contains("zennet_watcher_delegations_total{result=\"ack\"} 1.0",
        "zennet_watcher_channels_held 1.0", "zennet_watcher_chain_head", "zennet_watcher_redeem_pending 0.0",
        "zennet_watcher_delegation_seconds_count 1");
  }

  @Test
  void theProviderReadsItsChannelWithAFreshSignature() throws Exception {
    HttpResponse<String> ok = status(channel.toString(), f.provider, Instant.now().getEpochSecond());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject json = new JsonObject(ok.body());
    assertThat(json.getString("state")).isEqualTo("OPEN");
    assertThat(json.getString("heldAmount")).isEqualTo(XEN.multiply(BigInteger.TWO).toString());
    assertThat(json.getString("redeemedAmount")).isEqualTo("0");
    assertThat(json.getString("provider")).isEqualTo(f.provider.getAddress().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void badStatusRequestsAreRefusedWithJsonErrors() throws Exception {
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> unsigned = get("/channels/" + channel + "/status");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(unsigned.body()).getString("error")).contains(StatusSignature.SIGNATURE_HEADER);

    assertThat(status(channel.toString(), f.provider, now - 3600).statusCode()).as("stale").isEqualTo(401);
    assertThat(status(channel.toString(), f.secondProvider, now).statusCode()).as("another key").isEqualTo(403);
    assertThat(status("424242", f.provider, now).statusCode()).as("not held").isEqualTo(404);
    assertThat(get("/channels/not-a-number/status", StatusSignature.TIMESTAMP_HEADER, Long.toString(now),
        StatusSignature.SIGNATURE_HEADER, "0x00").statusCode()).as("bad id").isEqualTo(400);
    assertThat(get("/channels/" + "9".repeat(200) + "/status").statusCode()).as("an id too long").isEqualTo(400);
    assertThat(get("/channels/" + channel + "/status", StatusSignature.TIMESTAMP_HEADER, "yesterday",
        StatusSignature.SIGNATURE_HEADER, "0x00").statusCode()).as("bad timestamp").isEqualTo(400);
    HttpResponse<String> badSig = get("/channels/" + channel + "/status", StatusSignature.TIMESTAMP_HEADER,
        Long.toString(now), StatusSignature.SIGNATURE_HEADER, "0xzz");
    assertThat(badSig.statusCode()).as("bad signature").isEqualTo(400);
    assertThat(new JsonObject(badSig.body()).getString("error")).isNotBlank();
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).as("still serving").isEqualTo(200);
  }
}
