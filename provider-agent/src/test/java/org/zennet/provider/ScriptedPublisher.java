package org.zennet.provider;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.host.PeerConnection;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.PayloadReceiver;
import org.zennet.protocol.wire.PayloadSender;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.Accept;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Manifest;
import org.zennet.protocol.wire.messages.ModuleHeader;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.runtime.TaskModule;

/**
 * A publisher written for the provider's tests (not the publisher agent: agents never depend on each other):
 * real chain transactions (escrow, postJob, openChannels, closeJob), the real transport, honest negotiation at the
 * provider's bid, tasks and vouchers sent one call at a time so a test decides exactly what the provider sees.
 */
final class ScriptedPublisher implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** The answer to one task: a result with its output, or an error. */
  record Answer(TaskMessage first, byte[] output) {
    boolean ok() {
      return first.hasResult();
    }

    long fuel() {
      return first.getResult().getFuelUsed();
    }
  }

  /** An agreement the provider signed. */
  record Signed(String provider, PeerId peer, byte[] terms, BigInteger price, int slots, BigInteger deposit,
      long fuelPerSecond) {}

  final Credentials key;
  final ZennetContracts contracts;
  final Vertx vertx;
  final Host host;
  final Multiaddr endpoint;
  final Map<String, Signed> agreements = new ConcurrentHashMap<>();
  private final Map<BigInteger, MessageStream<PayMessage, PayMessage>> payStreams = new ConcurrentHashMap<>();
  volatile byte[] manifest;
  volatile BigInteger jobId;
  volatile TaskModule module;
  volatile BigInteger deposit = BigInteger.valueOf(10).pow(18);

  ScriptedPublisher(Deployment deployment, Credentials key) throws Exception {
    this.key = key;
    this.contracts = ZennetContracts.connect(deployment, key);
    this.vertx = Vertx.vertx();
    this.host = Host.create(vertx, HostKey.fromCredentials(key), HostConfig.DEFAULT);
    host.handleMessages("/zennet/negotiate/1.0.0", NegotiateMessage.parser(), this::negotiate);
    this.endpoint = await(host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  String account() {
    return key.getAddress().toLowerCase();
  }

  /** Deposits {@code escrow} and posts a job of {@code module} whose manifest has these caps. */
  BigInteger post(TaskModule taskModule, long tasks, long fuelPerTask, BigInteger maxPrice, long incrementMegaFuel,
      BigInteger escrow) throws Exception {
    module = taskModule;
    manifest = JobManifest.of("scripted", taskModule.sha256(), taskModule.bytes().length, tasks, fuelPerTask, 256, 30_000,
        1 << 20, maxPrice, incrementMegaFuel, 0).toJson();
    await(contracts.xen().approve(contracts.channels().address(), escrow));
    await(contracts.channels().deposit(escrow));
    long now = System.currentTimeMillis() / 1000;
    jobId = await(contracts.market().postJob(JobManifest.sha256(manifest), maxPrice, escrow, now + 600,
        endpoint.toString())).jobId();
    return jobId;
  }

  private void negotiate(MessageStream<NegotiateMessage, NegotiateMessage> s) {
    String provider = s.stream().remotePeerId().ethereumAddress().orElseThrow();
    s.next().compose(request -> s.write(NegotiateMessage.newBuilder().setManifest(Manifest.newBuilder()
            .setJobId(request.getManifestRequest().getJobId()).setManifestSha256(ByteString.copyFrom(
                JobManifest.sha256(manifest))).setManifest(ByteString.copyFrom(manifest))).build()))
        .compose(v -> s.next())
        .compose(bid -> {
          try {
            BigInteger price = WireValues.uint256(bid.getBid().getPricePerMegaFuel(), "price");
            JobManifest m = JobManifest.parse(manifest);
            byte[] terms = AgreementTerms.newBuilder().setChainId(contracts.deployment().chainId())
                .setJobMarket(WireValues.address(contracts.market().address())).setJobId(WireValues.uint256(jobId))
                .setManifestSha256(ByteString.copyFrom(JobManifest.sha256(manifest)))
                .setPublisher(WireValues.address(account())).setProvider(WireValues.address(provider))
                .setPricePerMegaFuel(WireValues.uint256(price)).setSlots(bid.getBid().getSlots())
                .setPaymentIncrementMegaFuel(m.paymentIncrementMegaFuel())
                .setExpiresAt(System.currentTimeMillis() / 1000 + 600).setChannelDeposit(WireValues.uint256(deposit))
                .build().toByteArray();
            return s.write(NegotiateMessage.newBuilder().setAccept(Accept.newBuilder().setTerms(ByteString.copyFrom(terms))
                    .setSignature(ByteString.copyFrom(AgreementSigning.sign(terms, key.getEcKeyPair())))).build())
                .compose(v -> s.next())
                .map(agreement -> {
                  if (AgreementSigning.isSignedBy(terms, agreement.getAgreement().getProviderSignature().toByteArray(),
                      provider)) {
                    agreements.put(provider, new Signed(provider, s.stream().remotePeerId(), terms, price,
                        bid.getBid().getSlots(), deposit, bid.getBid().getMeasuredFuelPerSecond()));
                  }
                  return null;
                });
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
        })
        .onComplete(ar -> s.end());
  }

  /** Waits for the provider's agreement. */
  Signed awaitAgreement(String provider) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Signed a = agreements.get(provider);
      if (a != null) {
        return a;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no agreement from " + provider);
  }

  /** Opens the provider's channel with the agreed deposit. */
  BigInteger openChannel(String provider, BigInteger amount) throws Exception {
    return await(contracts.channels().openChannels(jobId, List.of(provider), List.of(amount))).channels().get(0)
        .channelId();
  }

  /** The live connection to the provider (it dials us). */
  PeerConnection connection(PeerId peer) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var c = host.connection(peer);
      if (c.isPresent() && !c.get().isClosed()) {
        return c.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the provider " + peer + " is not connected");
  }

  RunTask.Builder runTask(BigInteger channel, long index, byte[] input, List<String> args, long fuelLimit) {
    return RunTask.newBuilder().setJobId(WireValues.uint256(jobId)).setTaskIndex(index)
        .setModuleSha256(WireValues.sha256(module.sha256())).addAllArgs(args).setInputSize(input.length)
        .setInputSha256(ByteString.copyFrom(JobManifest.sha256(input))).setFuelLimit(fuelLimit)
        .setChannelId(WireValues.uint256(channel));
  }

  /** Runs one task on the provider: RunTask, input, the module when asked, then the answer. */
  Answer run(PeerId peer, RunTask task, byte[] input) throws Exception {
    PeerConnection c = connection(peer);
    MessageStream<TaskMessage, TaskMessage> ms = MessageStream.over(await(c.openStream("/zennet/task/1.0.0")),
        TaskMessage.parser(), WireConfig.DEFAULT);
    Future<TaskMessage> first = ms.next();
    ms.write(TaskMessage.newBuilder().setRunTask(task).build())
        .compose(v -> PayloadSender.send(Buffer.buffer(input), WireConfig.DEFAULT.chunkSize(),
            chunk -> ms.write(TaskMessage.newBuilder().setChunk(chunk).build())));
    TaskMessage answer = await(first);
    if (answer.hasFetchModule()) {
      Future<TaskMessage> next = ms.next();
      await(ms.write(TaskMessage.newBuilder().setModuleHeader(ModuleHeader.newBuilder()
          .setModuleSha256(answer.getFetchModule().getModuleSha256()).setSize(module.bytes().length)).build()));
      await(PayloadSender.send(Buffer.buffer(module.bytes()), WireConfig.DEFAULT.chunkSize(),
          chunk -> ms.write(TaskMessage.newBuilder().setChunk(chunk).build())));
      answer = await(next);
    }
    if (!answer.hasResult()) {
      ms.end();
      return new Answer(answer, null);
    }
    PayloadReceiver.InMemory out = PayloadReceiver.inMemory(answer.getResult().getOutputSize(),
        answer.getResult().getOutputSha256().toByteArray(), WireConfig.DEFAULT);
    receive(ms, out.receiver());
    await(out.receiver().completion());
    ms.end();
    return new Answer(answer, out.bytes().getBytes());
  }

  private static void receive(MessageStream<TaskMessage, TaskMessage> ms, PayloadReceiver receiver) {
    ms.next().onSuccess(m -> receiver.accept(m.getChunk()).onSuccess(v -> {
      if (!m.getChunk().getLast()) {
        receive(ms, receiver);
      }
    }));
  }

  /** Signs a voucher for {@code amount} on {@code channel}. */
  SignedVoucher voucher(BigInteger channel, BigInteger amount) {
    return contracts.vouchers().sign(new Voucher(channel, amount), key);
  }

  /** Sends a voucher message on the channel's pay stream and returns the provider's answer. */
  PayMessage pay(PeerId peer, BigInteger channel, org.zennet.protocol.wire.messages.Voucher voucher) throws Exception {
    MessageStream<PayMessage, PayMessage> ms = payStreams.get(channel);
    if (ms == null) {
      ms = MessageStream.over(await(connection(peer).openStream("/zennet/pay/1.0.0")), PayMessage.parser(),
          WireConfig.DEFAULT);
      payStreams.put(channel, ms);
    }
    Future<PayMessage> answer = ms.next();
    await(ms.write(PayMessage.newBuilder().setVoucher(voucher).build()));
    return await(answer);
  }

  PayMessage pay(PeerId peer, SignedVoucher v) throws Exception {
    return pay(peer, v.voucher().channelId(), org.zennet.protocol.wire.messages.Voucher.newBuilder()
        .setChannelId(WireValues.uint256(v.voucher().channelId()))
        .setCumulativeAmount(WireValues.uint256(v.voucher().cumulativeAmount()))
        .setSignature(ByteString.copyFrom(v.signature())).build());
  }

  /** Forgets the pay streams (after the provider restarted). */
  void dropPayStreams() {
    payStreams.clear();
  }

  void closeJob() throws Exception {
    await(contracts.market().closeJob(jobId));
  }

  @Override
  public void close() {
    try {
      await(host.close());
    } catch (Exception e) {
      // closing anyway
    }
    vertx.close();
    contracts.close();
  }
}
