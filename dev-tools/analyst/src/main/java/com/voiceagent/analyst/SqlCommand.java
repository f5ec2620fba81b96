package com.voiceagent.analyst;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./voice sql [--in DIR] [--json] "SELECT ..."}: DuckDB SQL over an export's tables. */
final class SqlCommand implements Analyst.Command {
  /** Rows printed as a text table at most; --json prints them all. */
  static final int MAX_TEXT_ROWS = 1000;
  private final PrintStream out;

  SqlCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String usage() {
    return """
        Usage: ./voice sql [--in DIR] [--json] "SELECT ..."
          Runs DuckDB SQL over an export (./voice export): the tables calls, turns and whatsapp_messages are
          views over DIR/<table>.parquet (or .jsonl). Any DuckDB SQL works, e.g.
            ./voice sql "SELECT ended, count(*), median(latency_p50_ms) FROM calls GROUP BY ended"
          --in DIR   the export's folder (default ./export)
          --json     one JSON object per row instead of a text table
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("in"), Set.of("json"));
    if (parsed.positional().size() != 1) {
      throw new IllegalArgumentException("give the query as one argument, in quotes");
    }
    Path dir = Path.of(parsed.value("in") == null ? ExportCommand.DEFAULT_DIR : parsed.value("in"));
    try (Connection db = DuckDb.inMemory(); Statement sql = db.createStatement()) {
      int tables = 0;
      for (ExportTables.Table table : ExportTables.ALL) {
        Path parquet = dir.resolve(table.name() + ".parquet");
        Path jsonl = dir.resolve(table.name() + ".jsonl");
        if (Files.isRegularFile(parquet)) {
          sql.execute("CREATE VIEW " + table.name() + " AS SELECT * FROM read_parquet(" + ExportTables.quoted(parquet) + ")");
          tables++;
        } else if (Files.isRegularFile(jsonl)) {
          sql.execute("CREATE VIEW " + table.name() + " AS SELECT * FROM read_json(" + ExportTables.quoted(jsonl)
              + ", format = 'newline_delimited')");
          tables++;
        }
      }
      if (tables == 0) {
        throw new Analyst.CommandFailed("no export in " + dir.toAbsolutePath() + " (./voice export --out " + dir + " first)");
      }
      try (ResultSet rows = sql.executeQuery(parsed.positional().getFirst())) {
        if (parsed.has("json")) {
          printJson(rows);
        } else {
          printTable(rows);
        }
      }
    } catch (SQLException e) {
      throw new Analyst.CommandFailed(e.getMessage(), e);
    }
    return 0;
  }

  private void printJson(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    while (rows.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        Object value = rows.getObject(c);
        row.put(meta.getColumnLabel(c), value == null || value instanceof Number || value instanceof Boolean
            ? value : rows.getString(c));
      }
      out.println(Json.line(row));
    }
  }

  private void printTable(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int columns = meta.getColumnCount();
    List<String[]> lines = new ArrayList<>();
    String[] header = new String[columns];
    for (int c = 1; c <= columns; c++) {
      header[c - 1] = meta.getColumnLabel(c);
    }
    lines.add(header);
    int count = 0;
    boolean more = false;
    while (rows.next()) {
      if (count == MAX_TEXT_ROWS) {
        more = true;
        break;
      }
      String[] line = new String[columns];
      for (int c = 1; c <= columns; c++) {
        String value = rows.getString(c);
        line[c - 1] = value == null ? "NULL" : value;
      }
      lines.add(line);
      count++;
    }
    int[] widths = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        text.append(c == 0 ? "" : "  ").append(line[c]).append(" ".repeat(widths[c] - line[c].length()));
      }
      out.println(text.toString().stripTrailing());
    }
    out.printf("(%d row%s%s)%n", count, count == 1 ? "" : "s", more ? ", more not shown: add LIMIT or use --json" : "");
  }
}
