package org.zennet.cli.task;

import java.io.PrintWriter;
import java.util.Locale;
import org.zennet.runtime.Samples;
import org.zennet.runtime.TaskModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet task samples}: the sample modules bundled with Zennet. */
@Command(name = "samples", mixinStandardHelpOptions = true,
    description = "List the sample task modules bundled with Zennet; run one with 'zennet task run --sample NAME'.")
public final class TaskSamplesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (Samples.Sample s : Samples.all()) {
      TaskModule m = s.module();
      out.printf(Locale.ROOT, "%-10s %s%n", s.id(), s.summary());
      out.printf(Locale.ROOT, "%-10s %,d bytes, sha256 %s%n", "", m.bytes().length, m.sha256());
      out.printf(Locale.ROOT, "%-10s zennet task run --sample %s%s%n", "", s.id(),
          s.usage().isEmpty() ? " < input.txt" : " -- " + s.usage());
    }
    out.flush();
  }
}
