package org.zennet.besu.qbft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.utils.Numeric;

class QbftExtraDataTest {
  /**
   * Besu's documentation, "Configure QBFT consensus" > "Generate extra data": the output of
   * {@code besu rlp encode --type=QBFT_EXTRA_DATA} for these four validators, in this order.
   */
  private static final List<String> DOCS_RLP_ENCODE_VALIDATORS = List.of(
      "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
      "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
      "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
      "0xab5e7f4061c605820d3744227eed91ff8e2c8908");
  private static final String DOCS_RLP_ENCODE_EXTRA_DATA =
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0cfc5892cb"
          + "9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605820d3744227e"
          + "ed91ff8e2c8908c080c0";

  /** The same page's block-header-selection genesis example, whose extraData names these four validators. */
  private static final List<String> DOCS_GENESIS_VALIDATORS = List.of(
      "0x64a702e6263b7297a96638cac6ae65e6541f4169",
      "0x3923390ad55e90c237593b3b0e401f3b08a03185",
      "0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692",
      "0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78");
  private static final String DOCS_GENESIS_EXTRA_DATA =
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e6541f4169"
          + "943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf93039b21"
          + "2648e01c6c6b78c080c0";

  /** Besu's contract-validator-selection genesis (docs and qbft-core test resources): no validators at all. */
  private static final String DOCS_NO_VALIDATORS_EXTRA_DATA =
      "0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0";

  @Test
  void reproducesBesusDocumentedExtraDataByteForByte() {
    assertThat(Numeric.toHexString(QbftExtraData.encodeInOrder(DOCS_RLP_ENCODE_VALIDATORS))).isEqualTo(DOCS_RLP_ENCODE_EXTRA_DATA);
    assertThat(Numeric.toHexString(QbftExtraData.encodeInOrder(DOCS_GENESIS_VALIDATORS))).isEqualTo(DOCS_GENESIS_EXTRA_DATA);
    assertThat(Numeric.toHexString(QbftExtraData.encodeInOrder(List.of()))).isEqualTo(DOCS_NO_VALIDATORS_EXTRA_DATA);
  }

  @Test
  void genesisExtraDataSortsTheValidatorsAscending() {
    String extraData = QbftExtraData.forGenesis(DOCS_RLP_ENCODE_VALIDATORS);
    List<String> sorted = DOCS_RLP_ENCODE_VALIDATORS.stream().sorted().toList();
    assertThat(extraData).isEqualTo(Numeric.toHexString(QbftExtraData.encodeInOrder(sorted)));
    assertThat(QbftExtraData.decode(extraData).validators()).containsExactlyElementsOf(sorted)
        .startsWith("0x06e23768a0f59cf365e18c2e0c89e151bcdedc70");
  }

  @Test
  void decodesWithWeb3jRlpBackToTheValidatorsAndEmptyFields() {
    String checksummed = "0xAb5e7f4061C605820D3744227eED91Ff8E2c8908";
    String extraData = QbftExtraData.forGenesis(List.of(checksummed, "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70"));

    RlpList root = (RlpList) RlpDecoder.decode(Numeric.hexStringToByteArray(extraData)).getValues().get(0);
    assertThat(root.getValues()).hasSize(5);
    assertThat(((RlpString) root.getValues().get(0)).getBytes()).isEqualTo(new byte[32]);
    List<String> validators = ((RlpList) root.getValues().get(1)).getValues().stream()
        .map(v -> Numeric.toHexString(((RlpString) v).getBytes())).toList();
    assertThat(validators).containsExactly("0x06e23768a0f59cf365e18c2e0c89e151bcdedc70", checksummed.toLowerCase());
    assertThat(((RlpList) root.getValues().get(2)).getValues()).as("no vote").isEmpty();
    assertThat(((RlpString) root.getValues().get(3)).getBytes()).as("round 0 is the empty scalar").isEmpty();
    assertThat(((RlpList) root.getValues().get(4)).getValues()).as("no seals").isEmpty();
    assertThat(extraData).endsWith("c080c0");

    QbftExtraData decoded = QbftExtraData.decode(extraData);
    assertThat(decoded.validators()).isEqualTo(validators);
    assertThat(decoded.vanity()).isEqualTo(new byte[32]);
    assertThat(decoded.hasVote()).isFalse();
    assertThat(decoded.round()).isEqualTo(BigInteger.ZERO);
    assertThat(decoded.seals()).isZero();
  }

  @Test
  void rejectsBadValidatorListsAndForeignExtraData() {
    assertThatThrownBy(() -> QbftExtraData.forGenesis(List.of())).hasMessageContaining("at least one validator");
    assertThatThrownBy(() -> QbftExtraData.forGenesis(List.of("0x1234"))).hasMessageContaining("20-byte");
    assertThatThrownBy(() -> QbftExtraData.forGenesis(List.of(DOCS_GENESIS_VALIDATORS.get(0),
        DOCS_GENESIS_VALIDATORS.get(0).toUpperCase().replace("0X", "0x")))).hasMessageContaining("listed twice");
    // shaped like IBFT 2.0 extraData: the empty vote is an empty string (0x80) and the round 4 bytes
    assertThatThrownBy(() -> QbftExtraData.decode("0xf83ea00000000000000000000000000000000000000000000000000000000000000000d594c2ab482b506de561668e07f04547232a72897daf808400000000c0"))
        .hasMessageContaining("vote item");
    assertThatThrownBy(() -> QbftExtraData.decode("0xc3808080")).hasMessageContaining("5 items");
    assertThatThrownBy(() -> QbftExtraData.decode("0x")).isInstanceOf(IllegalArgumentException.class);
  }
}
