package com.voiceagent.analyst;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./voice export [--out DIR] [--since 7d] [--format parquet|jsonl]}: the tables for DuckDB and pandas. */
final class ExportCommand implements Analyst.Command {
  static final String DEFAULT_DIR = "export";
  private final Map<String, String> env;
  private final PrintStream out;

  ExportCommand(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  @Override
  public String usage() {
    return """
        Usage: ./voice export [--out DIR] [--since D] [--format parquet|jsonl] [--all] [--kafka HOST:PORT]
          Writes the tables calls, turns and whatsapp_messages as DIR/<table>.parquet (or .jsonl, one JSON
          object per line), which DuckDB, pandas and Spark read directly. Columns: docs/analytics.md.
          --out DIR      where to write (default ./export; created if missing, the tables' files replaced)
          --since D      only calls and messages of the last D (90s, 15m, 2h, 7d); default all the topics keep
          --format F     parquet (default) or jsonl
          --all          include the warm-up calls of ./voice up
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("out", "since", "format", "kafka"), Set.of("all"));
    if (!parsed.positional().isEmpty()) {
      throw new IllegalArgumentException("unexpected argument '" + parsed.positional().getFirst() + "'");
    }
    ExportTables.ExportFormat format = ExportTables.ExportFormat.of(parsed.value("format") == null ? "parquet" : parsed.value("format"));
    Path dir = Path.of(parsed.value("out") == null ? DEFAULT_DIR : parsed.value("out"));
    Instant since = Calls.since(parsed.duration("since"), Clock.systemUTC());
    Archive archive = Calls.read(Broker.address(parsed.value("kafka"), env), since, key -> true);
    List<Conversation> calls = Calls.conversations(archive, since, parsed.has("all"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new Analyst.CommandFailed("cannot create " + dir + ": " + e.getMessage(), e);
    }
    try (Connection db = DuckDb.inMemory()) {
      ExportTables.fill(db, calls, archive);
      ExportTables.write(db, dir, format);
    } catch (SQLException e) {
      throw new Analyst.CommandFailed("the export failed: " + e.getMessage(), e);
    }
    int turns = calls.stream().mapToInt(c -> c.turns().size()).sum();
    int messages = archive.whatsappInbound.size() + archive.textReplies.size() + archive.whatsappStatus.size();
    out.printf("exported %d calls, %d turns, %d WhatsApp messages to %s (%s)%n", calls.size(), turns, messages,
        dir.toAbsolutePath(), String.join(", ", ExportTables.ALL.stream().map(t -> t.name() + format.extension()).toList()));
    if (archive.unreadable > 0) {
      out.printf("%d records could not be read and were left out%n", archive.unreadable);
    }
    return 0;
  }
}
