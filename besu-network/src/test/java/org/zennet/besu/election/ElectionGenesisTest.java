package org.zennet.besu.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The election's genesis storage, its checks, and the QBFT transition entry. */
class ElectionGenesisTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String A = "0x00000000000000000000000000000000000000a1";
  private static final String B = "0x00000000000000000000000000000000000000b2";

  private static String slot(long n) {
    return Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(n), 64);
  }

  private static String word(String hex) {
    return Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(hex), 64);
  }

  @Test
  void storageHoldsTheParametersPackedAsSolcLaysThemOutAndTheValidatorsSorted() {
    ElectionGenesis e = new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, TOKEN, 3, 100, 600, 86_400);
    Map<String, String> storage = e.storage(List.of(B, A));
    // slot 0: _token (bytes 0..19) | _epochLength (uint64 at byte 20)
    assertThat(storage).containsEntry(slot(0), word("0x" + "0000000000000258" + TOKEN.substring(2)));
    // slot 1: _unbondingPeriod (0..7) | _lastEpoch (8..15, zero) | _maxValidators (16..17) | _maxCandidates (18..19)
    assertThat(storage).containsEntry(slot(1), word("0x" + "0064" + "0003" + "0000000000000000" + "0000000000015180"));
    // slot 2: _genesisValidators.length; its elements from keccak256(2), one address per slot, ascending
    assertThat(storage).containsEntry(slot(2), slot(2));
    BigInteger first = Numeric.toBigInt(Hash.sha3(Numeric.hexStringToByteArray(slot(2))));
    assertThat(storage).containsEntry(Numeric.toHexStringWithPrefixZeroPadded(first, 64), word(A))
        .containsEntry(Numeric.toHexStringWithPrefixZeroPadded(first.add(BigInteger.ONE), 64), word(B));
    assertThat(storage).hasSize(5);
  }

  @Test
  void badParametersAreRefusedWithTheOptionToFix() {
    assertThatThrownBy(() -> new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, TOKEN, 5, 4, 600, 60))
        .hasMessageContaining("--election-validators must be 1..4");
    assertThatThrownBy(() -> new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, TOKEN, 1, 257, 600, 60))
        .hasMessageContaining("--election-candidates must be 1..256");
    assertThatThrownBy(() -> new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, TOKEN, 1, 4, 0, 60))
        .hasMessageContaining("--election-epoch must be at least 1");
    assertThatThrownBy(() -> new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, TOKEN, 1, 4, 10, 0))
        .hasMessageContaining("--election-unbonding must be 1..31536000");
    assertThatThrownBy(() -> new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, "0x" + "0".repeat(40), 1, 4, 10, 1))
        .hasMessageContaining("must not be zero");
    assertThatThrownBy(() -> ElectionGenesis.xenCoinAddress("0x12")).hasMessageContaining("--xen-deployer");
    ElectionGenesis ok = ElectionGenesis.of(TOKEN, 4);
    assertThatThrownBy(() -> ok.storage(List.of())).hasMessageContaining("at least one genesis validator");
    assertThatThrownBy(() -> ok.storage(List.of(A, A))).hasMessageContaining("listed twice");
  }

  @Test
  void xenCoinIsTheFirstContractOfItsDeployer() {
    // anvil's first dev account deploys its first contract at this well-known address
    assertThat(ElectionGenesis.xenCoinAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).isEqualTo(TOKEN);
  }

  @Test
  void theTransitionSwitchesToTheContractAtAFutureBlockInBlockOrder() throws Exception {
    ObjectNode genesis = (ObjectNode) JSON.readTree("""
        {"config": {"chainId": 7, "qbft": {"blockperiodseconds": 1},
          "transitions": {"qbft": [{"block": 10, "blockperiodseconds": 2}, {"block": 900, "blockperiodseconds": 1}]}}}
        """);
    ObjectNode entry = QbftTransitions.toContract(JSON, 500, ElectionGenesis.DEFAULT_ADDRESS.toUpperCase().replace("0X", "0x"));
    QbftTransitions.addTo(genesis, entry);
    JsonNode qbft = genesis.path("config").path("transitions").path("qbft");
    assertThat(qbft).extracting(n -> n.path("block").asLong()).containsExactly(10L, 500L, 900L);
    assertThat(qbft.get(1).path("validatorselectionmode").asText()).isEqualTo("contract");
    assertThat(qbft.get(1).path("validatorcontractaddress").asText()).isEqualTo(ElectionGenesis.DEFAULT_ADDRESS);

    assertThatThrownBy(() -> QbftTransitions.addTo(genesis, QbftTransitions.toContract(JSON, 500, A)))
        .hasMessageContaining("a QBFT transition at block 500 already");
    assertThatThrownBy(() -> QbftTransitions.toContract(JSON, 0, A)).hasMessageContaining("--block must be");
    assertThatThrownBy(() -> QbftTransitions.toContract(JSON, 5, "nope")).hasMessageContaining("--contract is not");
    ObjectNode noQbft = (ObjectNode) JSON.readTree("""
        {"config": {}}
        """);
    assertThatThrownBy(() -> QbftTransitions.addTo(noQbft, entry)).hasMessageContaining("not a QBFT network");
    ObjectNode contractMode = (ObjectNode) JSON.readTree("""
        {"config": {"qbft": {"validatorcontractaddress": "%s"}}}
        """.formatted(A));
    assertThatThrownBy(() -> QbftTransitions.addTo(contractMode, entry)).hasMessageContaining("already reads its validators");
  }

  @Test
  void storageLayoutRefusesWhatItCannotWrite() {
    ElectionGenesis e = ElectionGenesis.of(TOKEN, 4);
    assertThat(e.storage(List.of(A))).isNotEmpty();
    StorageLayoutAccess.refusals().forEach((values, message) -> assertThatThrownBy(() -> StorageLayoutAccess.encode(values))
        .hasMessageContaining(message));
  }
}
