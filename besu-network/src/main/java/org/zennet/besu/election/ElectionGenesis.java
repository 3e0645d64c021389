package org.zennet.besu.election;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.WalletUtils;

/**
 * The ValidatorElection contract of a QBFT genesis ({@code zennet chain init --election}): its runtime bytecode
 * at {@link #address}, its storage written from solc's storage layout so that the genesis validators are the
 * generated nodes and the parameters are these, exactly as the constructor would have stored them (the contract
 * keeps no immutables for this reason). The checks are the constructor's.
 *
 * @param address where the contract lives (the QBFT {@code validatorcontractaddress})
 * @param token the XenCoin address staked there
 * @param maxValidators N, the size of the active set
 * @param maxCandidates the candidate cap, which bounds the gas of {@code rotate()}
 * @param epochLength blocks per epoch
 * @param unbondingPeriod seconds unstaked XEN stays locked
 */
public record ElectionGenesis(String address, String token, int maxValidators, int maxCandidates, long epochLength,
    long unbondingPeriod) {
  /** The election's address in a genesis of {@code zennet chain init --election}. */
  public static final String DEFAULT_ADDRESS = "0x0000000000000000000000000000000000e1ec71";
  public static final int DEFAULT_MAX_CANDIDATES = 100;
  /** Ten minutes of one-second blocks. */
  public static final long DEFAULT_EPOCH_LENGTH = 600;
  /** Seven days. */
  public static final long DEFAULT_UNBONDING_PERIOD = 7 * 86_400;
  /** The contract's MAX_CANDIDATES_LIMIT, MAX_VALIDATORS_LIMIT and MAX_UNBONDING_PERIOD. */
  public static final int MAX_CANDIDATES_LIMIT = 256;
  public static final int MAX_VALIDATORS_LIMIT = 64;
  public static final long MAX_UNBONDING_PERIOD = 365 * 86_400;
  private static final String ARTIFACT = "/org/zennet/contracts/solidity/artifacts/ValidatorElection.json";

  public ElectionGenesis {
    address = checkedAddress("the election address", address);
    token = checkedAddress("the XEN token address", token);
    if (new BigInteger(token.substring(2), 16).signum() == 0) {
      throw new IllegalArgumentException("the XEN token address must not be zero");
    }
    if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES_LIMIT) {
      throw new IllegalArgumentException("--election-candidates must be 1.." + MAX_CANDIDATES_LIMIT + ", got "
          + maxCandidates);
    }
    if (maxValidators < 1 || maxValidators > maxCandidates || maxValidators > MAX_VALIDATORS_LIMIT) {
      throw new IllegalArgumentException("--election-validators must be 1.." + Math.min(maxCandidates,
          MAX_VALIDATORS_LIMIT) + " (at most the candidate cap " + maxCandidates + "), got " + maxValidators);
    }
    if (epochLength < 1) {
      throw new IllegalArgumentException("--election-epoch must be at least 1 block, got " + epochLength);
    }
    if (unbondingPeriod < 1 || unbondingPeriod > MAX_UNBONDING_PERIOD) {
      throw new IllegalArgumentException("--election-unbonding must be 1.." + MAX_UNBONDING_PERIOD + " seconds, got "
          + unbondingPeriod);
    }
  }

  /** The defaults, with XenCoin at {@code token} and an active set of {@code maxValidators}. */
  public static ElectionGenesis of(String token, int maxValidators) {
    return new ElectionGenesis(DEFAULT_ADDRESS, token, maxValidators, Math.max(DEFAULT_MAX_CANDIDATES, maxValidators),
        DEFAULT_EPOCH_LENGTH, DEFAULT_UNBONDING_PERIOD);
  }

  /**
   * Where XenCoin will be: {@code zennet chain deploy} deploys it first, so it is the first contract
   * {@code deployer} creates (nonce 0; the account must not have sent a transaction before the deployment).
   */
  public static String xenCoinAddress(String deployer) {
    return ContractUtils.generateContractAddress(checkedAddress("--xen-deployer", deployer), BigInteger.ZERO)
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The storage of the contract whose genesis validators are {@code validators} (sorted here, as the contract
   * requires them ascending), slot to word.
   */
  public Map<String, String> storage(List<String> validators) {
    List<String> sorted = validators.stream().map(v -> checkedAddress("validator", v)).sorted().toList();
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("the election needs at least one genesis validator");
    }
    if (sorted.size() > MAX_VALIDATORS_LIMIT) {
      throw new IllegalArgumentException("the election takes at most " + MAX_VALIDATORS_LIMIT
          + " genesis validators, got " + sorted.size());
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException("validator " + sorted.get(i) + " is listed twice");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("_token", token);
    values.put("_epochLength", epochLength);
    values.put("_unbondingPeriod", unbondingPeriod);
    values.put("_maxValidators", maxValidators);
    values.put("_maxCandidates", maxCandidates);
    values.put("_genesisValidators", sorted.stream().map(a -> (Object) new BigInteger(a.substring(2), 16)).toList());
    return new StorageLayout(artifact().path("storageLayout")).encode(values);
  }

  /** The contract's runtime bytecode, as 0x hex. */
  public static String runtimeBytecode() {
    String code = artifact().path("deployedBytecode").asText();
    if (!code.startsWith("0x") || code.length() < 4) {
      throw new IllegalStateException("the ValidatorElection artifact has no runtime bytecode");
    }
    return code;
  }

  /** The genesis {@code alloc} entry: code, storage, no balance. */
  public ObjectNode allocEntry(ObjectMapper json, List<String> validators) {
    ObjectNode entry = json.createObjectNode();
    entry.put("balance", "0x0");
    entry.put("code", runtimeBytecode());
    ObjectNode storage = entry.putObject("storage");
    storage(validators).forEach(storage::put);
    return entry;
  }

  private static JsonNode artifact() {
    try (InputStream in = ElectionGenesis.class.getResourceAsStream(ARTIFACT)) {
      if (in == null) {
        throw new IllegalStateException("no ValidatorElection artifact at " + ARTIFACT + " (is the contracts jar built?)");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ARTIFACT, e);
    }
  }

  private static String checkedAddress(String what, String address) {
    if (address == null || !address.startsWith("0x") || !WalletUtils.isValidAddress(address)) {
      throw new IllegalArgumentException(what + " is not a 0x-prefixed 20-byte hex address: " + address);
    }
    return address.toLowerCase(Locale.ROOT);
  }
}
