package org.zennet.contracts.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.zennet.contracts.AtomicFiles;

/**
 * The deployment descriptor ({@code deployment.json}): which chain, how to reach it, where our contracts
 * live and from which block their events start. Agents read it to find the contracts.
 *
 * @param chainId the EIP-155 chain id
 * @param rpcUrl the HTTP JSON-RPC endpoint
 * @param wsUrl the WebSocket JSON-RPC endpoint, if the chain has one
 * @param deploymentBlock the block of the first deployment transaction (event scans start here)
 * @param contracts contract name ({@code XenCoin}, {@code JobMarket}, ...) to its address
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deployment(long chainId, URI rpcUrl, URI wsUrl, long deploymentBlock, Map<String, String> contracts) {
  public static final String XEN_COIN = "XenCoin";
  /** Descriptors larger than this are not ours; refuse them before parsing. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      // a newer descriptor may carry more fields; what this version needs is checked in the constructor
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Deployment {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive, got " + chainId);
    }
    requireScheme("rpcUrl", rpcUrl, "http", "https");
    if (wsUrl != null) {
      requireScheme("wsUrl", wsUrl, "ws", "wss");
    }
    if (deploymentBlock < 0) {
      throw new IllegalArgumentException("deploymentBlock must not be negative, got " + deploymentBlock);
    }
    if (contracts == null || contracts.isEmpty()) {
      throw new IllegalArgumentException("contracts must name at least one contract address");
    }
    contracts.forEach((name, address) -> {
      if (name == null || !name.matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
        throw new IllegalArgumentException("contract name '" + name + "' is not an identifier");
      }
      if (address == null || !address.startsWith("0x") || !WalletUtils.isValidAddress(address)) {
        throw new IllegalArgumentException("address of " + name + " is not a 0x-prefixed 20-byte hex address: " + address);
      }
    });
    TreeMap<String, String> checksummed = new TreeMap<>();
    contracts.forEach((name, address) -> checksummed.put(name, Keys.toChecksumAddress(address)));
    contracts = java.util.Collections.unmodifiableMap(checksummed);
  }

  private static void requireScheme(String field, URI uri, String... schemes) {
    if (uri == null || uri.getHost() == null || !java.util.Arrays.asList(schemes).contains(uri.getScheme())) {
      throw new IllegalArgumentException(field + " must be a " + String.join(" or ", schemes) + " URL, got " + uri);
    }
  }

  /** The address of contract {@code name}, if deployed. */
  public Optional<String> address(String name) {
    return Optional.ofNullable(contracts.get(name));
  }

  /** The address of contract {@code name}, or an error that says the descriptor lacks it. */
  public String requireAddress(String name) {
    return address(name).orElseThrow(() -> new IllegalStateException(
        "the deployment has no " + name + " contract (it has " + contracts.keySet() + ")"));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the deployment", e);
    }
  }

  public static Deployment fromJson(String json) throws InvalidDeploymentException {
    try {
      return JSON.readValue(json, Deployment.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidDeploymentException(cause.getMessage(), e);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(java.util.stream.Collectors.joining("."));
      throw new InvalidDeploymentException((field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidDeploymentException(e.getOriginalMessage(), e);
    }
  }

  /** Reads a descriptor, with an error that names the file and what is wrong in it. */
  public static Deployment read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null,
          "no deployment descriptor here; start a chain with 'zennet chain up' or pass --deployment");
    }
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new InvalidDeploymentException(file + " is " + Files.size(file) + " bytes; a deployment descriptor is at most " + MAX_FILE_BYTES);
    }
    try {
      return fromJson(Files.readString(file));
    } catch (InvalidDeploymentException e) {
      throw new InvalidDeploymentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the descriptor atomically (a reader never sees half a file). */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }

  /** A deployment descriptor that is not valid JSON or breaks one of the rules above. */
  public static final class InvalidDeploymentException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidDeploymentException(String message) {
      super("invalid deployment descriptor: " + message);
    }

    InvalidDeploymentException(String message, Throwable cause) {
      super(message.startsWith("invalid deployment descriptor") ? message : "invalid deployment descriptor: " + message, cause);
    }
  }
}
