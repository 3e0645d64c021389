package org.zennet.protocol.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stock js-libp2p peer ({@code src/test/js/libp2p-peer.mjs}) in a child process. Its stdout lines are
 * collected; {@link #close()} stops it (and anything it started). Always close it.
 */
final class JsLibp2pPeer implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private JsLibp2pPeer(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "js-libp2p-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The repository root, where node_modules is: Maven passes {@code zennet.root}. */
  static Path root() {
    Path root = Path.of(System.getProperty("zennet.root", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("node_modules/libp2p"))) {
      throw new IllegalStateException("js-libp2p is not installed under " + root + "/node_modules (run mvn validate at the root)");
    }
    return root;
  }

  /** Starts {@code node libp2p-peer.mjs args...}. */
  static JsLibp2pPeer start(String... args) throws IOException {
    Path root = root();
    List<String> command = new ArrayList<>(List.of("node", root.resolve("protocol/src/test/js/libp2p-peer.mjs").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("NODE_PATH", root.resolve("node_modules").toString());
    return new JsLibp2pPeer(pb.start());
  }

  /** @return the rest of the first line starting with {@code prefix + " "}, waiting up to {@code timeout} */
  String await(String prefix, Duration timeout) throws InterruptedException {
    for (String line : seen) {
      if (line.equals(prefix) || line.startsWith(prefix + " ")) {
        seen.remove(line);
        return line.substring(Math.min(line.length(), prefix.length() + 1));
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("js-libp2p printed no '" + prefix + "' line within " + timeout + "; it printed: " + seen);
      }
      if (line.equals(prefix) || line.startsWith(prefix + " ")) {
        return line.substring(Math.min(line.length(), prefix.length() + 1));
      }
      seen.add(line);
    }
  }

  /** @return the exit status, waiting up to {@code timeout} */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("js-libp2p did not exit within " + timeout);
    }
    return process.exitValue();
  }

  /** @return every line printed so far that no {@link #await} took */
  List<String> output() {
    lines.drainTo(seen);
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
