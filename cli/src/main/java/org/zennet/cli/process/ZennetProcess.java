package org.zennet.cli.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zennet.cli.Main;
import org.zennet.contracts.Toolchain;

/**
 * One {@code zennet} command in a child JVM (the same Java and class path as this one), its output
 * (stdout and stderr together) copied line by line to a log file. {@link #awaitLine} waits for a line
 * such as an agent's "ready" line; {@link #stop} sends SIGTERM and, after a grace period, SIGKILL;
 * {@link #kill} sends SIGKILL at once. A JVM shutdown hook kills whatever is still running, so a child
 * never outlives its parent.
 */
public final class ZennetProcess implements AutoCloseable {
  /** How long {@link #stop} waits after SIGTERM before it sends SIGKILL. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final List<String> command;
  private final Path log;
  private final Process process;
  private final Thread shutdownHook;
  private final List<Watch> watches = new ArrayList<>();
  private final List<String> tail = new ArrayList<>();
  private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();

  private record Watch(Pattern pattern, CompletableFuture<Matcher> found) {}

  private ZennetProcess(String name, List<String> command, Path log, Process process) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.process = process;
    this.shutdownHook = new Thread(process::destroyForcibly, "kill-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread copier = new Thread(this::copyOutput, name + "-output");
    copier.setDaemon(true);
    copier.start();
  }

  /**
   * Starts {@code zennet args...} in a child JVM.
   *
   * @param name for logs and thread names ({@code provider-1})
   * @param log the file the child's output goes to (created, with its folder)
   * @param jvmOptions extra JVM options ({@code -Xmx256m}), may be empty
   */
  public static ZennetProcess start(String name, Path log, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    Toolchain.root().ifPresent(root -> command.add("-D" + Toolchain.ROOT_PROPERTY + "=" + root));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ZennetProcess(name, command, log, process);
  }

  /** @return the name given at start */
  public String name() {
    return name;
  }

  /** @return the child's process id */
  public long pid() {
    return process.pid();
  }

  /** @return the log file */
  public Path log() {
    return log;
  }

  /** @return whether the child is running */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** @return the exit code, once the child has ended */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /**
   * Waits for an output line that {@code pattern} finds (lines already printed count too).
   *
   * @return the match, for its groups; null when the child's output ended without such a line
   * @throws TimeoutException when no such line came within {@code timeout}; the message has the end of
   *     the child's output
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) throws TimeoutException, InterruptedException {
    CompletableFuture<Matcher> found = new CompletableFuture<>();
    synchronized (this) {
      for (String line : tail) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      watches.add(new Watch(pattern, found));
    }
    try {
      return CompletableFuture.anyOf(found, outputEnded).thenApply(x -> found.getNow(null))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException(name + ": no line matching /" + pattern + "/ within " + timeout.toSeconds()
          + " s; its last output:\n" + lastLines(20));
    } finally {
      synchronized (this) {
        watches.removeIf(w -> w.found() == found);
      }
    }
  }

  /** Like {@link #awaitLine} but fails when the child ends without printing such a line. */
  public Matcher awaitReady(Pattern pattern, Duration timeout) throws TimeoutException, InterruptedException {
    Matcher m = awaitLine(pattern, timeout);
    if (m == null) {
      process.waitFor(5, TimeUnit.SECONDS); // its output has ended: it is exiting
      throw new TimeoutException(name + " ended (exit " + exitCode().map(String::valueOf).orElse("?")
          + ") before it printed a line matching /" + pattern + "/; its last output:\n" + lastLines(20));
    }
    return m;
  }

  /** @return up to {@code n} of the last output lines, for error messages */
  public synchronized String lastLines(int n) {
    return String.join("\n", tail.subList(Math.max(0, tail.size() - n), tail.size()));
  }

  /**
   * Stops the child: SIGTERM, then SIGKILL when it has not ended within {@code grace}.
   *
   * @return the exit code
   */
  public int stop(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close our end of the child's output, losing
      // what it prints while it stops ('watcher stopped', 'provider stopped')
      terminate();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    }
    int exit = process.waitFor();
    forgetHook();
    return exit;
  }

  /** Sends SIGTERM and returns at once: stop several children in parallel, then {@link #stop} each to wait. */
  public void terminate() {
    if (process.isAlive()) {
      process.toHandle().destroy();
    }
  }

  /**
   * Waits for the child to end by itself.
   *
   * @return its exit code, or empty when it still runs after {@code timeout}
   */
  public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    forgetHook();
    return Optional.of(process.exitValue());
  }

  /** Kills the child with SIGKILL, as a crash would, and waits for it to end. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    int exit = process.waitFor();
    forgetHook();
    return exit;
  }

  /** Stops the child with {@link #STOP_GRACE}. */
  @Override
  public void close() throws InterruptedException {
    stop(STOP_GRACE);
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }

  /** @return the command line, for logs */
  public List<String> command() {
    return command;
  }

  private void forgetHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; nothing to forget
    }
  }

  private void copyOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        synchronized (this) {
          tail.add(line);
          if (tail.size() > 500) {
            tail.subList(0, 250).clear();
          }
          for (Watch w : watches) {
            Matcher m = w.pattern().matcher(line);
            if (m.find()) {
              w.found().complete(m);
            }
          }
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        tail.add("[" + name + ": cannot copy output to " + log + ": " + e.getMessage() + "]");
      }
    } finally {
      outputEnded.complete(null);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
