package org.zennet.cli.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One test class's result, from a Surefire or Failsafe XML report. */
record TestClass(String name, int tests, int failures, int errors, int skipped, double seconds) {
  private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

  /** The results in {@code surefire-reports} and {@code failsafe-reports} under {@code target}. */
  static List<TestClass> read(Path target) throws IOException {
    List<TestClass> out = new ArrayList<>();
    for (String dir : List.of("surefire-reports", "failsafe-reports")) {
      Path reports = target.resolve(dir);
      if (!Files.isDirectory(reports)) {
        continue;
      }
      try (Stream<Path> files = Files.list(reports)) {
        for (Path f : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
          String head = Files.readString(f);
          Matcher m = SUITE.matcher(head);
          if (m.find()) {
            String attrs = m.group(1);
            out.add(new TestClass(attr(attrs, "name").replace("org.zennet.contracts.", ""),
                Integer.parseInt(attr(attrs, "tests")), Integer.parseInt(attr(attrs, "failures")),
                Integer.parseInt(attr(attrs, "errors")), Integer.parseInt(attr(attrs, "skipped")),
                Double.parseDouble(attr(attrs, "time").replace(",", ""))));
          }
        }
      }
    }
    out.sort(Comparator.comparing(TestClass::name));
    return out;
  }

  private static String attr(String attrs, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attrs);
    return m.find() ? m.group(1) : "0";
  }
}
