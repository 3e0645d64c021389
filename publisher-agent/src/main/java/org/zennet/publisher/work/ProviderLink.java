package org.zennet.publisher.work;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.host.PeerConnection;
import org.zennet.protocol.wire.PayloadReceiver;
import org.zennet.protocol.wire.PayloadSender;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.ModuleHeader;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskError;
import org.zennet.protocol.wire.messages.TaskErrorCode;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.wire.messages.TaskResult;
import org.zennet.protocol.wire.messages.Voucher;
import org.zennet.publisher.job.TaskSpec;
import org.zennet.publisher.pay.Payer;
import org.zennet.publisher.schedule.Assignment;
import org.zennet.publisher.schedule.Scheduler;
import org.zennet.publisher.schedule.TaskOutcome;

/**
 * The publisher's side of one provider's channel: pulls runs from the {@link Scheduler} up to the provider's
 * slots and runs each on its own {@code /zennet/task/1.0.0} stream (docs/protocol.md, "Tasks"), pays every
 * result on one long-lived {@code /zennet/pay/1.0.0} stream, and reports what it sees. Everything it does
 * runs on the connection's context.
 */
public final class ProviderLink {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderLink.class);
  public static final String TASK_PROTOCOL = "/zennet/task/1.0.0";
  public static final String PAY_PROTOCOL = "/zennet/pay/1.0.0";
  /** How often a link with free slots asks the scheduler for work. */
  static final long PUMP_MILLIS = 100;
  /** How long a link waits after a provider said it cannot take work (busy, payment behind, ...). */
  static final long BACK_OFF_MILLIS = 500;

  private final Vertx vertx;
  private final JobServices job;
  private final String provider;
  private final BigInteger channelId;
  private final int slots;
  private PeerConnection connection;
  private Context context;
  private MessageStream<PayMessage, PayMessage> pay;
  private Future<MessageStream<PayMessage, PayMessage>> payOpening;
  private BigInteger lastSent = BigInteger.ZERO;
  private BigInteger committed = BigInteger.ZERO;
  private SignedVoucher latest;
  private int running;
  private long pausedUntil;
  private long timer = -1;
  private boolean stopped;
  private boolean paying = true;
  private final AtomicLong results = new AtomicLong();

  public ProviderLink(Vertx vertx, JobServices job, String provider, BigInteger channelId, int slots) {
    this.vertx = vertx;
    this.job = job;
    this.provider = provider;
    this.channelId = channelId;
    this.slots = slots;
  }

  public String provider() {
    return provider;
  }

  public BigInteger channelId() {
    return channelId;
  }

  /** The highest cumulative amount the provider acknowledged as stored. */
  public synchronized BigInteger committed() {
    return committed;
  }

  /** Results the provider answered. */
  public long results() {
    return results.get();
  }

  /** Starts (or, after a reconnection, resumes) work over {@code connection}. */
  public void attach(PeerConnection connection) {
    connection.openStream(PAY_PROTOCOL).onComplete(ar -> {
      synchronized (this) {
        if (stopped) {
          if (ar.succeeded()) {
            ar.result().reset();
          }
          return;
        }
        this.connection = connection;
        this.context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
      }
      if (ar.succeeded()) {
        usePayStream(MessageStream.over(ar.result(), PayMessage.parser(), job.wire()));
      } else {
        LOG.warn("cannot open a payment stream to {}: {}", provider, ar.cause().getMessage());
      }
      job.scheduler().addProvider(provider, slots);
      context.runOnContext(v -> {
        timer = vertx.setPeriodic(PUMP_MILLIS, id -> pump());
        pump();
      });
    });
  }

  /** Whether the link still pays (it was neither stopped nor cut off). */
  public synchronized boolean isPaying() {
    return paying;
  }

  /** Whether the link's connection is gone (it then waits to be attached again). */
  public synchronized boolean isDetached() {
    return connection == null || connection.isClosed();
  }

  /** Stops work: no more runs, no more vouchers. The scheduler forgets the provider's runs. */
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      paying = false;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    job.scheduler().removeProvider(provider);
    MessageStream<PayMessage, PayMessage> p = pay;
    if (p != null) {
      p.end();
    }
  }

  /** Stops paying (the provider was caught cheating); runs under way are dropped. */
  public void cutOff() {
    stop();
  }

  private void detach() {
    synchronized (this) {
      if (connection == null) {
        return;
      }
      connection = null;
      pay = null;
      payOpening = null;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    job.scheduler().removeProvider(provider);
    LOG.info("provider {} disconnected; its runs go to others until it returns", provider);
  }

  private void pump() {
    if (stopped) {
      return;
    }
    PeerConnection conn = connection;
    if (conn == null || conn.isClosed()) {
      detach();
      return;
    }
    if (!job.started() || System.currentTimeMillis() < pausedUntil) {
      return;
    }
    while (running < slots) {
      var next = job.scheduler().next(provider);
      if (next.isEmpty()) {
        return;
      }
      running++;
      Assignment a = next.get();
      run(conn, a).onComplete(ar -> {
        running--;
        if (ar.failed()) {
          LOG.debug("run of task {} on {} failed: {}", a.task(), provider, ar.cause().toString());
        }
        if (running == 0 && paying && job.payer().hasUnsigned(channelId)) {
          resendOwed(job.payer()); // the results that waited for a later one's voucher: no later one is coming
        }
        pump();
      });
    }
  }

  // ------------------------------------------------------------------------------------------
  // One run
  // ------------------------------------------------------------------------------------------

  private Future<Void> run(PeerConnection conn, Assignment a) {
    TaskSpec task = job.plan().tasks().get(a.task());
    Promise<Void> done = Promise.promise();
    long guard = vertx.setTimer(job.runTimeout().toMillis(), id -> {
      if (done.tryFail("no answer within " + job.runTimeout().toSeconds() + " s")) {
        job.scheduler().failed(a, true);
      }
    });
    context.<byte[]>executeBlocking(() -> job.plan().input(task), false)
        .compose(input -> conn.openStream(TASK_PROTOCOL).compose(stream -> {
          MessageStream<TaskMessage, TaskMessage> ms = MessageStream.over(stream, TaskMessage.parser(), job.wire());
          done.future().onFailure(e -> stream.reset());
          return exchange(ms, a, task, input);
        }))
        .onComplete(ar -> {
          vertx.cancelTimer(guard);
          if (ar.succeeded()) {
            done.tryComplete();
          } else if (done.tryFail(ar.cause())) {
            // a failed stream or transfer: the run counts against the task unless the connection went away
            boolean connectionLost = conn.isClosed();
            job.scheduler().failed(a, !connectionLost);
          }
        });
    return done.future();
  }

  private Future<Void> exchange(MessageStream<TaskMessage, TaskMessage> ms, Assignment a, TaskSpec task, byte[] input) {
    byte[] inputSha = org.zennet.protocol.manifest.JobManifest.sha256(input);
    RunTask run = RunTask.newBuilder()
        .setJobId(WireValues.uint256(job.jobId()))
        .setTaskIndex(task.index())
        .setModuleSha256(WireValues.sha256(job.plan().module().sha256()))
        .addAllArgs(task.args())
        .setInputSize(input.length)
        .setInputSha256(ByteString.copyFrom(inputSha))
        .setFuelLimit(job.plan().spec().fuelPerTask())
        .setChannelId(WireValues.uint256(channelId))
        .build();
    Future<TaskMessage> answer = ms.next();
    Future<byte[]> sent = ms.write(TaskMessage.newBuilder().setRunTask(run).build())
        .compose(v -> PayloadSender.send(Buffer.buffer(input), job.wire().chunkSize(),
            chunk -> ms.write(TaskMessage.newBuilder().setChunk(chunk).build())));
    sent.onFailure(e -> LOG.debug("sending task {} to {}: {}", task.index(), provider, e.getMessage()));
    return answer.compose(first -> answered(ms, a, first, sent));
  }

  private Future<Void> answered(MessageStream<TaskMessage, TaskMessage> ms, Assignment a, TaskMessage message,
      Future<byte[]> inputSent) {
    if (message.hasFetchModule()) {
      if (!message.getFetchModule().getModuleSha256().equals(WireValues.sha256(job.plan().module().sha256()))) {
        job.misbehaved(provider, "asked for a module this job does not have");
        return Future.failedFuture("the provider asked for another module");
      }
      byte[] module = job.plan().module().bytes();
      return inputSent
          .compose(v -> ms.write(TaskMessage.newBuilder().setModuleHeader(ModuleHeader.newBuilder()
              .setModuleSha256(message.getFetchModule().getModuleSha256()).setSize(module.length)).build()))
          .compose(v -> PayloadSender.send(Buffer.buffer(module), job.wire().chunkSize(),
              chunk -> ms.write(TaskMessage.newBuilder().setChunk(chunk).build())))
          .compose(v -> ms.next())
          .compose(next -> answered(ms, a, next, inputSent));
    }
    if (message.hasError()) {
      onError(a, message.getError());
      ms.end();
      return Future.succeededFuture();
    }
    if (!message.hasResult()) {
      job.misbehaved(provider, "answered a task with " + message.getBodyCase());
      return Future.failedFuture("unexpected " + message.getBodyCase());
    }
    TaskResult result = message.getResult();
    long maxOutput = Math.min(job.plan().spec().maxOutputBytes(), job.wire().maxInMemoryPayload());
    if (result.getTaskIndex() != a.task() || result.getFuelUsed() > job.plan().spec().fuelPerTask()
        || result.getOutputSize() > maxOutput || result.getOutputSha256().size() != 32) {
      job.misbehaved(provider, "answered task " + a.task() + " with task " + result.getTaskIndex() + ", fuel "
          + result.getFuelUsed() + ", " + result.getOutputSize() + " output bytes");
      return Future.failedFuture("a result outside the agreement");
    }
    PayloadReceiver.InMemory output;
    try {
      output = PayloadReceiver.inMemory(result.getOutputSize(), result.getOutputSha256().toByteArray(), job.wire());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return receive(ms, output).compose(v -> {
      ms.end();
      byte[] bytes = output.bytes().getBytes();
      TaskOutcome outcome = new TaskOutcome(HexFormat.of().formatHex(result.getOutputSha256().toByteArray()),
          result.getFuelUsed(), result.getExitCode(), bytes.length);
      return context.executeBlocking(() -> {
        job.results().writeRun(a.task(), provider, bytes);
        return null;
      }, false).map(x -> {
        results.incrementAndGet();
        accept(a, outcome, result.getFuelUsed());
        return null;
      });
    });
  }

  private Future<Void> receive(MessageStream<TaskMessage, TaskMessage> ms, PayloadReceiver.InMemory output) {
    if (output.receiver().completion().isComplete()) {
      return output.receiver().completion();
    }
    return ms.next().compose(m -> {
      if (!m.hasChunk()) {
        return Future.failedFuture("expected an output chunk, got " + m.getBodyCase());
      }
      return output.receiver().accept(m.getChunk()).compose(v -> m.getChunk().getLast()
          ? output.receiver().completion() : receive(ms, output));
    });
  }

  private void accept(Assignment a, TaskOutcome outcome, long fuel) {
    Scheduler.Verdict verdict = job.scheduler().completed(a, outcome);
    if (paying) {
      job.payer().pay(channelId, fuel, running > 1).whenComplete((payment, failure) -> {
        if (failure != null) {
          LOG.error("cannot pay {} for task {}: {}", provider, a.task(), failure.getMessage());
          return;
        }
        if (payment.depositShort()) {
          job.depositShort(channelId);
        }
        if (payment.hasVoucher()) {
          context.runOnContext(v -> send(payment.voucher()));
        }
      });
    }
    verdict.settled().ifPresent(o -> job.settled(verdict.task(), o, job.scheduler().agreeing(verdict.task())
        .stream().findFirst().orElse(provider)));
    if (!verdict.cheaters().isEmpty()) {
      job.cheatersFound(verdict.cheaters());
    }
  }

  private void onError(Assignment a, TaskError error) {
    TaskErrorCode code = error.getCode();
    switch (code) {
      case TASK_ERROR_CODE_BUSY, TASK_ERROR_CODE_PAYMENT_BEHIND, TASK_ERROR_CODE_CHANNEL_EXHAUSTED,
          TASK_ERROR_CODE_NO_AGREEMENT, TASK_ERROR_CODE_CHANNEL_INVALID, TASK_ERROR_CODE_INTERNAL -> {
        pausedUntil = System.currentTimeMillis() + BACK_OFF_MILLIS;
        job.scheduler().failed(a, false);
        if (code == TaskErrorCode.TASK_ERROR_CODE_PAYMENT_BEHIND && latest != null) {
          lastSent = BigInteger.ZERO; // the provider may have missed a voucher: send the latest again
          send(latest);
        }
        if (code == TaskErrorCode.TASK_ERROR_CODE_CHANNEL_EXHAUSTED) {
          job.depositShort(channelId);
        }
        LOG.debug("{} cannot take task {} now: {} {}", provider, a.task(), code, error.getDetail());
      }
      default -> {
        job.scheduler().failed(a, true);
        LOG.info("task {} failed on {}: {} {}", a.task(), provider, code, error.getDetail());
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Payment
  // ------------------------------------------------------------------------------------------

  /** Sends {@code voucher} unless a higher one went already. Call on the link's context. */
  public void send(SignedVoucher voucher) {
    if (!paying) {
      return;
    }
    BigInteger amount = voucher.voucher().cumulativeAmount();
    if (latest == null || amount.compareTo(latest.voucher().cumulativeAmount()) > 0) {
      latest = voucher;
    }
    if (amount.compareTo(lastSent) <= 0) {
      return;
    }
    payStream().onSuccess(p -> {
      if (amount.compareTo(lastSent) <= 0) {
        return;
      }
      lastSent = amount;
      p.write(PayMessage.newBuilder().setVoucher(Voucher.newBuilder()
          .setChannelId(WireValues.uint256(channelId))
          .setCumulativeAmount(WireValues.uint256(amount))
          .setSignature(ByteString.copyFrom(voucher.signature()))).build());
    }).onFailure(e -> LOG.warn("cannot send {} a voucher for {} wei: {}", provider, amount, e.getMessage()));
  }

  private Future<MessageStream<PayMessage, PayMessage>> payStream() {
    if (pay != null) {
      return Future.succeededFuture(pay);
    }
    if (payOpening != null) {
      return payOpening;
    }
    PeerConnection conn = connection;
    if (conn == null) {
      return Future.failedFuture("not connected");
    }
    payOpening = conn.openStream(PAY_PROTOCOL).map(s -> {
      MessageStream<PayMessage, PayMessage> ms = MessageStream.over(s, PayMessage.parser(), job.wire());
      usePayStream(ms);
      return ms;
    }).onComplete(ar -> payOpening = null);
    return payOpening;
  }

  private void usePayStream(MessageStream<PayMessage, PayMessage> ms) {
    pay = ms;
    ms.reader().exceptionHandler(e -> {
      if (pay == ms) {
        pay = null;
      }
    });
    ms.reader().endHandler(v -> {
      if (pay == ms) {
        pay = null;
      }
    });
    ms.reader().handler(m -> {
      try {
        if (m.hasAck()) {
          BigInteger amount = WireValues.uint256(m.getAck().getCommittedAmount(), "committed_amount");
          synchronized (this) {
            committed = committed.max(amount);
          }
        } else if (m.hasReject()) {
          LOG.warn("{} refused a voucher on channel {}: {} {}", provider, channelId, m.getReject().getReason(),
              m.getReject().getDetail());
        }
      } catch (Exception e) {
        LOG.warn("{} sent a malformed payment answer: {}", provider, e.getMessage());
      }
    });
    if (latest != null) {
      lastSent = BigInteger.ZERO;
      send(latest);
    }
  }

  /** Pays what is owed now (after a top-up made the deposit cover it, or for results that waited for a voucher). */
  public void resendOwed(Payer payer) {
    payer.resend(channelId).whenComplete((p, e) -> {
      if (e == null && context != null) {
        context.runOnContext(v -> send(p.voucher()));
      }
    });
  }

  /** Whether the provider acknowledged every amount signed for it. */
  public boolean paidUp(Payer payer) {
    return committed().compareTo(payer.signed(channelId)) >= 0 && !payer.hasUnsigned(channelId);
  }
}
