package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.MediaItem;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WhatsApp table, row by row, through DuckDB and back from the Parquet file it writes. */
class ExportTablesTest {
  private static final String CUSTOMER = "whatsapp:+972501234567";
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00.250Z");

  @TempDir Path dir;

  @Test
  void inboundMessagesRepliesAndDeliveryStatusesAreRowsOfWhatsAppMessages() throws Exception {
    Archive archive = new Archive();
    archive.whatsappInbound.add(WhatsAppInbound.newBuilder().setConversationId(CUSTOMER).setProducer("wa").setEventTime(AT)
        .setMessageSid("SM1").setFrom(CUSTOMER).setTo("whatsapp:+97233720000").setBody("מתי אתם פתוחים?")
        .setMedia(List.of(MediaItem.newBuilder().setUrl("https://example.com/a.jpg").build())).build());
    archive.textReplies.add(TextReply.newBuilder().setConversationId(CUSTOMER).setProducer("dialog")
        .setEventTime(AT.plusSeconds(1)).setInReplyTo("SM1").setText("עד שבע.").setEngine("scripted").build());
    archive.whatsappStatus.add(WhatsAppStatus.newBuilder().setConversationId(CUSTOMER).setProducer("wa")
        .setEventTime(AT.plusSeconds(2)).setMessageSid("SM2").setStatus("delivered").build());

    try (Connection db = DuckDb.inMemory()) {
      ExportTables.fill(db, List.of(), archive);
      ExportTables.write(db, dir, ExportTables.ExportFormat.PARQUET);
    }

    assertThat(dir.resolve("whatsapp_messages.parquet")).isRegularFile();
    List<String> rows = new ArrayList<>();
    try (Connection db = DuckDb.inMemory(); Statement sql = db.createStatement();
        ResultSet r = sql.executeQuery("SELECT * FROM read_parquet(" + ExportTables.quoted(dir.resolve("whatsapp_messages.parquet"))
            + ") ORDER BY sent_at")) {
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (String column : ExportTables.WHATSAPP_MESSAGES.columnNames()) {
          row.add(column + "=" + r.getString(column));
        }
        rows.add(String.join(" ", row));
      }
    }
    assertThat(rows).containsExactly(
        "conversation_id=" + CUSTOMER + " direction=inbound sent_at=2026-12-01 10:00:00.25 message_sid=SM1 in_reply_to=null"
            + " body=מתי אתם פתוחים? status=null engine=null media_count=1",
        "conversation_id=" + CUSTOMER + " direction=outbound sent_at=2026-12-01 10:00:01.25 message_sid=null in_reply_to=SM1"
            + " body=עד שבע. status=null engine=scripted media_count=0",
        "conversation_id=" + CUSTOMER + " direction=status sent_at=2026-12-01 10:00:02.25 message_sid=SM2 in_reply_to=null"
            + " body=null status=delivered engine=null media_count=0");
    assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("calls.parquet", "turns.parquet", "whatsapp_messages.parquet");
  }
}
