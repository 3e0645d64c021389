package org.zennet.runtime;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.runtime.CappedMemory.MemoryCapException;
import org.zennet.runtime.CappedOutput.OutputLimitExceeded;
import org.zennet.runtime.TaskFailure.Reason;
import org.zennet.runtime.fuel.FuelInstrumenter;
import org.zennet.runtime.fuel.MalformedModuleException;
import org.zennet.runtime.fuel.MeteredModule;

/**
 * {@link TaskRuntime} on Chicory: modules are checked, instrumented for fuel ({@link FuelInstrumenter}),
 * compiled to JVM bytecode once and cached by SHA-256; tasks run on a fixed pool of worker threads (one
 * per slot, each with the configured stack, which is the call-depth cap) with a watchdog that interrupts
 * a task at its wall-clock cap.
 */
public final class ChicoryTaskRuntime implements TaskRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ChicoryTaskRuntime.class);
  static final String START = "_start";

  private final RuntimeConfig config;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService watchdog;
  private final ModuleCache cache;
  private final Set<String> wasiFunctions = DeterministicWasi.provided();

  public ChicoryTaskRuntime(RuntimeConfig config) {
    this.config = config;
    BlockingQueue<Runnable> queue = config.queueCapacity() == 0
        ? new java.util.concurrent.SynchronousQueue<>()
        : config.queueCapacity() > 100_000 ? new LinkedBlockingQueue<>(config.queueCapacity())
        : new ArrayBlockingQueue<>(config.queueCapacity());
    this.workers = new ThreadPoolExecutor(config.slots(), config.slots(), 0, TimeUnit.MILLISECONDS, queue,
        new Workers(config.stackBytes()));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "zennet-task-watchdog");
      t.setDaemon(true);
      return t;
    });
    this.cache = new ModuleCache(config.moduleCacheSize());
  }

  public RuntimeConfig config() {
    return config;
  }

  /** How many prepared modules the cache holds. */
  public int cachedModules() {
    return cache.size();
  }

  @Override
  public TaskResult run(TaskModule module, TaskInput input, TaskLimits limits) throws TaskFailure, InterruptedException {
    CompletableFuture<TaskResult> future = submit(module, input, limits);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskFailure failure) {
        throw failure;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public CompletableFuture<TaskResult> submit(TaskModule module, TaskInput input, TaskLimits limits) {
    CompletableFuture<TaskResult> result = new CompletableFuture<>();
    Future<?> job;
    try {
      job = workers.submit(() -> {
        if (result.isDone()) {
          return;
        }
        try {
          result.complete(execute(module, input, limits));
        } catch (TaskFailure e) {
          result.completeExceptionally(e);
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new TaskFailure(Reason.CANCELLED, workers.isShutdown()
          ? "the task runtime is closed"
          : "all " + config.slots() + " slots are busy and " + config.queueCapacity()
              + " tasks are already waiting; try again later", 0, e));
      return result;
    }
    result.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        job.cancel(true);
      }
    });
    return result;
  }

  @Override
  public void prepare(TaskModule module) throws TaskFailure {
    prepared(module);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    watchdog.shutdownNow();
  }

  // ---------------------------------------------------------------- preparation

  private PreparedModule prepared(TaskModule module) throws TaskFailure {
    var hit = cache.get(module.sha256());
    if (hit.isPresent()) {
      return hit.get();
    }
    long t0 = System.nanoTime();
    WasmModule original = parse(module.bytes());
    checkImports(original);
    checkStart(original);
    PreparedModule prepared;
    if (config.metering()) {
      MeteredModule metered;
      try {
        metered = FuelInstrumenter.instrument(module.bytes());
      } catch (MalformedModuleException e) {
        throw new TaskFailure(Reason.INVALID_MODULE, "cannot meter the module: " + e.getMessage(), 0, e);
      }
      WasmModule instrumented = parse(metered.bytes());
      prepared = new PreparedModule(module.sha256(), instrumented, machineFactory(instrumented),
          metered.fuelGlobalIndex(), metered.fuelGlobalOrdinal());
    } else {
      prepared = new PreparedModule(module.sha256(), original, machineFactory(original), -1, -1);
    }
    cache.put(prepared);
    LOG.debug("prepared module {} ({} bytes) in {} ms", module.sha256(), module.bytes().length,
        (System.nanoTime() - t0) / 1_000_000);
    return prepared;
  }

  private static WasmModule parse(byte[] bytes) throws TaskFailure {
    try {
      return Parser.parse(bytes);
    } catch (RuntimeException e) {
      throw new TaskFailure(Reason.INVALID_MODULE, "not a valid WebAssembly module: " + message(e), 0, e);
    }
  }

  private Function<Instance, Machine> machineFactory(WasmModule module) throws TaskFailure {
    if (config.engine() == RuntimeConfig.Engine.INTERPRETER) {
      return InterpreterMachine::new;
    }
    try {
      return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT).compile();
    } catch (RuntimeException e) {
      throw new TaskFailure(Reason.INVALID_MODULE, "cannot compile the module: " + message(e), 0, e);
    }
  }

  private void checkImports(WasmModule module) throws TaskFailure {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      boolean provided = imp.importType() == ExternalType.FUNCTION && DeterministicWasi.MODULE.equals(imp.module())
          && wasiFunctions.contains(imp.name());
      if (!provided) {
        missing.add(imp.module() + "." + imp.name() + " (" + imp.importType().name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new TaskFailure(Reason.MISSING_IMPORT, "the module imports what the sandbox does not provide: "
          + String.join(", ", missing) + "; a task may import only WASI preview 1 functions from "
          + DeterministicWasi.MODULE, 0, null);
    }
  }

  private static void checkStart(WasmModule module) throws TaskFailure {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export e = module.exportSection().getExport(i);
      if (START.equals(e.name()) && e.exportType() == ExternalType.FUNCTION) {
        return;
      }
    }
    throw new TaskFailure(Reason.INVALID_MODULE,
        "not a WASI command module: it exports no function named " + START, 0, null);
  }

  // ---------------------------------------------------------------- execution

  private TaskResult execute(TaskModule module, TaskInput input, TaskLimits limits) throws TaskFailure {
    PreparedModule prepared = prepared(module);
    long start = System.nanoTime();
    CappedOutput stdout = new CappedOutput(limits.maxOutputBytes(), true);
    CappedOutput stderr = new CappedOutput(limits.maxStderrBytes(), false);
    CappedMemory[] memory = new CappedMemory[1];
    GlobalInstance[] fuel = new GlobalInstance[1];
    Watch watch = new Watch(Thread.currentThread());
    ScheduledFuture<?> alarm = watchdog.schedule(watch::fire, limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
    Throwable thrown = null;
    int exitCode = 0;
    try (DeterministicWasi wasi = new DeterministicWasi(input, stdout, stderr)) {
      Instance.Builder builder = Instance.builder(prepared.module())
          .withMachineFactory(prepared.machineFactory())
          .withImportValues(ImportValues.builder().addFunction(wasi.functions()).build())
          .withMemoryFactory(l -> memory[0] = CappedMemory.create(l, limits.memoryPages()))
          .withStart(false);
      if (prepared.metered()) {
        AtomicInteger ordinal = new AtomicInteger();
        builder.withGlobalFactory((value, high, type, mutability) -> {
          if (ordinal.getAndIncrement() == prepared.fuelGlobalOrdinal()) {
            return fuel[0] = new GlobalInstance(limits.fuel(), 0, type, mutability);
          }
          return new GlobalInstance(value, high, type, mutability);
        });
      }
      try {
        Instance instance = builder.build();
        instance.export(START).apply();
      } catch (StackOverflowError | RuntimeException e) {
        WasiExitException exit = find(e, WasiExitException.class);
        if (exit != null) {
          exitCode = exit.exitCode();
        } else {
          thrown = e;
        }
      }
    } finally {
      alarm.cancel(false);
      watch.finish();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    long fuelUsed = !prepared.metered() ? -1
        : fuel[0] == null ? 0
        : fuel[0].getValue() < 0 ? limits.fuel()
        : limits.fuel() - fuel[0].getValue();
    boolean capHit = memory[0] != null && memory[0].capHit();
    if (thrown != null || (exitCode != 0 && (capHit || watch.fired))) {
      throw failure(thrown, exitCode, watch.fired, capHit, fuelUsed, fuel[0], limits);
    }
    return new TaskResult(exitCode, stdout.bytes(), stderr.bytes(), fuelUsed, wall);
  }

  private static TaskFailure failure(Throwable thrown, int exitCode, boolean timedOut, boolean capHit, long fuelUsed,
      GlobalInstance fuel, TaskLimits limits) {
    if (timedOut) {
      return new TaskFailure(Reason.TIMEOUT, "the task ran longer than its time cap of "
          + limits.timeout().toMillis() + " ms", fuelUsed, thrown);
    }
    if (find(thrown, OutputLimitExceeded.class) != null) {
      return new TaskFailure(Reason.OUTPUT_LIMIT, "the task wrote more than its output cap of "
          + limits.maxOutputBytes() + " bytes on stdout", fuelUsed, thrown);
    }
    if (fuel != null && fuel.getValue() < 0) {
      return new TaskFailure(Reason.FUEL_EXHAUSTED, "the task used all its fuel (" + limits.fuel() + ")", fuelUsed, thrown);
    }
    MemoryCapException initialTooLarge = find(thrown, MemoryCapException.class);
    if (initialTooLarge != null) {
      return new TaskFailure(Reason.MEMORY_LIMIT, initialTooLarge.getMessage() + " ("
          + (long) limits.memoryPages() * TaskLimits.PAGE_BYTES / (1 << 20) + " MiB)", fuelUsed, thrown);
    }
    if (find(thrown, StackOverflowError.class) != null || (thrown != null && message(thrown).contains("call stack exhausted"))) {
      return new TaskFailure(Reason.CALL_DEPTH, "the task's calls nested deeper than the call-depth cap "
          + "(the worker's stack)", fuelUsed, thrown);
    }
    if (find(thrown, ChicoryInterruptedException.class) != null) {
      return new TaskFailure(Reason.CANCELLED, "the task was cancelled", fuelUsed, thrown);
    }
    if (capHit) {
      return new TaskFailure(Reason.MEMORY_LIMIT, "the task needed more memory than its cap of "
          + limits.memoryPages() + " pages (" + (long) limits.memoryPages() * TaskLimits.PAGE_BYTES / (1 << 20)
          + " MiB) and then " + (thrown == null ? "exited with code " + exitCode : "trapped: " + message(thrown)),
          fuelUsed, thrown);
    }
    return new TaskFailure(Reason.TRAP, "the task trapped: " + message(thrown), fuelUsed, thrown);
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable t) {
    if (t == null) {
      return "";
    }
    if (t instanceof ChicoryException && t.getMessage() != null) {
      return t.getMessage();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The wall-clock alarm of one run: interrupts the worker at most once, and never after the run ended. */
  private static final class Watch {
    private final Thread worker;
    private boolean done;
    volatile boolean fired;

    Watch(Thread worker) {
      this.worker = worker;
    }

    synchronized void fire() {
      if (!done) {
        fired = true;
        worker.interrupt();
      }
    }

    /** Ends the run: no interrupt comes after this, and one that came is cleared. */
    void finish() {
      synchronized (this) {
        done = true;
      }
      if (fired) {
        Thread.interrupted();
      }
    }
  }

  /** Worker threads: named, daemon, with the configured stack (the call-depth cap). */
  private static final class Workers implements ThreadFactory {
    private final long stackBytes;
    private final AtomicInteger next = new AtomicInteger();

    Workers(long stackBytes) {
      this.stackBytes = stackBytes;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(null, r, "zennet-task-" + next.incrementAndGet(), stackBytes);
      t.setDaemon(true);
      return t;
    }
  }
}
