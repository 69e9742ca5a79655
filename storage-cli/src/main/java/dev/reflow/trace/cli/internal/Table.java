package dev.reflow.trace.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with a header row, columns separated by two spaces and padded to their
 * widest cell; numbers align right. No borders, so it stays readable when piped to a file.
 *
 * <p>Cells hold what users sent (flow ids, actor ids), so each is made safe to print: control
 * characters are escaped ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}, …) so that a value
 * can neither forge table lines nor send escape sequences to the terminal, and a cell longer than
 * {@link #MAX_CELL} characters is cut with {@code …}, so that one huge value does not make every
 * line that wide.
 */
public final class Table {
  /** Characters (code points) a cell shows at most, the {@code …} included. */
  public static final int MAX_CELL = 64;

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
      row[i] = cells[i] == null ? "" : cell(String.valueOf(cells[i]));
    }
    rows.add(row);
    return this;
  }

  /** The text as a cell shows it: control characters escaped, cut to {@link #MAX_CELL}. */
  public static String cell(String text) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String piece = printable(cp);
      int width = piece.codePointCount(0, piece.length());
      if (shown + width > MAX_CELL - 1 && i + Character.charCount(cp) < text.length()) {
        return sb.append('…').toString();
      }
      if (shown + width > MAX_CELL) {
        return sb.append('…').toString();
      }
      sb.append(piece);
      shown += width;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static String printable(int cp) {
    switch (cp) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        // C0, DEL and C1 controls, and the bidirectional overrides that reorder what follows.
        if (Character.isISOControl(cp) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
          return String.format("\\u%04x", cp);
        }
        return new String(Character.toChars(cp));
    }
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
