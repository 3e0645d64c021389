package org.zennet.besu.qbft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.utils.Numeric;
import org.zennet.besu.election.ElectionGenesis;

/**
 * Besu's QBFT {@code genesis.json} (besu.hyperledger.org: "Configure QBFT consensus", "Genesis file items",
 * "Free gas network"): every milestone active at block 0 or time 0 up to Cancun (the contracts are compiled
 * for EVM cancun and use transient storage), the {@code qbft} section, {@code zeroBaseFee}, the QBFT
 * {@code extraData}, {@code difficulty} 1 and the Istanbul {@code mixHash}.
 */
public final class QbftGenesis {
  /** "byzantine fault tolerance" in ASCII: how Besu recognises an Istanbul/QBFT block. */
  public static final String MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";
  /** Ethereum's EIP-170 limit, kept so that what deploys here deploys on any Ethereum chain. */
  public static final int CONTRACT_SIZE_LIMIT = 24_576;
  /** Milestones by block number, all at genesis. Besu ignores {@code eip155Block} (EIP-155 comes with eip158). */
  public static final List<String> BLOCK_MILESTONES = List.of("homesteadBlock", "eip150Block", "eip155Block",
      "eip158Block", "byzantiumBlock", "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock",
      "londonBlock");
  /** Milestones by timestamp, all at genesis (its timestamp is 0). */
  public static final List<String> TIME_MILESTONES = List.of("shanghaiTime", "cancunTime");
  private static final String ZERO_32 = "0x" + "00".repeat(32);

  private QbftGenesis() {}

  public static ObjectNode build(QbftNetworkSpec spec, List<String> validators) {
    return build(spec, validators, Optional.empty());
  }

  /**
   * The genesis; with {@code election}, in contract validator mode: the ValidatorElection contract in {@code alloc}
   * (runtime bytecode and storage naming {@code validators} as its genesis validators), its address as the QBFT
   * {@code validatorcontractaddress}, and the contract-mode {@code extraData} whose validator list is empty (Besu
   * reads the validators from the contract, from the genesis block on).
   */
  public static ObjectNode build(QbftNetworkSpec spec, List<String> validators, Optional<ElectionGenesis> election) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode genesis = json.createObjectNode();
    ObjectNode config = genesis.putObject("config");
    config.put("chainId", spec.chainId());
    BLOCK_MILESTONES.forEach(m -> config.put(m, 0));
    TIME_MILESTONES.forEach(m -> config.put(m, 0));
    config.put("zeroBaseFee", true);
    config.put("contractSizeLimit", CONTRACT_SIZE_LIMIT);
    ObjectNode qbft = config.putObject("qbft");
    qbft.put("blockperiodseconds", spec.blockPeriodSeconds());
    qbft.put("epochlength", spec.epochLength());
    qbft.put("requesttimeoutseconds", spec.requestTimeoutSeconds());
    election.ifPresent(e -> qbft.put("validatorcontractaddress", e.address()));

    genesis.put("nonce", "0x0");
    genesis.put("timestamp", "0x0");
    String extraData = QbftExtraData.forGenesis(validators); // checks the list even when it is not written there
    genesis.put("extraData", election.isPresent() ? Numeric.toHexString(QbftExtraData.encodeInOrder(List.of()))
        : extraData);
    genesis.put("gasLimit", hex(BigInteger.valueOf(spec.gasLimit())));
    genesis.put("difficulty", "0x1");
    genesis.put("mixHash", MIX_HASH);
    genesis.put("coinbase", "0x" + "00".repeat(20));
    genesis.put("baseFeePerGas", "0x0");
    // Cancun header fields of the genesis block; these are Besu's defaults, written out to be explicit
    genesis.put("blobGasUsed", "0x0");
    genesis.put("excessBlobGas", "0x0");
    genesis.put("parentBeaconBlockRoot", ZERO_32);
    ObjectNode alloc = genesis.putObject("alloc");
    spec.alloc().forEach((address, wei) -> alloc.putObject(address.substring(2)).put("balance", hex(wei)));
    election.ifPresent(e -> {
      if (spec.alloc().containsKey(e.address())) {
        throw new IllegalArgumentException("--alloc gives the election's address " + e.address() + " a balance");
      }
      alloc.set(e.address().substring(2), e.allocEntry(json, validators));
    });
    genesis.put("number", "0x0");
    genesis.put("gasUsed", "0x0");
    genesis.put("parentHash", ZERO_32);
    return genesis;
  }

  private static String hex(BigInteger value) {
    return "0x" + value.toString(16);
  }
}
