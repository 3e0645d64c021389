package org.zennet.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * Runs WebAssembly tasks in a sandbox with caps on fuel, memory, wall-clock time, output and call depth.
 * A task is a WASI command module ({@code _start}) that reads its input on stdin, writes its result on
 * stdout and gets its per-task arguments as argv; it sees nothing else of the host. The same module,
 * input and limits give the same output and the same fuel on every run and every machine.
 *
 * <p>The port the agents depend on; {@link ChicoryTaskRuntime} is the adapter.
 */
public interface TaskRuntime extends AutoCloseable {

  /** A runtime on Chicory's compiler with fuel metering, as the provider runs tasks. */
  static TaskRuntime chicory(RuntimeConfig config) {
    return new ChicoryTaskRuntime(config);
  }

  /**
   * Runs one task on the worker pool and waits for it.
   *
   * @return the finished task; a nonzero exit code is a result, not a failure ({@link TaskResult#requireSuccess()})
   * @throws TaskFailure when a cap was breached, the module is not a valid task, or the task trapped
   * @throws InterruptedException when the calling thread is interrupted while waiting (the task is stopped)
   */
  TaskResult run(TaskModule module, TaskInput input, TaskLimits limits) throws TaskFailure, InterruptedException;

  /**
   * Queues one task on the worker pool. The future completes with the result, or exceptionally with a
   * {@link TaskFailure}; cancelling it stops the task.
   */
  CompletableFuture<TaskResult> submit(TaskModule module, TaskInput input, TaskLimits limits);

  /** Checks a module and prepares it (instrumentation and compilation, cached by hash) without running it. */
  void prepare(TaskModule module) throws TaskFailure;

  /** Stops the workers; queued tasks fail, running ones are interrupted. */
  @Override
  void close();
}
