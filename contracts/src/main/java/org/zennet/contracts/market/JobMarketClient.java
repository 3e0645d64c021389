package org.zennet.contracts.market;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.chain.ContractCalls;
import org.zennet.contracts.chain.TransactionSender;

/** {@code JobMarket} from Java, as one account. Reverts arrive as the contract's typed errors. */
public final class JobMarketClient {
  private final ContractCalls calls;

  public JobMarketClient(TransactionSender sender, String address) {
    this.calls = new ContractCalls(sender, address);
  }

  /** The contract's address. */
  public String address() {
    return calls.address();
  }

  /** A posted job: its id, the event as mined, and the receipt. */
  public record Posted(JobEvent.Posted job, TransactionReceipt receipt) {
    public BigInteger jobId() {
      return job.jobId();
    }
  }

  /** Posts a job; this account becomes its publisher. */
  public CompletableFuture<Posted> postJob(byte[] manifestHash, BigInteger maxPricePerMegaFuel, BigInteger budget,
      long acceptBefore, String endpoint) {
    return calls.send("postJob", new Bytes32(manifestHash), new Uint256(maxPricePerMegaFuel), new Uint256(budget),
            new Uint64(acceptBefore), new Utf8String(endpoint))
        .thenApply(receipt -> receipt.getLogs().stream()
            .flatMap(log -> JobEvent.decode(log).stream())
            .filter(JobEvent.Posted.class::isInstance).map(JobEvent.Posted.class::cast)
            .findFirst()
            .map(job -> new Posted(job, receipt))
            .orElseThrow(() -> new IllegalStateException("postJob mined without a JobPosted event")));
  }

  /** Closes job {@code jobId}; only its publisher may. */
  public CompletableFuture<TransactionReceipt> closeJob(BigInteger jobId) {
    return calls.send("closeJob", new Uint256(jobId));
  }

  /** The publisher of a job (the zero address when there is none) and whether it is closed. */
  public record JobInfo(String publisher, boolean closed) {}

  /** What the contract holds of job {@code jobId}. */
  public CompletableFuture<JobInfo> jobInfo(BigInteger jobId) {
    return calls.view("jobInfo", List.of(new Uint256(jobId)),
            List.of(new TypeReference<Address>() {}, new TypeReference<Bool>() {}))
        .thenApply(v -> new JobInfo(((String) v.get(0)).toLowerCase(Locale.ROOT), (Boolean) v.get(1)));
  }
}
