package dev.reflow.trace.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with a header row, columns separated by two spaces and padded to their
 * widest cell; numbers align right. No borders, so it stays readable when piped to a file.
 */
public final class Table {
  /** How a column's cells are padded. */
  public enum Align { LEFT, RIGHT }

  private final String[] headers;
  private final Align[] aligns;
  private final List<String[]> rows = new ArrayList<>();

  private Table(String[] headers, Align[] aligns) {
    this.headers = headers;
    this.aligns = aligns;
  }

  /** A table with these headers, every column left-aligned. */
  public static Table withHeaders(String... headers) {
    Align[] aligns = new Align[headers.length];
    Arrays.fill(aligns, Align.LEFT);
    return new Table(headers.clone(), aligns);
  }

  /** A table without a header row, e.g. for key/value listings. */
  public static Table withoutHeaders(int columns) {
    return withHeaders(new String[columns]);
  }

  /** Right-aligns a column. */
  public Table alignRight(int column) {
    aligns[column] = Align.RIGHT;
    return this;
  }

  public Table row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** The rendered lines, without trailing spaces. */
  public List<String> lines() {
    boolean hasHeader = headers.length > 0 && headers[0] != null;
    int[] widths = new int[headers.length];
    if (hasHeader) {
      for (int i = 0; i < headers.length; i++) {
        widths[i] = headers[i].length();
      }
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    if (hasHeader) {
      lines.add(render(headers, widths));
    }
    for (String[] r : rows) {
      lines.add(render(r, widths));
    }
    return lines;
  }

  public void print(PrintWriter out) {
    lines().forEach(out::println);
  }

  private String render(String[] cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String c = cells[i];
      int pad = widths[i] - c.length();
      if (aligns[i] == Align.RIGHT) {
        sb.append(" ".repeat(pad)).append(c);
      } else {
        sb.append(c).append(" ".repeat(pad));
      }
    }
    return sb.toString().stripTrailing();
  }
}
