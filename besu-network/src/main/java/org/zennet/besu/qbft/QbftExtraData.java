package org.zennet.besu.qbft;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.WalletUtils;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * The {@code extraData} of a QBFT genesis block with block-header validator selection, as Besu's
 * {@code QbftExtraDataCodec.encodeFromAddresses} writes it and its documentation states it:
 * {@code RLP([32 bytes vanity, [validators], no vote, round 0, no seals])}. The empty vote is an empty
 * list ({@code 0xc0}); the round is an RLP integer scalar, so round 0 is the empty string ({@code 0x80}).
 *
 * @param vanity the 32 vanity bytes (zero in a genesis block)
 * @param validators the validator addresses, lower-case 0x hex, in the encoded order
 * @param hasVote whether a vote is present (never in a genesis block)
 * @param round the round number
 * @param seals how many committed seals the block carries (none in a genesis block)
 */
public record QbftExtraData(byte[] vanity, List<String> validators, boolean hasVote, BigInteger round, int seals) {
  public static final int VANITY_LENGTH = 32;

  public QbftExtraData {
    vanity = vanity.clone();
    validators = List.copyOf(validators);
  }

  @Override
  public byte[] vanity() {
    return vanity.clone();
  }

  /**
   * The genesis {@code extraData} naming {@code validators}, sorted ascending as Besu's documentation asks
   * ("a list of the initial validators, in ascending order"), as 0x hex.
   *
   * @throws IllegalArgumentException if an address is malformed or repeated, or there is none
   */
  public static String forGenesis(Collection<String> validators) {
    List<String> sorted = validators.stream().map(QbftExtraData::normalised).sorted().toList();
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a QBFT network needs at least one validator");
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException("validator " + sorted.get(i) + " is listed twice");
      }
    }
    return Numeric.toHexString(encodeInOrder(sorted));
  }

  /** The genesis {@code extraData} for {@code validators} in exactly the given order (Besu's codec keeps the order). */
  public static byte[] encodeInOrder(List<String> validators) {
    List<RlpType> addresses = new ArrayList<>();
    for (String v : validators) {
      addresses.add(RlpString.create(Numeric.hexStringToByteArray(normalised(v))));
    }
    return RlpEncoder.encode(new RlpList(
        RlpString.create(new byte[VANITY_LENGTH]),
        new RlpList(addresses),
        new RlpList(),                   // no vote
        RlpString.create(BigInteger.ZERO), // round 0: an integer scalar, encoded as 0x80
        new RlpList()));                 // no committed seals
  }

  /**
   * Decodes QBFT {@code extraData} (hex, with or without 0x).
   *
   * @throws IllegalArgumentException if it is not a five-item RLP list of the QBFT shape
   */
  public static QbftExtraData decode(String hex) {
    byte[] bytes = Numeric.hexStringToByteArray(hex);
    RlpList outer;
    try {
      outer = RlpDecoder.decode(bytes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("extraData is not RLP: " + e.getMessage(), e);
    }
    if (outer.getValues().size() != 1 || !(outer.getValues().get(0) instanceof RlpList root)) {
      throw new IllegalArgumentException("extraData is not a single RLP list");
    }
    List<RlpType> items = root.getValues();
    if (items.size() != 5) {
      throw new IllegalArgumentException("QBFT extraData has 5 items (vanity, validators, vote, round, seals), got " + items.size());
    }
    byte[] vanity = string(items.get(0), "vanity").getBytes();
    if (vanity.length != VANITY_LENGTH) {
      throw new IllegalArgumentException("the vanity is " + vanity.length + " bytes, not " + VANITY_LENGTH);
    }
    List<String> validators = new ArrayList<>();
    for (RlpType v : list(items.get(1), "validators").getValues()) {
      byte[] address = string(v, "validator").getBytes();
      if (address.length != 20) {
        throw new IllegalArgumentException("a validator address is 20 bytes, got " + address.length);
      }
      validators.add(Numeric.toHexString(address));
    }
    boolean hasVote = !list(items.get(2), "vote").getValues().isEmpty();
    BigInteger round = string(items.get(3), "round").asPositiveBigInteger();
    int seals = list(items.get(4), "seals").getValues().size();
    return new QbftExtraData(vanity, validators, hasVote, round, seals);
  }

  private static RlpString string(RlpType item, String what) {
    if (item instanceof RlpString s) {
      return s;
    }
    throw new IllegalArgumentException("the " + what + " item of QBFT extraData is a list, not a string");
  }

  private static RlpList list(RlpType item, String what) {
    if (item instanceof RlpList l) {
      return l;
    }
    throw new IllegalArgumentException("the " + what + " item of QBFT extraData is a string, not a list");
  }

  private static String normalised(String address) {
    if (address == null || !address.startsWith("0x") || !WalletUtils.isValidAddress(address)) {
      throw new IllegalArgumentException("validator is not a 0x-prefixed 20-byte hex address: " + address);
    }
    return address.toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QbftExtraData other && Arrays.equals(vanity, other.vanity) && validators.equals(other.validators)
        && hasVote == other.hasVote && round.equals(other.round) && seals == other.seals;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vanity) + validators.hashCode();
  }

  @Override
  public String toString() {
    return "QbftExtraData[validators " + validators + ", vote " + hasVote + ", round " + round + ", seals " + seals + "]";
  }
}
