package org.zennet.publisher.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.channel.InvalidVoucherException;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.PayloadReceiver;
import org.zennet.protocol.wire.PayloadSender;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.Agreement;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Bid;
import org.zennet.protocol.wire.messages.FetchModule;
import org.zennet.protocol.wire.messages.ManifestRequest;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.wire.messages.TaskResult;
import org.zennet.protocol.wire.messages.VoucherAck;

/**
 * A provider that speaks the real protocol (libp2p transport, negotiation, task streams, EIP-712 vouchers
 * checked) but does its work in a {@link Work} function of the test or benchmark: the trivial work of the
 * scale benchmark, a real WebAssembly runtime, or a cheat. It never touches the chain. For the publisher's
 * own tests and {@code zennet bench scale}; the real provider is the provider agent.
 */
public final class SimulatedProvider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedProvider.class);

  /** What the provider answers for a task. */
  public record Answer(byte[] output, long fuelUsed, int exitCode) {}

  /** Does one task: module, the RunTask and its input; the future's answer goes back to the publisher. */
  @FunctionalInterface
  public interface Work {
    CompletableFuture<Answer> run(byte[] module, RunTask task, byte[] input);
  }

  private final Vertx vertx;
  private final Credentials key;
  private final Host host;
  private final Vouchers vouchers;
  private final BigInteger price;
  private final int slots;
  private final Work work;
  private final Map<String, byte[]> modules = new ConcurrentHashMap<>();
  private final Map<BigInteger, SignedVoucher> best = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong vouchersAccepted = new AtomicLong();
  private final AtomicLong vouchersRefused = new AtomicLong();
  private final AtomicLong lowerVouchers = new AtomicLong();
  private volatile String publisher;

  private SimulatedProvider(Vertx vertx, Credentials key, HostConfig hostConfig, Vouchers vouchers, BigInteger price,
      int slots, Work work) {
    this.vertx = vertx;
    this.key = key;
    this.host = Host.create(vertx, HostKey.fromCredentials(key), hostConfig);
    this.vouchers = vouchers;
    this.price = price;
    this.slots = slots;
    this.work = work;
    host.handleMessages("/zennet/task/1.0.0", TaskMessage.parser(), this::serveTask);
    host.handleMessages("/zennet/pay/1.0.0", PayMessage.parser(), this::servePay);
  }

  /** A provider as {@code key} bidding {@code price} with {@code slots}, checking vouchers with {@code vouchers}. */
  public static SimulatedProvider create(Vertx vertx, Credentials key, Vouchers vouchers, BigInteger price, int slots,
      Work work) {
    return new SimulatedProvider(vertx, key, HostConfig.DEFAULT, vouchers, price, slots, work);
  }

  /** The provider's account, 0x-hex lower case. */
  public String account() {
    return key.getAddress().toLowerCase(java.util.Locale.ROOT);
  }

  /** Tasks answered with a result. */
  public long tasks() {
    return tasks.get();
  }

  public long vouchersAccepted() {
    return vouchersAccepted.get();
  }

  public long vouchersRefused() {
    return vouchersRefused.get();
  }

  /** Vouchers whose amount was below one received before on their channel (a publisher must never sign those). */
  public long lowerVouchers() {
    return lowerVouchers.get();
  }

  /** The best voucher received per channel. */
  public Map<BigInteger, SignedVoucher> bestVouchers() {
    return Map.copyOf(best);
  }

  /** Connects to the publisher again (after it restarted), so that it can resume the work. */
  public Future<Void> reconnect(String endpoint) {
    try {
      return host.connect(Multiaddr.parse(endpoint)).mapEmpty();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Dials the job's endpoint and negotiates; completes with the agreed price once the agreement is signed.
   *
   * @param manifestSha256 the hash posted on chain, checked against the manifest served
   */
  public Future<BigInteger> join(String endpoint, BigInteger jobId, byte[] manifestSha256) {
    Multiaddr address;
    try {
      address = Multiaddr.parse(endpoint);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return host.<NegotiateMessage, NegotiateMessage>openMessageStream(address, "/zennet/negotiate/1.0.0",
            NegotiateMessage.parser())
        .compose(s -> {
          publisher = s.stream().remotePeerId().ethereumAddress().orElse(null);
          return s.write(NegotiateMessage.newBuilder().setManifestRequest(ManifestRequest.newBuilder()
                  .setJobId(WireValues.uint256(jobId))).build())
              .compose(v -> s.next())
              .compose(m -> {
                if (!m.hasManifest() || !java.util.Arrays.equals(JobManifest.sha256(m.getManifest().getManifest()
                    .toByteArray()), manifestSha256)) {
                  return Future.failedFuture("the publisher served no manifest with the posted hash");
                }
                return bid(s, jobId, price, slots);
              });
        });
  }

  private Future<BigInteger> bid(MessageStream<NegotiateMessage, NegotiateMessage> s, BigInteger jobId,
      BigInteger amount, int withSlots) {
    return s.write(NegotiateMessage.newBuilder().setBid(Bid.newBuilder().setJobId(WireValues.uint256(jobId))
            .setProvider(WireValues.address(account())).setPricePerMegaFuel(WireValues.uint256(amount))
            .setSlots(withSlots).setMeasuredFuelPerSecond(1_000_000_000L)).build())
        .compose(v -> s.next())
        .compose(m -> {
          if (m.hasCounterOffer()) {
            try {
              return bid(s, jobId, WireValues.uint256(m.getCounterOffer().getPricePerMegaFuel(), "price"),
                  m.getCounterOffer().getSlots());
            } catch (Exception e) {
              return Future.failedFuture(e);
            }
          }
          if (m.hasReject()) {
            return Future.failedFuture("rejected: " + m.getReject().getReason() + " " + m.getReject().getDetail());
          }
          if (!m.hasAccept()) {
            return Future.failedFuture("expected Accept, got " + m.getBodyCase());
          }
          byte[] terms = m.getAccept().getTerms().toByteArray();
          byte[] signature = AgreementSigning.sign(terms, key.getEcKeyPair());
          return s.write(NegotiateMessage.newBuilder().setAgreement(Agreement.newBuilder()
                  .setTerms(m.getAccept().getTerms()).setPublisherSignature(m.getAccept().getSignature())
                  .setProviderSignature(ByteString.copyFrom(signature))).build())
              .compose(v -> s.end())
              .map(v -> {
                try {
                  return WireValues.uint256(AgreementTerms.parseFrom(terms).getPricePerMegaFuel(), "price");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
        });
  }

  private void serveTask(MessageStream<TaskMessage, TaskMessage> ms) {
    ms.next().compose(m -> {
      if (!m.hasRunTask()) {
        return Future.failedFuture("expected RunTask");
      }
      RunTask task = m.getRunTask();
      PayloadReceiver.InMemory input;
      try {
        input = PayloadReceiver.inMemory(task.getInputSize(), task.getInputSha256().toByteArray(), WireConfig.DEFAULT);
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
      return receive(ms, input.receiver())
          .compose(v -> module(ms, task))
          .compose(module -> {
            running.incrementAndGet();
            return Future.fromCompletionStage(work.run(module, task, input.bytes().getBytes()), vertx.getOrCreateContext())
                .eventually(() -> {
                  running.decrementAndGet();
                  return Future.succeededFuture();
                });
          })
          .compose(answer -> {
            byte[] sha = JobManifest.sha256(answer.output());
            return ms.write(TaskMessage.newBuilder().setResult(TaskResult.newBuilder().setJobId(task.getJobId())
                    .setTaskIndex(task.getTaskIndex()).setFuelUsed(answer.fuelUsed()).setExitCode(answer.exitCode())
                    .setOutputSize(answer.output().length).setOutputSha256(ByteString.copyFrom(sha))).build())
                .compose(v -> PayloadSender.send(Buffer.buffer(answer.output()), WireConfig.DEFAULT.chunkSize(),
                    c -> ms.write(TaskMessage.newBuilder().setChunk(c).build())))
                .compose(v -> {
                  tasks.incrementAndGet();
                  return ms.end();
                });
          });
    }).onFailure(e -> {
      LOG.debug("task stream failed: {}", e.getMessage());
      ms.stream().reset();
    });
  }

  private static Future<Void> receive(MessageStream<TaskMessage, TaskMessage> ms, PayloadReceiver receiver) {
    return ms.next().compose(m -> {
      if (!m.hasChunk()) {
        return Future.failedFuture("expected a chunk");
      }
      return receiver.accept(m.getChunk()).compose(v -> m.getChunk().getLast() ? receiver.completion() : receive(ms, receiver));
    });
  }

  private Future<byte[]> module(MessageStream<TaskMessage, TaskMessage> ms, RunTask task) {
    String sha = HexFormat.of().formatHex(task.getModuleSha256().toByteArray());
    byte[] cached = modules.get(sha);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return ms.write(TaskMessage.newBuilder().setFetchModule(FetchModule.newBuilder()
            .setModuleSha256(task.getModuleSha256())).build())
        .compose(v -> ms.next())
        .compose(header -> {
          if (!header.hasModuleHeader()) {
            return Future.failedFuture("expected ModuleHeader");
          }
          try {
            PayloadReceiver.InMemory module = PayloadReceiver.inMemory(header.getModuleHeader().getSize(),
                task.getModuleSha256().toByteArray(), WireConfig.DEFAULT);
            return receive(ms, module.receiver()).map(v -> {
              byte[] bytes = module.bytes().getBytes();
              modules.put(sha, bytes);
              return bytes;
            });
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
        });
  }

  private void servePay(MessageStream<PayMessage, PayMessage> ms) {
    ms.reader().handler(m -> {
      if (!m.hasVoucher()) {
        return;
      }
      try {
        BigInteger channel = WireValues.uint256(m.getVoucher().getChannelId(), "channel_id");
        BigInteger amount = WireValues.uint256(m.getVoucher().getCumulativeAmount(), "cumulative_amount");
        SignedVoucher v = new SignedVoucher(new Voucher(channel, amount), m.getVoucher().getSignature().toByteArray());
        vouchers.verify(v, publisher);
        SignedVoucher before = best.get(channel);
        if (before != null && amount.compareTo(before.voucher().cumulativeAmount()) < 0) {
          lowerVouchers.incrementAndGet();
        }
        SignedVoucher kept = best.merge(channel, v,
            (a, b) -> b.voucher().cumulativeAmount().compareTo(a.voucher().cumulativeAmount()) > 0 ? b : a);
        vouchersAccepted.incrementAndGet();
        ms.write(PayMessage.newBuilder().setAck(VoucherAck.newBuilder().setChannelId(m.getVoucher().getChannelId())
            .setCommittedAmount(WireValues.uint256(kept.voucher().cumulativeAmount()))).build());
      } catch (InvalidVoucherException | RuntimeException | org.zennet.protocol.wire.MalformedMessageException e) {
        vouchersRefused.incrementAndGet();
        LOG.warn("simulated provider {} refused a voucher: {}", account(), e.getMessage());
      }
    });
  }

  /** Work that answers at once, or after {@code delay} (without holding a thread), with a small output. */
  public static Work trivial(Vertx vertx, Duration delay, long fuel) {
    return (module, task, input) -> {
      CompletableFuture<Answer> answer = new CompletableFuture<>();
      byte[] out = ("done " + task.getTaskIndex() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (delay.isZero()) {
        answer.complete(new Answer(out, fuel, 0));
      } else {
        vertx.setTimer(delay.toMillis(), id -> answer.complete(new Answer(out, fuel, 0)));
      }
      return answer;
    };
  }

  /** Stops the provider's host. */
  @Override
  public void close() {
    Promise<Void> p = Promise.promise();
    host.close().onComplete(p);
    try {
      p.future().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
  }
}
