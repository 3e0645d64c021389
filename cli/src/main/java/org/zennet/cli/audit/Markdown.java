package org.zennet.cli.audit;

import java.util.List;

/**
 * The audit report's Markdown, and the same as HTML: the report only uses headings, paragraphs, bullet
 * lists, tables and fenced code blocks, which this small converter knows.
 */
final class Markdown {
  private final StringBuilder md = new StringBuilder();

  Markdown heading(int level, String text) {
    md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    return this;
  }

  Markdown paragraph(String text) {
    md.append(text).append("\n\n");
    return this;
  }

  Markdown bullets(List<String> items) {
    items.forEach(i -> md.append("- ").append(i).append('\n'));
    md.append('\n');
    return this;
  }

  Markdown table(List<String> header, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> md.append("---|"));
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
    }
    md.append('\n');
    return this;
  }

  Markdown code(String text) {
    md.append("```\n").append(text.endsWith("\n") ? text : text + "\n").append("```\n\n");
    return this;
  }

  String markdown() {
    return md.toString();
  }

  /** The report as a standalone HTML page. */
  String html(String title) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title)).append("</title><style>body{font-family:sans-serif;max-width:75em;margin:2em auto;}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
            + "pre{background:#f6f6f6;padding:.5em;overflow-x:auto}.fail{color:#b00}</style></head><body>\n");
    String[] lines = md.toString().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("```")) {
        html.append("<pre>");
        for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
          html.append(escape(lines[i])).append('\n');
        }
        html.append("</pre>\n");
      } else if (line.startsWith("#")) {
        int level = line.indexOf(' ');
        html.append("<h").append(level).append('>').append(inline(line.substring(level + 1)))
            .append("</h").append(level).append(">\n");
      } else if (line.startsWith("| ")) {
        html.append("<table>\n");
        boolean header = true;
        for (; i < lines.length && lines[i].startsWith("|"); i++) {
          if (lines[i].startsWith("|---")) {
            continue;
          }
          String row = lines[i].substring(2, lines[i].length() - 2);
          html.append("<tr>");
          for (String cell : row.split("(?<!\\\\) \\| ", -1)) {
            String tag = header ? "th" : "td";
            html.append('<').append(tag).append('>').append(inline(cell.replace("\\|", "|")))
                .append("</").append(tag).append('>');
          }
          html.append("</tr>\n");
          header = false;
        }
        i--;
        html.append("</table>\n");
      } else if (line.startsWith("- ")) {
        html.append("<ul>\n");
        for (; i < lines.length && lines[i].startsWith("- "); i++) {
          html.append("<li>").append(inline(lines[i].substring(2))).append("</li>\n");
        }
        i--;
        html.append("</ul>\n");
      } else if (!line.isBlank()) {
        html.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    return html.append("</body></html>\n").toString();
  }

  private static String inline(String text) {
    return escape(text).replaceAll("`([^`]*)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
