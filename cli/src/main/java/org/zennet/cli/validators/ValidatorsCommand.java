package org.zennet.cli.validators;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.zennet.besu.election.ElectionGenesis;
import org.zennet.cli.DeploymentOption;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.generated.ValidatorElection;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.generated.errors.ContractErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zennet validators}: the election of the QBFT validators by XEN stake (ValidatorElection). */
@Command(name = "validators", mixinStandardHelpOptions = true,
    description = {"The validator election: XEN holders stake and delegate to candidates (validator node addresses); "
        + "at each epoch boundary rotate() makes the top N the chain's QBFT validators. See docs/operations.md."},
    subcommands = {ValidatorsCommand.ListCommand.class, ValidatorsCommand.RegisterCommand.class,
        ValidatorsCommand.UnregisterCommand.class, ValidatorsCommand.StakeCommand.class,
        ValidatorsCommand.DelegateCommand.class, ValidatorsCommand.UnstakeCommand.class,
        ValidatorsCommand.WithdrawCommand.class, ValidatorsCommand.RotateCommand.class,
        ValidatorsCommand.DeployCommand.class})
public final class ValidatorsCommand implements Runnable {
  /** The deployment descriptor's name for the election, when it was deployed rather than placed in the genesis. */
  public static final String ELECTION = "ValidatorElection";
  static final String ZERO = "0x" + "0".repeat(40);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand: which one?");
  }

  /** Which chain and election: the deployment descriptor, and the election's address. */
  public static final class Target {
    @Mixin DeploymentOption deployment;

    @Option(names = "--election", paramLabel = "ADDRESS", description = "The ValidatorElection contract. Default: the "
        + "descriptor's ValidatorElection entry, else " + ElectionGenesis.DEFAULT_ADDRESS + " (zennet chain init --election).")
    String election;

    Session open(Credentials sender) throws IOException {
      Deployment d = deployment.read();
      String address = election != null ? address(election, "--election")
          : d.address(ELECTION).orElse(ElectionGenesis.DEFAULT_ADDRESS);
      ChainConnection chain = ChainConnection.connect(d.rpcUrl(), d.chainId());
      try {
        String code = chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        if (code == null || Numeric.cleanHexPrefix(code).isEmpty()) {
          throw new UserError("no contract at " + address + " on " + d.rpcUrl() + ": this chain has no validator "
              + "election there (create the network with 'zennet chain init --election', or pass --election ADDRESS)");
        }
      } catch (IOException | RuntimeException e) {
        chain.close();
        throw e;
      }
      return new Session(chain, address, sender);
    }
  }

  /** A connection to the election as one account (or a reader). */
  record Session(ChainConnection chain, String address, Credentials sender) implements AutoCloseable {
    ValidatorElection election() {
      Credentials who = sender != null ? sender : Credentials.create("0x1");
      return ValidatorElection.load(address, chain.web3j(), chain.transactionManager(who), chain.gasProvider());
    }

    XenCoin xen() throws Exception {
      String token = election().token().send();
      String code = chain.web3j().ethGetCode(token, DefaultBlockParameterName.LATEST).send().getCode();
      if (code == null || Numeric.cleanHexPrefix(code).isEmpty()) {
        throw new UserError("the election stakes XenCoin at " + lower(token) + ", but nothing is deployed there yet: "
            + "run 'zennet chain deploy' from the --xen-deployer account given to 'zennet chain init --election'");
      }
      return XenCoin.load(token, chain.web3j(), chain.transactionManager(sender), chain.gasProvider());
    }

    /**
     * Sends {@code call} after trying it with {@code eth_call}: a revert is reported as the contract's custom error
     * with what to do, and nothing is sent.
     */
    TransactionReceipt send(String to, RemoteFunctionCall<TransactionReceipt> call, String what) throws Exception {
      EthCall dry = chain.web3j().ethCall(Transaction.createEthCallTransaction(sender.getAddress(), to,
          call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
      if (dry.hasError() || dry.isReverted()) {
        Object data = dry.hasError() ? dry.getError().getData() : dry.getRevertReason();
        String hex = data == null ? "" : data.toString().replace("\"", "");
        String reason = ContractErrors.ALL.decode(Numeric.prependHexPrefix(hex)).map(e -> hint(e.errorName()) + " ("
            + e.getMessage() + ")").orElse(dry.hasError() ? dry.getError().getMessage() : "reverted");
        throw new UserError(what + " refused: " + reason);
      }
      return call.send();
    }

    @Override
    public void close() {
      chain.close();
    }
  }

  /** What a user should know about an election error. */
  static String hint(String error) {
    return switch (error) {
      case "ValidatorElectionAlreadyRegistered" -> "that node is registered already";
      case "ValidatorElectionTooManyCandidates" -> "every candidate place is taken; one must unregister first";
      case "ValidatorElectionNotCandidate" -> "that node is not a registered candidate ('zennet validators list')";
      case "ValidatorElectionNotOperator" -> "only the account that registered the node may unregister it";
      case "ValidatorElectionInsufficientStake" -> "the account has less bonded stake than that";
      case "ValidatorElectionAlreadyDelegated" -> "the account delegates to that candidate already";
      case "ValidatorElectionNothingToWithdraw" -> "nothing is unbonding: 'zennet validators unstake' first";
      case "ValidatorElectionStillUnbonding" -> "the unbonding period is not over yet";
      case "ValidatorElectionEpochNotOver" -> "this epoch was elected already; wait for the next rotation block";
      case "ValidatorElectionZeroNode" -> "the node address must not be zero";
      case "ValidatorElectionZeroAmount" -> "the amount must be more than 0";
      default -> error;
    };
  }

  static BigInteger amount(String text) {
    BigInteger wei;
    try {
      wei = Xen.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("--amount: " + e.getMessage(), 2);
    }
    if (wei.signum() == 0) {
      throw new UserError("--amount must be more than 0 XEN", 2);
    }
    return wei;
  }

  /** A 0x address given on the command line, lower case; a malformed one is a usage error (exit 2). */
  static String address(String text, String option) {
    if (text == null || !text.startsWith("0x") || !org.web3j.crypto.WalletUtils.isValidAddress(text)) {
      throw new UserError(option + " is not a 0x-prefixed 20-byte hex address: '" + text + "'", 2);
    }
    return lower(text);
  }

  static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** A command sent from a keystore's account. */
  abstract static class Signed implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin PasswordOptions password;

    @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The sending account's keystore.")
    Path keystore;

    @Override
    public Integer call() throws Exception {
      check();
      Credentials sender = Accounts.unlock(keystore, password);
      try (Session s = target.open(sender)) {
        run(s, spec.commandLine().getOut());
      }
      return 0;
    }

    /** Checks the options before unlocking anything. */
    void check() {}

    abstract void run(Session s, PrintWriter out) throws Exception;

    static void receipt(PrintWriter out, TransactionReceipt r) {
      out.printf("Transaction %s (block %s, gas %s)%n", r.getTransactionHash(), r.getBlockNumber(), r.getGasUsed());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The validators QBFT uses now, every candidate with its stake, who would be elected, and the next epoch.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
      try (Session s = target.open(null)) {
        ValidatorElection e = s.election();
        PrintWriter out = spec.commandLine().getOut();
        List<String> validators = ((List<String>) e.getValidators().send()).stream().map(ValidatorsCommand::lower).toList();
        List<String> active = ((List<String>) e.activeValidators().send()).stream().map(ValidatorsCommand::lower).toList();
        Set<String> pending = new HashSet<>(((List<String>) e.pendingValidators().send()).stream()
            .map(ValidatorsCommand::lower).toList());
        long block = s.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
        long next = e.nextRotationBlock().send().longValueExact();
        out.printf("Validator election %s: top %s of at most %s candidates, epochs of %s blocks, unbonding %s s%n",
            s.address(), e.maxValidators().send(), e.maxCandidates().send(), e.epochLength().send(),
            e.unbondingPeriod().send());
        out.printf("Active validators (%d%s):%n", validators.size(),
            active.isEmpty() ? ", the genesis validators: no one is elected" : ", elected in epoch " + e.lastEpoch().send());
        validators.forEach(v -> out.println("  " + v));
        List<String> candidates = new ArrayList<>(((List<String>) e.candidates().send()).stream()
            .map(ValidatorsCommand::lower).toList());
        List<Object[]> rows = new ArrayList<>();
        for (String c : candidates) {
          var info = e.candidateInfo(c).send();
          rows.add(new Object[] {c, lower(info.component1()), info.component3()});
        }
        rows.sort((a, b) -> {
          int byStake = ((BigInteger) b[2]).compareTo((BigInteger) a[2]);
          return byStake != 0 ? byStake : ((String) a[0]).compareTo((String) b[0]);
        });
        out.printf("Candidates (%d):%n", candidates.size());
        if (!rows.isEmpty()) {
          out.printf("  %-42s  %-42s  %20s  %s%n", "node", "operator", "stake (XEN)", "");
        }
        for (Object[] r : rows) {
          String mark = (active.contains((String) r[0]) ? "active" : "")
              + (pending.contains((String) r[0]) ? (active.contains((String) r[0]) ? ", " : "") + "elected next" : "");
          out.printf("  %-42s  %-42s  %20s  %s%n", r[0], r[1], Xen.format((BigInteger) r[2]), mark);
        }
        out.printf("Block %d, epoch %s. Next rotation from block %d%s.%n", block, e.currentEpoch().send(), next,
            block + 1 >= next ? " (possible now: zennet validators rotate)" : " (in " + (next - block - 1) + " blocks)");
      }
      return 0;
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register a validator node (its node key's address) as a candidate; the keystore's account is its operator.")
  static final class RegisterCommand extends Signed {
    @Option(names = "--node", required = true, paramLabel = "ADDRESS", description = "The node's address (node-N/key.pub's address).")
    String node;

    @Override
    void check() {
      node = address(node, "--node");
    }

    @Override
    void run(Session s, PrintWriter out) throws Exception {
      TransactionReceipt r = s.send(s.address(), s.election().register(node), "register");
      out.printf("Registered candidate %s, operated by %s%n", node, lower(s.sender().getAddress()));
      receipt(out, r);
    }
  }

  @Command(name = "unregister", mixinStandardHelpOptions = true,
      description = "Withdraw a candidate (its operator only); it leaves the active set at the next rotation.")
  static final class UnregisterCommand extends Signed {
    @Option(names = "--node", required = true, paramLabel = "ADDRESS", description = "The candidate's node address.")
    String node;

    @Override
    void check() {
      node = address(node, "--node");
    }

    @Override
    void run(Session s, PrintWriter out) throws Exception {
      TransactionReceipt r = s.send(s.address(), s.election().unregister(node), "unregister");
      out.printf("Unregistered candidate %s%n", node);
      receipt(out, r);
    }
  }

  @Command(name = "stake", mixinStandardHelpOptions = true,
      description = "Bond XEN (approving the election first if needed); with --to, delegate all bonded stake to that candidate.")
  static final class StakeCommand extends Signed {
    @Option(names = "--amount", required = true, paramLabel = "XEN", description = "How much XEN to bond, e.g. 250.5.")
    String amount;

    @Option(names = "--to", paramLabel = "NODE", description = "Delegate to this candidate first.")
    String to;

    private BigInteger wei;

    @Override
    void check() {
      wei = amount(amount);
      if (to != null) {
        to = address(to, "--to");
      }
    }

    @Override
    void run(Session s, PrintWriter out) throws Exception {
      String holder = s.sender().getAddress();
      XenCoin xen = s.xen();
      BigInteger balance = xen.balanceOf(holder).send();
      if (balance.compareTo(wei) < 0) {
        throw new UserError(holder + " holds " + Xen.format(balance) + " XEN, less than " + Xen.format(wei) + " XEN");
      }
      if (to != null && !lower(s.election().stakeOf(holder).send().component2()).equals(to)) {
        s.send(s.address(), s.election().delegate(to), "delegate");
        out.printf("Delegating to %s%n", to);
      }
      if (xen.allowance(holder, s.address()).send().compareTo(wei) < 0) {
        s.send(xen.getContractAddress(), xen.approve(s.address(), wei), "approve");
      }
      TransactionReceipt r = s.send(s.address(), s.election().stake(wei), "stake");
      var stake = s.election().stakeOf(holder).send();
      String delegatee = lower(stake.component2());
      out.printf("Staked %s XEN: %s XEN bonded, %s%n", Xen.format(wei), Xen.format(stake.component1()),
          delegatee.equals(ZERO) ? "delegated to no one (zennet validators delegate --to NODE)" : "delegated to " + delegatee);
      receipt(out, r);
    }
  }

  @Command(name = "delegate", mixinStandardHelpOptions = true,
      description = "Move all of the account's bonded stake to a candidate ('none': to no one); effective at the next rotation.")
  static final class DelegateCommand extends Signed {
    @Option(names = "--to", required = true, paramLabel = "NODE|none", description = "The candidate, or 'none'.")
    String to;

    @Override
    void check() {
      to = to.equalsIgnoreCase("none") ? ZERO : address(to, "--to");
    }

    @Override
    void run(Session s, PrintWriter out) throws Exception {
      TransactionReceipt r = s.send(s.address(), s.election().delegate(to), "delegate");
      BigInteger bonded = s.election().stakeOf(s.sender().getAddress()).send().component1();
      out.printf("Delegated %s XEN to %s%n", Xen.format(bonded), to.equals(ZERO) ? "no one" : to);
      receipt(out, r);
    }
  }

  @Command(name = "unstake", mixinStandardHelpOptions = true,
      description = "Unbond XEN: it leaves its candidate now and can be withdrawn after the unbonding period.")
  static final class UnstakeCommand extends Signed {
    @Option(names = "--amount", required = true, paramLabel = "XEN", description = "How much bonded XEN to unbond.")
    String amount;

    private BigInteger wei;

    @Override
    void check() {
      wei = amount(amount);
    }

    @Override
    void run(Session s, PrintWriter out) throws Exception {
      TransactionReceipt r = s.send(s.address(), s.election().unstake(wei), "unstake");
      var stake = s.election().stakeOf(s.sender().getAddress()).send();
      out.printf("Unbonding %s XEN in all, withdrawable from %s (unix time; zennet validators withdraw); %s XEN stays "
          + "bonded%n", Xen.format(stake.component3()), stake.component4(), Xen.format(stake.component1()));
      receipt(out, r);
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Take back the unbonded XEN once its unbonding period is over.")
  static final class WithdrawCommand extends Signed {
    @Override
    void run(Session s, PrintWriter out) throws Exception {
      BigInteger amount = s.election().stakeOf(s.sender().getAddress()).send().component3();
      TransactionReceipt r = s.send(s.address(), s.election().withdraw(), "withdraw");
      out.printf("Withdrew %s XEN%n", Xen.format(amount));
      receipt(out, r);
    }
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = {"Deploy a ValidatorElection on a running network (over the descriptor's XenCoin) and record it "
          + "in the deployment descriptor, for a move from header validators to the contract: its genesis "
          + "validators are the network's current ones. Then: zennet chain transition --contract ADDRESS.",
          "A network made by 'zennet chain init --election' has one already."})
  static final class DeployCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DeploymentOption deployment;
    @Mixin PasswordOptions password;

    @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The deploying account's keystore.")
    Path keystore;

    @Option(names = "--genesis-validators", required = true, split = ",", paramLabel = "ADDRESS",
        description = "The network's current validators (qbft_getValidatorsByBlockNumber), comma-separated.")
    List<String> genesisValidators;

    @Option(names = "--max-validators", paramLabel = "N", description = "N, the size of the elected set. Default: "
        + "as many as --genesis-validators.")
    Integer maxValidators;

    @Option(names = "--max-candidates", paramLabel = "N", defaultValue = "" + ElectionGenesis.DEFAULT_MAX_CANDIDATES,
        description = "The cap on candidates (1..256). Default: ${DEFAULT-VALUE}.")
    int maxCandidates;

    @Option(names = "--epoch", paramLabel = "BLOCKS", defaultValue = "" + ElectionGenesis.DEFAULT_EPOCH_LENGTH,
        description = "Blocks per epoch. Default: ${DEFAULT-VALUE}.")
    long epoch;

    @Option(names = "--unbonding", paramLabel = "SECONDS", defaultValue = "" + ElectionGenesis.DEFAULT_UNBONDING_PERIOD,
        description = "How long unstaked XEN stays locked. Default: ${DEFAULT-VALUE}.")
    long unbonding;

    @Override
    public Integer call() throws Exception {
      List<String> sorted = genesisValidators.stream().map(v -> address(v.strip(), "--genesis-validators")).sorted().toList();
      Deployment d = deployment.read();
      String token = d.requireAddress(Deployment.XEN_COIN);
      ElectionGenesis checked;
      try {
        // the constructor's checks, with option names; the address is not used for a deployment
        checked = new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, token,
            maxValidators != null ? maxValidators : sorted.size(), maxCandidates, epoch, unbonding);
        checked.storage(sorted);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage().replace("--election-", "--").replace("--candidates", "--max-candidates")
            .replace("--validators", "--max-validators"), 2);
      }
      if (d.address(ELECTION).isPresent()) {
        throw new UserError("the deployment descriptor " + deployment.file() + " has a ValidatorElection already, at "
            + d.requireAddress(ELECTION));
      }
      Credentials sender = Accounts.unlock(keystore, password);
      try (ChainConnection chain = ChainConnection.connect(d.rpcUrl(), d.chainId())) {
        ValidatorElection deployed = ValidatorElection.deploy(chain.web3j(), chain.transactionManager(sender),
            chain.gasProvider(), token, BigInteger.valueOf(checked.maxValidators()),
            BigInteger.valueOf(checked.maxCandidates()), BigInteger.valueOf(epoch), BigInteger.valueOf(unbonding),
            sorted).send();
        java.util.Map<String, String> contracts = new java.util.LinkedHashMap<>(d.contracts());
        contracts.put(ELECTION, lower(deployed.getContractAddress()));
        new Deployment(d.chainId(), d.rpcUrl(), d.wsUrl(), d.deploymentBlock(), contracts).write(deployment.file());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Deployed ValidatorElection at %s (top %d of at most %d candidates, epochs of %d blocks, unbonding "
            + "%d s; genesis validators %s), recorded in %s%n", lower(deployed.getContractAddress()),
            checked.maxValidators(), checked.maxCandidates(), epoch, unbonding, sorted, deployment.file());
        out.printf("Switch the network to it: zennet chain transition --contract %s --block N --genesis genesis.json "
            + "--write%n", lower(deployed.getContractAddress()));
      }
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Elect the active set for the current epoch (anyone may, once per epoch).")
  static final class RotateCommand extends Signed {
    @Override
    @SuppressWarnings("unchecked")
    void run(Session s, PrintWriter out) throws Exception {
      TransactionReceipt r = s.send(s.address(), s.election().rotate(), "rotate");
      var events = ValidatorElection.getValidatorsRotatedEvents(r);
      List<String> elected = events.isEmpty() ? List.of() : events.get(0).validators.stream().map(ValidatorsCommand::lower).toList();
      if (elected.isEmpty()) {
        out.println("Rotated: no candidate has stake, so the genesis validators stay active");
      } else {
        out.printf("Rotated: %d validators elected for epoch %s:%n", elected.size(), events.get(0).epoch);
        elected.forEach(v -> out.println("  " + v));
      }
      receipt(out, r);
    }
  }
}
