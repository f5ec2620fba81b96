package com.voiceagent.analyst;

import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The export's tables, declared once: their columns (docs/analytics.md describes each), how a conversation
 * or a WhatsApp record becomes a row, and how a table is written out. Rows go into an in-memory DuckDB and
 * DuckDB's COPY writes the files, so the Parquet is DuckDB's own writer's, read back by DuckDB, pandas and
 * Spark alike. Times are TIMESTAMP in UTC.
 */
final class ExportTables {
  /** One table: its name and its columns as DuckDB declares them. */
  record Table(String name, List<String> columns) {
    String ddl() {
      return "CREATE TABLE " + name + " (" + String.join(", ", columns) + ")";
    }

    /** The column names, without their types. */
    List<String> columnNames() {
      return columns.stream().map(c -> c.substring(0, c.indexOf(' '))).toList();
    }

    String insert() {
      String[] marks = new String[columns.size()];
      for (int i = 0; i < marks.length; i++) {
        marks[i] = columns.get(i).contains(" TIMESTAMP") ? "CAST(? AS TIMESTAMP)" : "?";
      }
      return "INSERT INTO " + name + " VALUES (" + String.join(", ", marks) + ")";
    }
  }

  static final Table CALLS = new Table("calls", List.of(
      "call_sid VARCHAR", "started_at TIMESTAMP", "duration_ms BIGINT", "turns INTEGER", "barge_ins INTEGER",
      "fallbacks INTEGER", "latency_p50_ms BIGINT", "latency_p95_ms BIGINT", "ended VARCHAR", "warm_up BOOLEAN",
      "caller_talk_ms BIGINT", "agent_talk_ms BIGINT", "talk_listen_ratio DOUBLE", "dead_air_ms BIGINT"));

  static final Table TURNS = new Table("turns", List.of(
      "call_sid VARCHAR", "turn INTEGER", "caller_text VARCHAR", "transcript_status VARCHAR", "reply_text VARCHAR",
      "reply_kind VARCHAR", "heard_text VARCHAR", "interrupted BOOLEAN", "fallback BOOLEAN", "latency_ms BIGINT",
      "gateway_ms BIGINT", "stt_ms BIGINT", "dialog_ms BIGINT", "tts_ms BIGINT", "playback_ms BIGINT",
      "stt_engine VARCHAR", "dialog_engine VARCHAR", "tts_engine VARCHAR", "caller_start_ms BIGINT",
      "caller_end_ms BIGINT", "agent_start_ms BIGINT", "agent_end_ms BIGINT"));

  static final Table WHATSAPP_MESSAGES = new Table("whatsapp_messages", List.of(
      "conversation_id VARCHAR", "direction VARCHAR", "sent_at TIMESTAMP", "message_sid VARCHAR", "in_reply_to VARCHAR",
      "body VARCHAR", "status VARCHAR", "engine VARCHAR", "media_count INTEGER"));

  static final List<Table> ALL = List.of(CALLS, TURNS, WHATSAPP_MESSAGES);

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private ExportTables() {}

  /** Creates the tables in {@code db} and fills them. */
  static void fill(Connection db, List<Conversation> calls, Archive archive) throws SQLException {
    try (Statement create = db.createStatement()) {
      for (Table table : ALL) {
        create.execute(table.ddl());
      }
    }
    try (PreparedStatement call = db.prepareStatement(CALLS.insert());
        PreparedStatement turn = db.prepareStatement(TURNS.insert())) {
      for (Conversation c : calls) {
        CallView v = c.view(java.time.Instant.now());
        CallSummary s = c.summary();
        row(call, v.callSid(), time(c.startedAt()), v.durationMs(), v.turns().size(), v.bargeIns(), v.fallbacks(),
            s.latencyP50Ms(), s.latencyP95Ms(), v.ended(), v.warmUp(), v.callerTalkMs(), v.agentTalkMs(),
            v.talkListenRatio(), v.silences().stream().mapToLong(CallView.Silence::durationMs).sum());
        for (TurnView t : v.turns()) {
          row(turn, v.callSid(), t.turn(), t.callerText(), t.transcriptStatus(), t.replyText(), t.replyKind(),
              t.heardText(), t.interrupted(), t.fallback(), t.latencyMs(), t.stageMs("gateway"), t.stageMs("stt"),
              t.stageMs("dialog"), t.stageMs("tts"), t.stageMs("playback"), t.stageEngine("stt"),
              t.stageEngine("dialog"), t.stageEngine("tts"), t.callerStartMs(), t.callerEndMs(), t.agentStartMs(),
              t.agentEndMs());
        }
      }
      call.executeBatch();
      turn.executeBatch();
    }
    try (PreparedStatement message = db.prepareStatement(WHATSAPP_MESSAGES.insert())) {
      for (WhatsAppInbound in : archive.whatsappInbound) {
        row(message, in.getConversationId(), "inbound", time(in.getEventTime()), in.getMessageSid(), null, in.getBody(),
            null, null, in.getMedia().size());
      }
      for (TextReply out : archive.textReplies) {
        row(message, out.getConversationId(), "outbound", time(out.getEventTime()), null, out.getInReplyTo(),
            out.getText(), null, out.getEngine(), 0);
      }
      for (WhatsAppStatus status : archive.whatsappStatus) {
        row(message, status.getConversationId(), "status", time(status.getEventTime()), status.getMessageSid(), null,
            null, status.getStatus(), null, 0);
      }
      message.executeBatch();
    }
  }

  /** Writes every table as DIR/&lt;table&gt;.parquet or DIR/&lt;table&gt;.jsonl (one JSON object per line). */
  static void write(Connection db, Path dir, ExportFormat format) throws SQLException {
    try (Statement copy = db.createStatement()) {
      for (Table table : ALL) {
        Path file = dir.resolve(table.name() + format.extension());
        copy.execute("COPY " + table.name() + " TO " + quoted(file) + " (FORMAT " + format.duckDbName() + ")");
      }
    }
  }

  /** A path as an SQL string literal. */
  static String quoted(Path file) {
    return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  private static String time(Instant instant) {
    return instant == null ? null : UTC.format(instant);
  }

  private static void row(PreparedStatement insert, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      insert.setObject(i + 1, values[i]);
    }
    insert.addBatch();
  }

  /** The formats of an export. */
  enum ExportFormat {
    PARQUET(".parquet", "parquet"),
    JSONL(".jsonl", "json");

    private final String extension;
    private final String duckDbName;

    ExportFormat(String extension, String duckDbName) {
      this.extension = extension;
      this.duckDbName = duckDbName;
    }

    String extension() {
      return extension;
    }

    String duckDbName() {
      return duckDbName;
    }

    static ExportFormat of(String text) {
      return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(text)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--format must be parquet or jsonl, was '" + text + "'"));
    }
  }
}
