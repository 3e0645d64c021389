package org.zennet.publisher.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Map tasks from argument lists, one task per list: given as a {@code list}, or generated from a
 * {@code template} over a {@code range} of numbers ({@code {i}}) or a {@code grid} of image tiles
 * ({@code {x} {y} {tileWidth} {tileHeight} {width} {height} {col} {row}}; edge tiles are clipped to the
 * image). {@code {index}} is the task's index in every case.
 *
 * @param list literal argument lists
 * @param range numbers for {@code {i}}
 * @param grid image tiles
 * @param template the argument list with placeholders, for {@code range} and {@code grid}
 */
public record ArgsSpec(List<List<String>> list, Range range, Grid grid, List<String> template) {
  public static final int MAX_TASKS = 1_000_000;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /** {@code from}, {@code from + step}, ... up to and including {@code to}. */
  public record Range(long from, long to, Long step) {
    public Range {
      step = step == null ? 1 : step;
      if (step < 1) {
        throw new IllegalArgumentException("args.range.step: must be positive, got " + step);
      }
      if (to < from) {
        throw new IllegalArgumentException("args.range: 'to' (" + to + ") is below 'from' (" + from + ")");
      }
      if ((to - from) / step + 1 > MAX_TASKS) {
        throw new IllegalArgumentException("args.range: more than " + MAX_TASKS + " tasks");
      }
    }
  }

  /** An image of {@code width} × {@code height} pixels in tiles of {@code tileWidth} × {@code tileHeight}. */
  public record Grid(int width, int height, int tileWidth, int tileHeight) {
    public Grid {
      if (width < 1 || height < 1 || width > 65_536 || height > 65_536) {
        throw new IllegalArgumentException("args.grid: width and height must be 1..65536, got " + width + "x" + height);
      }
      if (tileWidth < 1 || tileHeight < 1) {
        throw new IllegalArgumentException("args.grid: tileWidth and tileHeight must be positive");
      }
      if ((long) columns(width, tileWidth) * columns(height, tileHeight) > MAX_TASKS) {
        throw new IllegalArgumentException("args.grid: more than " + MAX_TASKS + " tiles");
      }
    }

    private static int columns(int size, int tile) {
      return (size + tile - 1) / tile;
    }

    public int columns() {
      return columns(width, tileWidth);
    }

    public int rows() {
      return columns(height, tileHeight);
    }
  }

  public ArgsSpec {
    int given = (list != null ? 1 : 0) + (range != null ? 1 : 0) + (grid != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("args: give exactly one of 'list', 'range' and 'grid'");
    }
    if (list != null) {
      if (list.isEmpty() || list.size() > MAX_TASKS) {
        throw new IllegalArgumentException("args.list: must hold 1.." + MAX_TASKS + " argument lists");
      }
      list = list.stream().map(a -> List.copyOf(a == null ? List.of() : a)).toList();
      if (template != null) {
        throw new IllegalArgumentException("args.template: only with 'range' or 'grid'");
      }
    } else {
      if (template == null || template.isEmpty()) {
        throw new IllegalArgumentException("args.template: the argument list with placeholders, e.g. [\"{i}\"]");
      }
      template = List.copyOf(template);
      List<String> known = range != null ? List.of("i", "index")
          : List.of("x", "y", "tileWidth", "tileHeight", "width", "height", "col", "row", "index");
      for (String arg : template) {
        Matcher m = PLACEHOLDER.matcher(arg);
        while (m.find()) {
          if (!known.contains(m.group(1))) {
            throw new IllegalArgumentException("args.template: unknown placeholder {" + m.group(1) + "}; "
                + (range != null ? "a range has" : "a grid has") + " " + known);
          }
        }
      }
    }
  }

  /** The argument list of every task, in task order. */
  public List<List<String>> expand() {
    if (list != null) {
      return list;
    }
    List<List<String>> out = new ArrayList<>();
    if (range != null) {
      for (long i = range.from(); i <= range.to(); i += range.step()) {
        out.add(fill(Map.of("i", Long.toString(i), "index", Integer.toString(out.size()))));
      }
      return out;
    }
    for (int row = 0; row < grid.rows(); row++) {
      for (int col = 0; col < grid.columns(); col++) {
        int x = col * grid.tileWidth();
        int y = row * grid.tileHeight();
        out.add(fill(Map.of("x", Integer.toString(x), "y", Integer.toString(y),
            "tileWidth", Integer.toString(Math.min(grid.tileWidth(), grid.width() - x)),
            "tileHeight", Integer.toString(Math.min(grid.tileHeight(), grid.height() - y)),
            "width", Integer.toString(grid.width()), "height", Integer.toString(grid.height()),
            "col", Integer.toString(col), "row", Integer.toString(row), "index", Integer.toString(out.size()))));
      }
    }
    return out;
  }

  private List<String> fill(Map<String, String> values) {
    return template.stream().map(arg -> PLACEHOLDER.matcher(arg).replaceAll(m -> values.get(m.group(1)))).toList();
  }
}
