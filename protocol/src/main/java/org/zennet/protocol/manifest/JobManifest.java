package org.zennet.protocol.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider needs to know about a job before it bids: the module (by hash), how many tasks, the
 * caps each task runs under, the publisher's price ceiling and payment increment. The publisher
 * serializes it once ({@link #toJson()}), posts the SHA-256 of those bytes on chain and serves the same
 * bytes; a provider checks the hash of the bytes it received, then {@link #parse(byte[]) parses} them.
 *
 * @param name a human-readable name, 1..200 characters
 * @param moduleSha256 the WASI module's SHA-256, 64 lower-case hex digits
 * @param moduleSize the module's size in bytes, 1..{@value #MAX_MODULE_BYTES}
 * @param taskCount the number of map tasks, at least 1
 * @param fuelPerTask the fuel cap of one task
 * @param memoryPages the memory cap of one task, in 64 KiB pages, 1..65,536
 * @param taskTimeoutMillis the wall-clock cap of one task
 * @param maxOutputBytes the output cap of one task
 * @param maxPricePerMegaFuel the publisher's ceiling, XEN wei per million fuel (as posted on chain)
 * @param paymentIncrementMegaFuel a voucher is due at least every this many million fuel of work
 * @param replication the fraction of tasks re-run on a second provider, 0..1
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobManifest(
    String format,
    String name,
    String moduleSha256,
    long moduleSize,
    long taskCount,
    long fuelPerTask,
    int memoryPages,
    long taskTimeoutMillis,
    long maxOutputBytes,
    String maxPricePerMegaFuel,
    long paymentIncrementMegaFuel,
    double replication) {

  /** The value of {@code format} this class reads and writes. */
  public static final String FORMAT = "zennet/job-manifest/1";
  /** The largest manifest document accepted, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;
  /** The largest module a manifest may name. */
  public static final long MAX_MODULE_BYTES = 64L << 20;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]{0,77}");
  private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  private static final Set<String> FIELDS = Set.of("format", "name", "moduleSha256", "moduleSize", "taskCount",
      "fuelPerTask", "memoryPages", "taskTimeoutMillis", "maxOutputBytes", "maxPricePerMegaFuel",
      "paymentIncrementMegaFuel", "replication");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(8).maxStringLength(MAX_BYTES).maxNumberLength(80).build());
  }

  /** A manifest with {@link #FORMAT}; checks every field. */
  public static JobManifest of(String name, String moduleSha256, long moduleSize, long taskCount, long fuelPerTask,
      int memoryPages, long taskTimeoutMillis, long maxOutputBytes, BigInteger maxPricePerMegaFuel,
      long paymentIncrementMegaFuel, double replication) throws InvalidManifestException {
    JobManifest m = new JobManifest(FORMAT, name, moduleSha256, moduleSize, taskCount, fuelPerTask, memoryPages,
        taskTimeoutMillis, maxOutputBytes, maxPricePerMegaFuel.toString(), paymentIncrementMegaFuel, replication);
    m.validate();
    return m;
  }

  /** @return the price ceiling as a number */
  public BigInteger maxPrice() {
    return new BigInteger(maxPricePerMegaFuel);
  }

  /** @return the module hash as 32 bytes */
  public byte[] moduleDigest() {
    return HexFormat.of().parseHex(moduleSha256);
  }

  /** @return the manifest as the canonical JSON document (keys sorted, no white space), UTF-8 */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest record always serializes", e);
    }
  }

  /** @return SHA-256 of {@code document}, the hash a job posts on chain */
  public static byte[] sha256(byte[] document) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(document);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  /**
   * Parses and checks a manifest document received from a peer.
   *
   * @throws InvalidManifestException naming the field, for a document that is too large, not JSON,
   *     has unknown, missing or wrongly typed fields, or breaks a rule
   */
  public static JobManifest parse(byte[] document) throws InvalidManifestException {
    if (document.length > MAX_BYTES) {
      throw new InvalidManifestException("", "manifest is " + document.length + " bytes, more than " + MAX_BYTES);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(document);
    } catch (Exception e) {
      throw new InvalidManifestException("", "not a JSON document: " + firstLine(e.getMessage()));
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new InvalidManifestException("", "must be a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!FIELDS.contains(n)) {
        throw new InvalidManifestException(n, "unknown field");
      }
    }
    for (String f : FIELDS) {
      if (!object.hasNonNull(f)) {
        throw new InvalidManifestException(f, "missing");
      }
    }
    JobManifest m = new JobManifest(
        text(object, "format"), text(object, "name"), text(object, "moduleSha256"), integer(object, "moduleSize"),
        integer(object, "taskCount"), integer(object, "fuelPerTask"), (int) Math.min(Integer.MAX_VALUE,
        integer(object, "memoryPages")), integer(object, "taskTimeoutMillis"), integer(object, "maxOutputBytes"),
        text(object, "maxPricePerMegaFuel"), integer(object, "paymentIncrementMegaFuel"),
        number(object, "replication"));
    m.validate();
    return m;
  }

  /** @return the document as a string, for logs and {@code zennet publish --dry-run} */
  @Override
  public String toString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }

  private void validate() throws InvalidManifestException {
    if (!FORMAT.equals(format)) {
      throw new InvalidManifestException("format", "must be \"" + FORMAT + "\", got \"" + format + "\"");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new InvalidManifestException("name", "must be 1..200 characters");
    }
    if (moduleSha256 == null || !SHA256_HEX.matcher(moduleSha256).matches()) {
      throw new InvalidManifestException("moduleSha256", "must be 64 lower-case hex digits");
    }
    positive("moduleSize", moduleSize, MAX_MODULE_BYTES);
    positive("taskCount", taskCount, Long.MAX_VALUE);
    positive("fuelPerTask", fuelPerTask, Long.MAX_VALUE);
    positive("memoryPages", memoryPages, 65_536);
    positive("taskTimeoutMillis", taskTimeoutMillis, Long.MAX_VALUE);
    positive("maxOutputBytes", maxOutputBytes, Long.MAX_VALUE);
    positive("paymentIncrementMegaFuel", paymentIncrementMegaFuel, Long.MAX_VALUE);
    if (maxPricePerMegaFuel == null || !UINT.matcher(maxPricePerMegaFuel).matches()
        || new BigInteger(maxPricePerMegaFuel).compareTo(UINT256_MAX) > 0) {
      throw new InvalidManifestException("maxPricePerMegaFuel", "must be a decimal uint256 (XEN wei)");
    }
    if (!(replication >= 0 && replication <= 1)) {
      throw new InvalidManifestException("replication", "must be between 0 and 1, got " + replication);
    }
  }

  private static void positive(String field, long value, long max) throws InvalidManifestException {
    if (value < 1 || value > max) {
      throw new InvalidManifestException(field, "must be 1.." + max + ", got " + value);
    }
  }

  private static String text(ObjectNode o, String f) throws InvalidManifestException {
    JsonNode n = o.get(f);
    if (!n.isTextual()) {
      throw new InvalidManifestException(f, "must be a string");
    }
    return n.textValue();
  }

  private static long integer(ObjectNode o, String f) throws InvalidManifestException {
    JsonNode n = o.get(f);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new InvalidManifestException(f, "must be an integer");
    }
    return n.longValue();
  }

  private static double number(ObjectNode o, String f) throws InvalidManifestException {
    JsonNode n = o.get(f);
    if (!n.isNumber()) {
      throw new InvalidManifestException(f, "must be a number");
    }
    return n.doubleValue();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
