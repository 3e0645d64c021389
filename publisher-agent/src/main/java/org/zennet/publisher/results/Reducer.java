package org.zennet.publisher.results;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.zennet.publisher.job.ArgsSpec;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.ReduceSpec;
import org.zennet.publisher.job.TaskSpec;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskResult;
import org.zennet.runtime.TaskRuntime;

/**
 * The reduce step, run locally once every map task is settled: nothing, the map outputs concatenated, a
 * grid of raw RGB tiles assembled into a PNG, or a WebAssembly module over the concatenated outputs.
 */
public final class Reducer {
  /** The file the reduce step writes, in the results folder, by kind. */
  public static Path resultFile(ResultFiles files, ReduceSpec.Kind kind) {
    return files.root().resolve(kind == ReduceSpec.Kind.png ? "result.png" : "result");
  }

  private Reducer() {}

  /**
   * Runs the plan's reduce step.
   *
   * @param runtime runs a module reduce (with the job's caps, unlimited fuel apart)
   * @return the result file, or null for {@code none}
   * @throws IOException when an output is missing, a tile has the wrong size, or the reduce module fails
   */
  public static Path reduce(JobPlan plan, ResultFiles files, TaskRuntime runtime) throws IOException, InterruptedException {
    ReduceSpec reduce = plan.spec().reduce();
    Path result = resultFile(files, reduce.kind());
    int tasks = plan.tasks().size();
    switch (reduce.kind()) {
      case none -> {
        return null;
      }
      case concat -> {
        try (OutputStream out = Files.newOutputStream(result)) {
          files.concatenate(tasks, out);
        }
      }
      case png -> ImageIO.write(assemble(plan, files), "png", result.toFile());
      case module -> {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        files.concatenate(tasks, all);
        TaskLimits limits = new TaskLimits(TaskLimits.DEFAULT_FUEL * 100, plan.spec().memoryPages(),
            plan.spec().taskTimeout().multipliedBy(10), TaskLimits.DEFAULT_MAX_OUTPUT_BYTES, TaskLimits.DEFAULT_MAX_STDERR_BYTES);
        try {
          TaskResult r = runtime.run(plan.reduceModule().orElseThrow(),
              new TaskInput(all.toByteArray(), reduce.args(), 0), limits).requireSuccess();
          Files.write(result, r.stdout());
        } catch (TaskFailure e) {
          throw new IOException("the reduce step failed: " + e.getMessage(), e);
        }
      }
      default -> throw new IllegalStateException("unknown reduce " + reduce.kind());
    }
    return result;
  }

  /** The tiles of a grid job in one image; task i's args hold its tile by the grid's template. */
  static BufferedImage assemble(JobPlan plan, ResultFiles files) throws IOException {
    ArgsSpec.Grid grid = plan.spec().args().grid();
    BufferedImage image = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_INT_RGB);
    List<TaskSpec> tasks = plan.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      int col = i % grid.columns();
      int row = i / grid.columns();
      int x0 = col * grid.tileWidth();
      int y0 = row * grid.tileHeight();
      int w = Math.min(grid.tileWidth(), grid.width() - x0);
      int h = Math.min(grid.tileHeight(), grid.height() - y0);
      byte[] rgb = Files.readAllBytes(files.mapFile(i));
      if (rgb.length != w * h * 3) {
        throw new IOException("tile " + i + " is " + rgb.length + " bytes; a " + w + "x" + h + " RGB tile is " + (w * h * 3));
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = (y * w + x) * 3;
          image.setRGB(x0 + x, y0 + y, ((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff));
        }
      }
    }
    return image;
  }
}
