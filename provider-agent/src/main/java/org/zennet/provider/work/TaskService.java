package org.zennet.provider.work;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.MessageTooLargeException;
import org.zennet.protocol.wire.PayloadHashMismatchException;
import org.zennet.protocol.wire.PayloadReceiver;
import org.zennet.protocol.wire.PayloadSender;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.FetchModule;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskError;
import org.zennet.protocol.wire.messages.TaskErrorCode;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.wire.messages.TaskResult;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;

/**
 * The provider's side of {@code /zennet/task/1.0.0} (docs/protocol.md, "Tasks"): one task per stream. The
 * {@code RunTask} is checked before anything else is read — an agreement with this publisher, the manifest's
 * module, fuel and input caps, the channel, the payment pace, a free slot — and a refusal is a {@code TaskError}
 * at once; then the input is received and hash-checked, the module fetched once by hash, and the task runs in the
 * sandbox with the manifest's caps. A result's fuel is committed before the result is sent.
 */
public final class TaskService {
  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
  public static final String PROTOCOL = "/zennet/task/1.0.0";
  static final int MODULE_CACHE = 8;

  private final WorkContext work;
  private final WireConfig wire;
  private final java.util.concurrent.atomic.AtomicInteger refusing = new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, byte[]> modules = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > MODULE_CACHE;
    }
  };

  public TaskService(WorkContext work, WireConfig wire) {
    this.work = work;
    this.wire = wire;
  }

  /** A refusal or failure answered with a {@code TaskError}. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final TaskErrorCode code;
    final long fuel;

    Refusal(TaskErrorCode code, String detail, long fuel) {
      super(detail, null, false, false);
      this.code = code;
      this.fuel = fuel;
    }

    Refusal(TaskErrorCode code, String detail) {
      this(code, detail, 0);
    }
  }

  /** Serves one task stream (on its context). */
  public void serve(MessageStream<TaskMessage, TaskMessage> ms) {
    String publisher = ms.stream().remotePeerId().ethereumAddress().orElse("");
    ms.next().onComplete(ar -> {
      if (ar.failed()) {
        ms.stream().reset();
        return;
      }
      TaskMessage first = ar.result();
      if (!first.hasRunTask()) {
        refuse(ms, RunTask.getDefaultInstance(), new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST,
            "a task stream starts with RunTask, not " + first.getBodyCase()));
        return;
      }
      RunTask task = first.getRunTask();
      Engagement job;
      try {
        job = admit(task, publisher);
      } catch (Refusal r) {
        refuse(ms, task, r);
        return;
      }
      BigInteger channel;
      try {
        channel = WireValues.uint256(task.getChannelId(), "channel_id");
      } catch (MalformedMessageException e) {
        refuse(ms, task, new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, e.getMessage()));
        return;
      }
      boolean[] slot = {false}; // whether this task holds one of the provider's slots
      work.verifyChannel(job, channel)
          .recover(e -> Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_CHANNEL_INVALID, e.getMessage())))
          .compose(v -> paceAndDeposit(job))
          .compose(v -> {
            if (work.stopping()) {
              return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_BUSY, "the provider is stopping"));
            }
            if (!job.tryStart()) {
              return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_BUSY,
                  "every slot of the agreement is busy"));
            }
            if (!work.tryStartTask()) {
              job.finished();
              return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_BUSY, work.stopping()
                  ? "the provider is stopping" : "every slot of the provider is busy"));
            }
            work.metrics().runningChanged(1);
            slot[0] = true;
            return run(ms, job, task).eventually(() -> {
              job.finished();
              work.metrics().runningChanged(-1);
              return Future.succeededFuture();
            });
          })
          .onComplete(done -> {
            if (done.failed() && done.cause() instanceof Refusal r) {
              refuse(ms, task, r);
            } else if (done.failed()) {
              LOG.debug("task {} of job {} failed: {}", task.getTaskIndex(), job.jobId(), done.cause().toString());
              ms.stream().reset();
            }
            if (slot[0]) {
              // after refuse() counted its answer: a stop waiting for both never sees a gap between them
              work.taskEnded();
            }
          });
    });
  }

  /** The job of a RunTask, after the checks that need nothing from the chain. */
  private Engagement admit(RunTask task, String publisher) throws Refusal {
    BigInteger jobId;
    try {
      jobId = WireValues.uint256(task.getJobId(), "job_id");
    } catch (MalformedMessageException e) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, e.getMessage());
    }
    Engagement job = work.engagement(jobId, publisher).orElseThrow(() -> new Refusal(
        TaskErrorCode.TASK_ERROR_CODE_NO_AGREEMENT, "no agreement for job " + jobId + " with " + publisher));
    if (!job.state().active() || job.state() == org.zennet.provider.store.ProviderStore.JobState.CLOSING) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_NO_AGREEMENT, "job " + jobId + " is over at this provider");
    }
    JobManifest m = job.manifest();
    if (!task.getModuleSha256().equals(ByteString.copyFrom(m.moduleDigest()))) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "module_sha256 is not the manifest's module");
    }
    if (task.getFuelLimit() < 1 || task.getFuelLimit() > m.fuelPerTask()) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "fuel_limit " + task.getFuelLimit()
          + " is not 1.." + m.fuelPerTask() + " (the manifest's fuelPerTask)");
    }
    long maxInput = Math.min(work.config().caps().maxInputBytes(), wire.maxInMemoryPayload());
    if (task.getInputSize() > maxInput) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "input_size " + task.getInputSize()
          + " is above this provider's cap of " + maxInput + " bytes");
    }
    if (task.getInputSha256().size() != 32) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "input_sha256 must be 32 bytes");
    }
    if (task.getArgsCount() > 4096 || task.getArgsList().stream().mapToLong(String::length).sum() > 1 << 20) {
      throw new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "too many or too long args");
    }
    return job;
  }

  private Future<Void> paceAndDeposit(Engagement job) {
    if (job.behind()) {
      return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_PAYMENT_BEHIND, "owed " + job.owed()
          + " wei, committed " + job.committed() + ": more than one increment behind"));
    }
    if (job.owed().compareTo(job.deposit()) < 0) {
      return Future.succeededFuture();
    }
    return work.refreshDeposit(job).compose(deposit -> deposit.compareTo(job.owed()) > 0 ? Future.succeededFuture()
        : Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_CHANNEL_EXHAUSTED, "owed " + job.owed()
            + " wei has reached the channel's deposit of " + deposit + ": top it up")));
  }

  private Future<Void> run(MessageStream<TaskMessage, TaskMessage> ms, Engagement job, RunTask task) {
    Context context = Vertx.currentContext();
    PayloadReceiver.InMemory input;
    try {
      input = PayloadReceiver.inMemory(task.getInputSize(), task.getInputSha256().toByteArray(), wire);
    } catch (MessageTooLargeException e) {
      return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, e.getMessage()));
    }
    return receive(ms, input.receiver())
        .recover(e -> Future.failedFuture(e instanceof PayloadHashMismatchException
            ? new Refusal(TaskErrorCode.TASK_ERROR_CODE_INPUT_HASH_MISMATCH, e.getMessage())
            : new Refusal(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST, "input: " + e.getMessage())))
        .compose(v -> module(ms, job))
        .compose(module -> {
          JobManifest m = job.manifest();
          TaskLimits limits = new TaskLimits(task.getFuelLimit(), m.memoryPages(),
              java.time.Duration.ofMillis(m.taskTimeoutMillis()), m.maxOutputBytes(), TaskLimits.DEFAULT_MAX_STDERR_BYTES);
          CompletableFuture<org.zennet.runtime.TaskResult> running = work.runtime().submit(module,
              new TaskInput(input.bytes().getBytes(), task.getArgsList(), task.getTaskIndex()), limits);
          return Future.fromCompletionStage(running, context)
              .recover(e -> Future.failedFuture(failure(e, work.stopping())));
        })
        .compose(result -> work.storeWork(() -> {
              work.store().addResult(job.jobId(), result.fuelUsed());
              return result;
            }))
        .compose(result -> {
          job.result(result.fuelUsed());
          work.metrics().taskDone(result.fuelUsed());
          byte[] out = result.stdout();
          return ms.write(TaskMessage.newBuilder().setResult(TaskResult.newBuilder().setJobId(task.getJobId())
                  .setTaskIndex(task.getTaskIndex()).setFuelUsed(result.fuelUsed()).setExitCode(result.exitCode())
                  .setOutputSize(out.length).setOutputSha256(ByteString.copyFrom(JobManifest.sha256(out)))).build())
              .compose(v -> PayloadSender.send(Buffer.buffer(out), wire.chunkSize(),
                  c -> ms.write(TaskMessage.newBuilder().setChunk(c).build())))
              .compose(v -> ms.end());
        });
  }

  private static Refusal failure(Throwable e, boolean stopping) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof java.util.concurrent.CancellationException
        || stopping && t instanceof TaskFailure c && c.reason() == TaskFailure.Reason.CANCELLED) {
      return new Refusal(TaskErrorCode.TASK_ERROR_CODE_BUSY, "the task was stopped: the provider is stopping");
    }
    if (!(t instanceof TaskFailure f)) {
      return new Refusal(TaskErrorCode.TASK_ERROR_CODE_INTERNAL, String.valueOf(t.getMessage()));
    }
    TaskErrorCode code = switch (f.reason()) {
      case FUEL_EXHAUSTED -> TaskErrorCode.TASK_ERROR_CODE_FUEL_EXHAUSTED;
      case MEMORY_LIMIT -> TaskErrorCode.TASK_ERROR_CODE_MEMORY_LIMIT;
      case TIMEOUT -> TaskErrorCode.TASK_ERROR_CODE_TIMEOUT;
      case OUTPUT_LIMIT -> TaskErrorCode.TASK_ERROR_CODE_OUTPUT_LIMIT;
      case TRAP, CALL_DEPTH, EXIT_NONZERO -> TaskErrorCode.TASK_ERROR_CODE_TRAP;
      case INVALID_MODULE, MISSING_IMPORT -> TaskErrorCode.TASK_ERROR_CODE_INVALID_MODULE;
      case CANCELLED -> TaskErrorCode.TASK_ERROR_CODE_BUSY;
    };
    return new Refusal(code, f.reason() + ": " + f.getMessage(), Math.max(0, f.fuelUsed()));
  }

  private Future<TaskModule> module(MessageStream<TaskMessage, TaskMessage> ms, Engagement job) {
    String sha = job.manifest().moduleSha256();
    byte[] cached;
    synchronized (modules) {
      cached = modules.get(sha);
    }
    if (cached != null) {
      return Future.succeededFuture(new TaskModule(cached, sha));
    }
    return ms.write(TaskMessage.newBuilder().setFetchModule(FetchModule.newBuilder()
            .setModuleSha256(ByteString.copyFrom(job.manifest().moduleDigest()))).build())
        .compose(v -> ms.next())
        .compose(header -> {
          if (!header.hasModuleHeader() || !header.getModuleHeader().getModuleSha256()
              .equals(ByteString.copyFrom(job.manifest().moduleDigest()))) {
            return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_MODULE_UNAVAILABLE,
                "expected the ModuleHeader of the manifest's module, got " + header.getBodyCase()));
          }
          long size = header.getModuleHeader().getSize();
          if (size < 1 || size > job.manifest().moduleSize()) {
            return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_MODULE_UNAVAILABLE, "the module is "
                + size + " bytes; the manifest says " + job.manifest().moduleSize()));
          }
          PayloadReceiver.InMemory module;
          try {
            module = PayloadReceiver.inMemory(size, job.manifest().moduleDigest(), wire);
          } catch (MessageTooLargeException e) {
            return Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_MODULE_UNAVAILABLE, e.getMessage()));
          }
          return receive(ms, module.receiver())
              .recover(e -> Future.failedFuture(new Refusal(TaskErrorCode.TASK_ERROR_CODE_MODULE_UNAVAILABLE,
                  "module: " + e.getMessage())))
              .map(v -> {
                byte[] bytes = module.bytes().getBytes();
                synchronized (modules) {
                  modules.put(sha, bytes);
                }
                return new TaskModule(bytes, sha);
              });
        });
  }

  private static Future<Void> receive(MessageStream<TaskMessage, TaskMessage> ms, PayloadReceiver receiver) {
    return ms.next().compose(m -> {
      if (!m.hasChunk()) {
        return Future.failedFuture(new MalformedMessageException("expected a PayloadChunk, got " + m.getBodyCase()));
      }
      return receiver.accept(m.getChunk()).compose(v -> m.getChunk().getLast() ? receiver.completion()
          : receive(ms, receiver));
    });
  }

  /** Refusals being written: a stop waits for them (the hand-backs of cancelled tasks) before it disconnects. */
  public int answersInFlight() {
    return refusing.get();
  }

  /** Answers a TaskError at once, ends our side and drops whatever the publisher still sends. */
  private void refuse(MessageStream<TaskMessage, TaskMessage> ms, RunTask task, Refusal r) {
    work.metrics().taskRefused(r.code.name());
    LOG.debug("task {}: {} {}", task.getTaskIndex(), r.code, r.getMessage());
    refusing.incrementAndGet();
    ms.write(TaskMessage.newBuilder().setError(TaskError.newBuilder().setJobId(task.getJobId())
            .setTaskIndex(task.getTaskIndex()).setCode(r.code).setDetail(String.valueOf(r.getMessage()))
            .setFuelUsed(r.fuel)).build())
        .compose(v -> ms.end())
        .onComplete(ar -> {
          refusing.decrementAndGet();
          drain(ms);
        });
  }

  private static void drain(MessageStream<TaskMessage, TaskMessage> ms) {
    ms.next().onSuccess(m -> drain(ms));
  }

  /** The module hash as hex, for logs. */
  static String hex(ByteString sha) {
    return HexFormat.of().formatHex(sha.toByteArray());
  }
}
