package org.zennet.publisher.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zennet.protocol.manifest.InvalidManifestException;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.runtime.TaskModule;

/**
 * A job ready to run: the module loaded and hashed, the task list computed (inputs split, argument lists
 * expanded), the reduce module loaded, and the {@link JobManifest} providers will see.
 *
 * @param spec what the publisher wrote
 * @param module the map module
 * @param tasks every map task, in index order
 * @param inputFile the file the tasks' inputs are cut from, when the job has inputs
 * @param reduceModule the reduce module, for a module reduce
 * @param manifest the manifest posted (its SHA-256) and served
 */
public record JobPlan(JobSpec spec, TaskModule module, List<TaskSpec> tasks, Optional<Path> inputFile,
    Optional<TaskModule> reduceModule, JobManifest manifest) {

  public JobPlan {
    tasks = List.copyOf(tasks);
  }

  /**
   * Loads what {@code spec} names and plans its tasks.
   *
   * @throws InvalidJobException naming the field, when a file is missing or unreadable or the job breaks a rule
   */
  public static JobPlan of(JobSpec spec) throws InvalidJobException {
    TaskModule module = loadModule("module", spec.module(), spec.sample());
    List<TaskSpec> tasks = new ArrayList<>();
    Optional<Path> inputFile = Optional.empty();
    if (spec.inputs() != null) {
      inputFile = Optional.of(spec.inputs().file());
      List<long[]> chunks = split(spec.inputs());
      for (long[] c : chunks) {
        tasks.add(new TaskSpec(tasks.size(), List.of(), c[0], c[1]));
      }
    } else {
      for (List<String> args : spec.args().expand()) {
        tasks.add(TaskSpec.ofArgs(tasks.size(), args));
      }
    }
    if (spec.reduce().kind() == ReduceSpec.Kind.png && (spec.args() == null || spec.args().grid() == null)) {
      throw new InvalidJobException("reduce", "png assembles the tiles of an args.grid job; this job has no grid");
    }
    Optional<TaskModule> reduce = spec.reduce().kind() == ReduceSpec.Kind.module
        ? Optional.of(loadModule("reduce", spec.reduce().module(), spec.reduce().sample())) : Optional.empty();
    JobManifest manifest;
    try {
      manifest = JobManifest.of(spec.name(), module.sha256(), module.bytes().length, tasks.size(), spec.fuelPerTask(),
          spec.memoryPages(), spec.taskTimeout().toMillis(), spec.maxOutputBytes(), spec.maxPricePerMegaFuel(),
          spec.paymentIncrementMegaFuel(), spec.replication());
    } catch (InvalidManifestException e) {
      throw new InvalidJobException(e.field(), e.getMessage());
    }
    return new JobPlan(spec, module, tasks, inputFile, reduce, manifest);
  }

  /** The manifest document as posted and served. */
  public byte[] manifestBytes() {
    return manifest.toJson();
  }

  /** Reads task {@code task}'s input from the input file (empty for an args task). */
  public byte[] input(TaskSpec task) throws IOException {
    if (task.inputLength() == 0) {
      return new byte[0];
    }
    try (FileChannel in = FileChannel.open(inputFile.orElseThrow(), StandardOpenOption.READ)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(Math.toIntExact(task.inputLength()));
      while (buffer.hasRemaining()) {
        if (in.read(buffer, task.inputOffset() + buffer.position()) < 0) {
          throw new IOException(inputFile.get() + " is shorter than when the job was planned");
        }
      }
      return buffer.array();
    }
  }

  private static TaskModule loadModule(String field, Path file, String sample) throws InvalidJobException {
    if (sample != null) {
      return org.zennet.runtime.Samples.find(sample).orElseThrow().module();
    }
    try {
      if (Files.size(file) > JobManifest.MAX_MODULE_BYTES) {
        throw new InvalidJobException(field, file + " is larger than " + JobManifest.MAX_MODULE_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
        throw new InvalidJobException(field, file + " is not a WebAssembly module (no \\0asm header)");
      }
      return TaskModule.of(bytes);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidJobException(field, "no such file: " + file);
    } catch (IOException e) {
      throw new InvalidJobException(field, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The chunks of the input file as {offset, length}, none empty. */
  static List<long[]> split(InputSpec inputs) throws InvalidJobException {
    Path file = inputs.file();
    long size;
    try {
      size = Files.size(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidJobException("inputs.file", "no such file: " + file);
    } catch (IOException e) {
      throw new InvalidJobException("inputs.file", "cannot read " + file + ": " + e.getMessage());
    }
    if (size == 0) {
      throw new InvalidJobException("inputs.file", file + " is empty: there is nothing to split into tasks");
    }
    long target = Math.max(1, (size + inputs.chunks() - 1) / inputs.chunks());
    List<long[]> chunks = new ArrayList<>();
    if (inputs.split() == InputSpec.Split.bytes) {
      for (long at = 0; at < size; at += target) {
        chunks.add(new long[] {at, Math.min(target, size - at)});
      }
      return chunks;
    }
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      long start = 0;
      long pos = 0;
      int b;
      while ((b = in.read()) >= 0) {
        pos++;
        if (b == '\n' && pos - start >= target) {
          chunks.add(new long[] {start, pos - start});
          start = pos;
        }
      }
      if (pos > start) {
        chunks.add(new long[] {start, pos - start});
      }
    } catch (IOException e) {
      throw new InvalidJobException("inputs.file", "cannot read " + file + ": " + e.getMessage());
    }
    return chunks;
  }
}
