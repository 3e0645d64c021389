package org.zennet.contracts.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  private static final String XEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final Deployment DEPLOYMENT = new Deployment(31337, URI.create("http://127.0.0.1:8545"),
      URI.create("ws://127.0.0.1:8545"), 1, Map.of("XenCoin", XEN.toLowerCase()));

  @TempDir Path dir;

  @Test
  void roundTripsThroughAFile() throws IOException {
    Path file = dir.resolve("sub/deployment.json");
    DEPLOYMENT.write(file);
    Deployment read = Deployment.read(file);
    assertThat(read).isEqualTo(DEPLOYMENT);
    assertThat(read.requireAddress("XenCoin")).as("checksummed").isEqualTo(XEN);
    assertThat(Files.readString(file)).contains("\"chainId\" : 31337", "\"deploymentBlock\" : 1");
  }

  @Test
  void namesTheMissingContract() {
    assertThatThrownBy(() -> DEPLOYMENT.requireAddress("JobMarket"))
        .hasMessageContaining("no JobMarket contract").hasMessageContaining("XenCoin");
  }

  @Test
  void rejectsMalformedDescriptorsWithTheReason() {
    assertInvalid("not json", "invalid deployment descriptor");
    assertInvalid("{}", "chainId");
    assertInvalid(json("0", "\"http://h:1\"", XEN), "chainId must be positive");
    assertInvalid(json("1", "\"ftp://h:1\"", XEN), "rpcUrl must be a http or https URL");
    assertInvalid(json("1", "\"http://h:1\"", "0x1234"), "not a 0x-prefixed 20-byte hex address");
    assertInvalid(json("1", "\"http://h:1\"", "5FbDB2315678afecb367f032d93F642f64180aa3"), "not a 0x-prefixed");
    assertInvalid(json("\"many\"", "\"http://h:1\"", XEN), "chainId");
    assertInvalid("{\"chainId\":1,\"rpcUrl\":\"http://h:1\",\"deploymentBlock\":0,\"contracts\":{}}", "at least one contract");
    assertInvalid("{\"chainId\":1,\"rpcUrl\":\"http://h:1\",\"deploymentBlock\":-5,\"contracts\":{\"XenCoin\":\"" + XEN + "\"}}",
        "deploymentBlock must not be negative");
    assertInvalid("{\"chainId\":1,\"rpcUrl\":\"http://h:1\",\"deploymentBlock\":0,\"contracts\":{\"a b\":\"" + XEN + "\"}}",
        "not an identifier");
  }

  @Test
  void refusesAFileThatIsMissingOrTooLarge() throws IOException {
    assertThatThrownBy(() -> Deployment.read(dir.resolve("absent.json")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("zennet chain up");
    Path big = dir.resolve("big.json");
    Files.write(big, new byte[(int) Deployment.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> Deployment.read(big)).hasMessageContaining("at most");
  }

  @Test
  void namesTheFileOfABadDescriptor() throws IOException {
    Path bad = dir.resolve("deployment.json");
    Files.writeString(bad, "{\"chainId\": 1}");
    assertThatThrownBy(() -> Deployment.read(bad))
        .isInstanceOf(Deployment.InvalidDeploymentException.class).hasMessageContaining(bad.toString());
  }

  private static String json(String chainId, String rpc, String address) {
    return "{\"chainId\":" + chainId + ",\"rpcUrl\":" + rpc + ",\"deploymentBlock\":0,\"contracts\":{\"XenCoin\":\"" + address + "\"}}";
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> Deployment.fromJson(json))
        .isInstanceOf(Deployment.InvalidDeploymentException.class)
        .hasMessageContaining(message);
  }
}
