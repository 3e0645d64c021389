package org.zennet.besu.election;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ValidatorElection's real storage layout, and inputs it must refuse with the message each should give. */
final class StorageLayoutAccess {
  private StorageLayoutAccess() {}

  static Map<String, String> encode(Map<String, Object> values) throws Exception {
    try (InputStream in = StorageLayoutAccess.class.getResourceAsStream(
        "/org/zennet/contracts/solidity/artifacts/ValidatorElection.json")) {
      return new StorageLayout(new ObjectMapper().readTree(in).path("storageLayout")).encode(values);
    }
  }

  static Map<Map<String, Object>, String> refusals() {
    Map<Map<String, Object>, String> r = new LinkedHashMap<>();
    r.put(Map.of("_nosuch", BigInteger.ONE), "has no variable '_nosuch'");
    r.put(Map.of("_votes", BigInteger.ONE), "does not fill");
    r.put(Map.of("_maxValidators", BigInteger.valueOf(70_000)), "does not fit in 2 bytes");
    r.put(Map.of("_genesisValidators", BigInteger.ONE), "is an array; give a list");
    r.put(Map.of("_active", List.of(BigInteger.ONE.negate())), "does not fit");
    return r;
  }
}
