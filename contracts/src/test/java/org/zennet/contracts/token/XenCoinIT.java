package org.zennet.contracts.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.contracts.testkit.Reverts;
import org.zennet.contracts.testkit.TypedDataJson;

@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XenCoinIT {
  private static final BigInteger TREASURY_AMOUNT = Xen.of(900);
  private static final BigInteger ALICE_AMOUNT = Xen.of(60);
  private static final BigInteger BOB_AMOUNT = Xen.of(40);
  private static final BigInteger SUPPLY = Xen.of(1000);

  private ChainConnection chain;
  private Credentials treasury;
  private Credentials alice;
  private Credentials bob;
  private Credentials carol;
  private String address;

  @BeforeAll
  void deploy(DevChain dev) throws IOException {
    chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
    treasury = dev.devKeys().get(0);
    alice = dev.devKeys().get(1);
    bob = dev.devKeys().get(2);
    carol = dev.devKeys().get(3);
    GenesisDistribution genesis = new GenesisDistribution(List.of(
        new GenesisDistribution.Allocation(treasury.getAddress(), TREASURY_AMOUNT),
        new GenesisDistribution.Allocation(alice.getAddress(), ALICE_AMOUNT),
        new GenesisDistribution.Allocation(bob.getAddress(), BOB_AMOUNT)));
    Deployment deployment = new Deployer(chain, treasury).deploy(genesis, Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
    address = deployment.requireAddress(Deployment.XEN_COIN);
  }

  @AfterAll
  void disconnect() {
    chain.close();
  }

  private XenCoin as(Credentials who) {
    return XenCoin.load(address, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
  }

  @Test
  void mintsTheWholeFixedSupplyToTheGenesisHolders() throws Exception {
    XenCoin xen = as(carol);
    assertThat(xen.name().send()).isEqualTo("XenCoin");
    assertThat(xen.symbol().send()).isEqualTo("XEN");
    assertThat(xen.decimals().send()).isEqualTo(BigInteger.valueOf(18));
    assertThat(xen.totalSupply().send()).isEqualTo(SUPPLY);
    assertThat(xen.balanceOf(treasury.getAddress()).send()).isEqualTo(TREASURY_AMOUNT);
    assertThat(xen.balanceOf(alice.getAddress()).send()).isEqualTo(ALICE_AMOUNT);
    assertThat(xen.balanceOf(bob.getAddress()).send()).isEqualTo(BOB_AMOUNT);
    assertThat(xen.balanceOf(carol.getAddress()).send()).isZero();
  }

  @Test
  void offersNoWayToMintBurnPauseOrOwn() throws IOException {
    Set<String> functions = new TreeSet<>();
    try (InputStream abi = getClass().getResourceAsStream("/org/zennet/contracts/solidity/artifacts/XenCoin.json")) {
      assertThat(abi).as("the compiled artifact is on the classpath").isNotNull();
      new ObjectMapper().readTree(abi).path("abi").forEach(entry -> {
        if (entry.path("type").asText().equals("function")) {
          functions.add(entry.path("name").asText());
        }
      });
    }
    // Exactly ERC-20, its metadata, EIP-2612 and EIP-5267: nothing else can change the supply.
    assertThat(functions).containsExactlyInAnyOrder("DOMAIN_SEPARATOR", "allowance", "approve", "balanceOf",
        "decimals", "eip712Domain", "name", "nonces", "permit", "symbol", "totalSupply", "transfer", "transferFrom");
  }

  @Test
  void transfersMoveBalancesAndKeepTheSupply() throws Exception {
    as(alice).transfer(carol.getAddress(), Xen.of(15)).send();
    as(carol).transfer(bob.getAddress(), Xen.of(5)).send();

    XenCoin xen = as(carol);
    assertThat(xen.balanceOf(alice.getAddress()).send()).isEqualTo(Xen.of(45));
    assertThat(xen.balanceOf(carol.getAddress()).send()).isEqualTo(Xen.of(10));
    assertThat(xen.balanceOf(bob.getAddress()).send()).isEqualTo(Xen.of(45));
    assertThat(xen.totalSupply().send()).isEqualTo(SUPPLY);
  }

  @Test
  void refusesToTransferMoreThanTheBalance() throws Exception {
    String data = as(carol).transfer(alice.getAddress(), Xen.of(1)).encodeFunctionCall();
    assertThat(Reverts.revertData(chain.web3j(), carol.getAddress(), address, data)).isEqualTo(
        Reverts.encoded("ERC20InsufficientBalance", new Address(carol.getAddress()), new Uint256(0), new Uint256(Xen.of(1))));
    assertThatThrownBy(() -> as(carol).transfer(alice.getAddress(), Xen.of(1)).send())
        .isInstanceOf(TransactionException.class);
    assertThat(as(carol).totalSupply().send()).isEqualTo(SUPPLY);
  }

  @Test
  void rejectsAMalformedGenesisDistribution() throws IOException {
    String from = treasury.getAddress();
    String mismatch = deployData(List.of(alice.getAddress(), bob.getAddress()), List.of(BigInteger.ONE));
    assertThat(Reverts.revertData(chain.web3j(), from, null, mismatch))
        .isEqualTo(Reverts.encoded("XenCoinDistributionLengthMismatch", new Uint256(2), new Uint256(1)));

    String empty = deployData(List.of(), List.of());
    assertThat(Reverts.revertData(chain.web3j(), from, null, empty))
        .isEqualTo(Reverts.selector("XenCoinEmptyDistribution()"));

    String zero = deployData(List.of(alice.getAddress()), List.of(BigInteger.ZERO));
    assertThat(Reverts.revertData(chain.web3j(), from, null, zero))
        .isEqualTo(Reverts.encoded("XenCoinZeroAllocation", new Address(alice.getAddress())));

    String toZeroAddress = deployData(List.of(Address.DEFAULT.getValue()), List.of(BigInteger.ONE));
    assertThat(Reverts.revertData(chain.web3j(), from, null, toZeroAddress))
        .isEqualTo(Reverts.encoded("ERC20InvalidReceiver", Address.DEFAULT));
  }

  @Test
  void acceptsAPermitSignedInJava() throws Exception {
    BigInteger value = Xen.of(7);
    BigInteger deadline = BigInteger.valueOf(Long.MAX_VALUE);
    Sign.SignatureData sig = signPermit(alice, carol.getAddress(), value, BigInteger.ZERO, deadline);

    // Carol submits Alice's permit (gasless approval), then spends it.
    as(carol).permit(alice.getAddress(), carol.getAddress(), value, deadline,
        BigInteger.valueOf(Byte.toUnsignedInt(sig.getV()[0])), sig.getR(), sig.getS()).send();
    assertThat(as(carol).allowance(alice.getAddress(), carol.getAddress()).send()).isEqualTo(value);
    assertThat(as(carol).nonces(alice.getAddress()).send()).isEqualTo(BigInteger.ONE);

    as(carol).transferFrom(alice.getAddress(), carol.getAddress(), value).send();
    assertThat(as(carol).balanceOf(carol.getAddress()).send()).isEqualTo(value);
  }

  @Test
  void theJavaDomainSeparatorMatchesTheContracts() throws Exception {
    byte[] onChain = as(carol).DOMAIN_SEPARATOR().send();
    byte[] inJava = new StructuredDataEncoder(permitJson(alice.getAddress(), carol.getAddress(), BigInteger.ONE,
        BigInteger.ZERO, BigInteger.ONE)).hashDomain();
    assertThat(Numeric.toHexString(inJava)).isEqualTo(Numeric.toHexString(onChain));
  }

  @Test
  void rejectsAPermitSignedByAnotherKey() throws Exception {
    BigInteger deadline = BigInteger.valueOf(Long.MAX_VALUE);
    // Bob signs a permit that claims to be Alice's.
    Sign.SignatureData forged = signPermit(bob, carol.getAddress(), Xen.of(7), BigInteger.ZERO, deadline, alice.getAddress());
    String data = as(carol).permit(alice.getAddress(), carol.getAddress(), Xen.of(7), deadline,
        BigInteger.valueOf(Byte.toUnsignedInt(forged.getV()[0])), forged.getR(), forged.getS()).encodeFunctionCall();
    assertThat(Reverts.revertData(chain.web3j(), carol.getAddress(), address, data)).isEqualTo(
        Reverts.encoded("ERC2612InvalidSigner", new Address(bob.getAddress()), new Address(alice.getAddress())));
    assertThat(as(carol).allowance(alice.getAddress(), carol.getAddress()).send()).isZero();
  }

  @Test
  void rejectsAnExpiredOrReplayedPermit() throws Exception {
    BigInteger past = BigInteger.ONE;
    Sign.SignatureData expired = signPermit(alice, carol.getAddress(), Xen.of(1), BigInteger.ZERO, past);
    String data = as(carol).permit(alice.getAddress(), carol.getAddress(), Xen.of(1), past,
        BigInteger.valueOf(Byte.toUnsignedInt(expired.getV()[0])), expired.getR(), expired.getS()).encodeFunctionCall();
    assertThat(Reverts.revertData(chain.web3j(), carol.getAddress(), address, data))
        .isEqualTo(Reverts.encoded("ERC2612ExpiredSignature", new Uint256(past)));

    BigInteger deadline = BigInteger.valueOf(Long.MAX_VALUE);
    Sign.SignatureData sig = signPermit(alice, carol.getAddress(), Xen.of(1), BigInteger.ZERO, deadline);
    BigInteger v = BigInteger.valueOf(Byte.toUnsignedInt(sig.getV()[0]));
    as(carol).permit(alice.getAddress(), carol.getAddress(), Xen.of(1), deadline, v, sig.getR(), sig.getS()).send();
    String replay = as(carol).permit(alice.getAddress(), carol.getAddress(), Xen.of(1), deadline, v, sig.getR(), sig.getS())
        .encodeFunctionCall();
    // The nonce moved on, so the replayed signature recovers to some other address: rejected.
    assertThat(Reverts.revertData(chain.web3j(), carol.getAddress(), address, replay))
        .startsWith(Reverts.selector("ERC2612InvalidSigner(address,address)"));
  }

  private String deployData(List<String> holders, List<BigInteger> amounts) {
    List<Address> h = new ArrayList<>();
    holders.forEach(a -> h.add(new Address(a)));
    List<Uint256> a = new ArrayList<>();
    amounts.forEach(x -> a.add(new Uint256(x)));
    return XenCoin.BINARY + FunctionEncoder.encodeConstructor(List.of(
        new DynamicArray<>(Address.class, h), new DynamicArray<>(Uint256.class, a)));
  }

  private Sign.SignatureData signPermit(Credentials signer, String spender, BigInteger value, BigInteger nonce,
      BigInteger deadline) throws IOException {
    return signPermit(signer, spender, value, nonce, deadline, signer.getAddress());
  }

  private Sign.SignatureData signPermit(Credentials signer, String spender, BigInteger value, BigInteger nonce,
      BigInteger deadline, String owner) throws IOException {
    byte[] digest = new StructuredDataEncoder(permitJson(owner, spender, value, nonce, deadline)).hashStructuredData();
    return Sign.signMessage(digest, signer.getEcKeyPair(), false);
  }

  private String permitJson(String owner, String spender, BigInteger value, BigInteger nonce, BigInteger deadline) {
    return TypedDataJson.of("Permit", List.of("owner address", "spender address", "value uint256", "nonce uint256",
        "deadline uint256"), "XenCoin", "1", chain.chainId(), address, Map.of("owner", owner, "spender", spender,
        "value", value.toString(), "nonce", nonce.toString(), "deadline", deadline.toString()));
  }
}
