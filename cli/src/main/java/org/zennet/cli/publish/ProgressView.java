package org.zennet.cli.publish;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.zennet.contracts.Xen;
import org.zennet.publisher.Progress;

/**
 * A job's progress on stderr: a live bar (tasks done of total, providers, XEN spent, ETA) on a terminal,
 * else one line every few seconds, so logs stay readable.
 */
public abstract class ProgressView implements AutoCloseable {
  static final Duration LINE_EVERY = Duration.ofSeconds(5);

  public abstract void update(Progress p);

  @Override
  public abstract void close();

  public static ProgressView open(PrintWriter err, int total) {
    return interactive() ? new Bar(total) : new Lines(err);
  }

  /** Whether stdin and stdout are a terminal; from Java 22 a console exists even when they are not. */
  static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only on a terminal
    }
  }

  static String extra(Progress p) {
    return p.phase() + ", " + p.providers() + " providers, " + Xen.format(p.spent()) + " XEN"
        + (p.failed() > 0 ? ", " + p.failed() + " failed" : "");
  }

  private static final class Bar extends ProgressView {
    private final ProgressBar bar;

    Bar(int total) {
      bar = new ProgressBarBuilder().setTaskName("tasks").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public synchronized void update(Progress p) {
      bar.stepTo(p.done());
      bar.setExtraMessage(extra(p));
    }

    @Override
    public synchronized void close() {
      bar.close();
    }
  }

  private static final class Lines extends ProgressView {
    private final PrintWriter err;
    private Instant last = Instant.EPOCH;
    private String lastPhase = "";

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void update(Progress p) {
      Instant now = Instant.now();
      if (!p.phase().equals(lastPhase) || Duration.between(last, now).compareTo(LINE_EVERY) >= 0) {
        last = now;
        lastPhase = p.phase();
        err.printf("tasks %d/%d, %s%s%n", p.done(), p.total(), extra(p),
            p.eta().map(eta -> ", ETA " + eta.toSeconds() + " s").orElse(""));
        err.flush();
      }
    }

    @Override
    public void close() {}
  }
}
