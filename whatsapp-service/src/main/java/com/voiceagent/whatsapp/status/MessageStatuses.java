package com.voiceagent.whatsapp.status;

import com.voiceagent.events.WhatsAppStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Status history (status_event) and the current, never-backwards status (message_status). */
@Repository
public class MessageStatuses {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  MessageStatuses(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Stores a callback; idempotent, so the webhook and the Kafka archiver may both call it.
   *
   * @return true when this callback (message and status) was new
   */
  @Transactional
  public boolean record(WhatsAppStatus status) {
    int stored = jdbc.sql("""
        insert into status_event (message_sid, status, error_code, params, received_at) values (?, ?, ?, ?::jsonb, ?)
        on conflict (message_sid, status) do nothing""")
        .params(status.getMessageSid(), status.getStatus(), status.getErrorCode(), json.writeValueAsString(status.getParams()),
            Timestamp.from(status.getEventTime()))
        .update();
    advance(status.getMessageSid(), status.getStatus(), status.getErrorCode(), status.getEventTime());
    return stored == 1;
  }

  /** Moves the current status forward, never back (see {@link StatusRank}). */
  public void advance(String messageSid, String status, String errorCode, Instant at) {
    jdbc.sql("""
        insert into message_status (message_sid, status, status_rank, error_code, updated_at) values (?, ?, ?, ?, ?)
        on conflict (message_sid) do update set status = excluded.status, status_rank = excluded.status_rank,
          error_code = coalesce(excluded.error_code, message_status.error_code), updated_at = excluded.updated_at
        where excluded.status_rank > message_status.status_rank""")
        .params(messageSid, status, StatusRank.of(status), errorCode, Timestamp.from(at))
        .update();
  }

  public Optional<Map<String, Object>> current(String messageSid) {
    return jdbc.sql("select status, error_code, updated_at from message_status where message_sid = ?").param(messageSid)
        .query((rs, n) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("status", rs.getString("status"));
          row.put("errorCode", rs.getString("error_code"));
          row.put("updatedAt", rs.getTimestamp("updated_at").toInstant().toString());
          return row;
        }).optional();
  }

  public List<Map<String, Object>> history(String messageSid) {
    return jdbc.sql("select status, error_code, received_at from status_event where message_sid = ? order by received_at, id")
        .param(messageSid)
        .query((rs, n) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("status", rs.getString("status"));
          row.put("errorCode", rs.getString("error_code"));
          row.put("receivedAt", rs.getTimestamp("received_at").toInstant().toString());
          return (Map<String, Object>) row;
        }).list();
  }
}
