package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.MediaItem;
import com.voiceagent.events.WhatsAppInbound;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The inbound_message table. Inserting is idempotent by MessageSid. */
@Repository
public class InboundMessages {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  InboundMessages(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** @return true when the message was new, false when this MessageSid was already recorded */
  public boolean insert(WhatsAppInbound m) {
    List<Map<String, String>> media = m.getMedia().stream().map(InboundMessages::mediaJson).toList();
    int rows = jdbc.sql("""
        insert into inbound_message (message_sid, account_sid, messaging_service_sid, from_address, to_address, body,
          profile_name, wa_id, num_media, media, button_payload, button_text, latitude, longitude,
          original_replied_message_sid, params, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?)
        on conflict (message_sid) do nothing""")
        .params(m.getMessageSid(), m.getAccountSid(), m.getMessagingServiceSid(), m.getFrom(), m.getTo(), m.getBody(),
            m.getProfileName(), m.getWaId(), media.size(), json.writeValueAsString(media), m.getButtonPayload(),
            m.getButtonText(), m.getLatitude(), m.getLongitude(), m.getOriginalRepliedMessageSid(),
            json.writeValueAsString(m.getParams()), Timestamp.from(m.getEventTime()))
        .update();
    return rows == 1;
  }

  public boolean exists(String messageSid) {
    return jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(messageSid)
        .query(Integer.class).single() > 0;
  }

  /** When the customer last wrote to us: the start of their 24-hour window. */
  public Optional<Instant> lastReceivedFrom(String customer) {
    return jdbc.sql("select max(received_at) from inbound_message where from_address = ?").param(customer)
        .query(Timestamp.class).optional().map(Timestamp::toInstant);
  }

  public Optional<Map<String, Object>> find(String messageSid) {
    return jdbc.sql(SELECT + " where message_sid = ?").param(messageSid).query(InboundMessages::row).optional();
  }

  public List<Map<String, Object>> from(String customer, int limit) {
    return jdbc.sql(SELECT + " where from_address = ? order by received_at desc limit ?").params(customer, limit)
        .query(InboundMessages::row).list();
  }

  private static final String SELECT = """
      select message_sid, from_address, to_address, body, profile_name, wa_id, num_media, media::text as media,
        button_payload, button_text, latitude, longitude, original_replied_message_sid, params::text as params, received_at
      from inbound_message""";

  private static Map<String, Object> row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("direction", "inbound");
    row.put("sid", rs.getString("message_sid"));
    row.put("from", rs.getString("from_address"));
    row.put("to", rs.getString("to_address"));
    row.put("body", rs.getString("body"));
    row.put("profileName", rs.getString("profile_name"));
    row.put("waId", rs.getString("wa_id"));
    row.put("numMedia", rs.getInt("num_media"));
    row.put("media", new RawJson(rs.getString("media")));
    row.put("buttonPayload", rs.getString("button_payload"));
    row.put("buttonText", rs.getString("button_text"));
    row.put("latitude", rs.getString("latitude"));
    row.put("longitude", rs.getString("longitude"));
    row.put("originalRepliedMessageSid", rs.getString("original_replied_message_sid"));
    row.put("params", new RawJson(rs.getString("params")));
    row.put("time", rs.getTimestamp("received_at").toInstant().toString());
    return row;
  }

  private static Map<String, String> mediaJson(MediaItem item) {
    Map<String, String> media = new LinkedHashMap<>();
    media.put("url", item.getUrl());
    media.put("contentType", item.getContentType());
    return media;
  }
}
