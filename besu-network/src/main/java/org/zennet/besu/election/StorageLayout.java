package org.zennet.besu.election;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Writes a contract's storage from solc's {@code storageLayout} output, as a genesis {@code alloc} entry needs it:
 * state variables by name, value types packed at their slot and byte offset (solc packs from the low-order end of a
 * slot), dynamic arrays as their length at the variable's slot and their elements from {@code keccak256(slot)} on,
 * {@code 32 / size} elements per slot. Mappings and other kinds are refused: nothing of ours needs them at genesis.
 */
public final class StorageLayout {
  private record Variable(String label, BigInteger slot, int offset, String type) {}

  private final Map<String, Variable> variables = new HashMap<>();
  private final JsonNode types;

  /** The layout in {@code storageLayout} (an artifact's {@code storageLayout} object). */
  public StorageLayout(JsonNode storageLayout) {
    for (JsonNode v : storageLayout.path("storage")) {
      variables.put(v.path("label").asText(), new Variable(v.path("label").asText(),
          new BigInteger(v.path("slot").asText()), v.path("offset").asInt(), v.path("type").asText()));
    }
    types = storageLayout.path("types");
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("the storage layout names no state variable");
    }
  }

  /**
   * The storage words for {@code values}: variable name to a {@link BigInteger} (numbers, and addresses as their
   * number) or a {@code List<BigInteger>} (a dynamic array). Variables left out stay zero.
   *
   * @return slot to word, both as 0x-prefixed 32-byte hex, in slot order; zero words left out
   * @throws IllegalArgumentException for an unknown variable, a kind of variable this writer does not handle, or a
   *     value that does not fit its type
   */
  public Map<String, String> encode(Map<String, Object> values) {
    Map<BigInteger, BigInteger> words = new TreeMap<>();
    values.forEach((name, value) -> {
      Variable v = variables.get(name);
      if (v == null) {
        throw new IllegalArgumentException("the storage layout has no variable '" + name + "'; it has "
            + new TreeMap<>(variables).keySet());
      }
      JsonNode type = types.path(v.type());
      switch (type.path("encoding").asText()) {
        case "inplace" -> put(words, v.slot(), v.offset(), size(type, name), number(name, value));
        case "dynamic_array" -> {
          if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(name + " is an array; give a list");
          }
          JsonNode base = types.path(type.path("base").asText());
          if (!base.path("encoding").asText().equals("inplace")) {
            throw new IllegalArgumentException(name + ": arrays of " + base.path("label").asText() + " are not handled");
          }
          int size = size(base, name);
          int perSlot = 32 / size;
          put(words, v.slot(), 0, 32, BigInteger.valueOf(list.size()));
          BigInteger first = Numeric.toBigInt(Hash.sha3(Numeric.toBytesPadded(v.slot(), 32)));
          for (int i = 0; i < list.size(); i++) {
            BigInteger slot = first.add(BigInteger.valueOf(i / perSlot));
            put(words, slot, (i % perSlot) * size, size, number(name + "[" + i + "]", list.get(i)));
          }
        }
        default -> throw new IllegalArgumentException(name + " is a " + type.path("label").asText()
            + ", which this genesis writer does not fill");
      }
    });
    Map<String, String> out = new java.util.LinkedHashMap<>();
    words.forEach((slot, word) -> {
      if (word.signum() != 0) {
        out.put(Numeric.toHexStringWithPrefixZeroPadded(slot, 64), Numeric.toHexStringWithPrefixZeroPadded(word, 64));
      }
    });
    return out;
  }

  private static int size(JsonNode type, String name) {
    int size = type.path("numberOfBytes").asInt();
    if (size < 1 || size > 32) {
      throw new IllegalArgumentException(name + ": a value of " + size + " bytes is not handled");
    }
    return size;
  }

  private static BigInteger number(String name, Object value) {
    if (value instanceof BigInteger b) {
      return b;
    }
    if (value instanceof Long || value instanceof Integer) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof String s && s.startsWith("0x")) {
      return Numeric.toBigInt(s);
    }
    throw new IllegalArgumentException(name + ": cannot store " + value);
  }

  private static void put(Map<BigInteger, BigInteger> words, BigInteger slot, int offset, int size, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > size * 8) {
      throw new IllegalArgumentException("the value " + value + " does not fit in " + size + " bytes");
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE).shiftLeft(offset * 8);
    BigInteger word = words.getOrDefault(slot, BigInteger.ZERO).andNot(mask).or(value.shiftLeft(offset * 8));
    words.put(slot, word);
  }
}
