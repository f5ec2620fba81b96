package com.voiceagent.whatsapp.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbound_message table. Every state change is one conditional UPDATE, so two instances (or a
 * restarted one) can never both own a row: a row is owned by whoever moved it to 'sending', until its
 * lease expires. Completing updates are fenced by the claim ({@code attempts} and state 'sending'): a
 * sender whose row was taken over in the meantime changes nothing and is told so (an empty result).
 */
@Repository
public class Outbox {
  private final JdbcClient jdbc;

  Outbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new row (already claimed by the caller), or the existing one when the idempotency key was used before. */
  public record Added(OutboxRow row, boolean created) {}

  /**
   * Records a message to send, already claimed ('sending', attempt 1, leased) by the caller, who sends it
   * at once. Inserting it claimed keeps the relay away from it; if the caller dies before completing it,
   * the lease expires and the relay sends it.
   */
  public Added add(String idempotencyKey, String to, String from, String body, String contentSid, String contentVariables,
      String statusCallback, String inReplyTo, Instant now, Duration lease) {
    Optional<Long> id = jdbc.sql("""
        insert into outbound_message (idempotency_key, to_address, from_address, body, content_sid, content_variables,
          status_callback, in_reply_to, state, attempts, lease_until, next_attempt_at, created_at, updated_at, attempt_started_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, 'sending', 1, ?, ?, ?, ?, ?)
        on conflict (idempotency_key) do nothing returning id""")
        .params(idempotencyKey, to, from, body, contentSid, contentVariables, statusCallback, inReplyTo,
            ts(now.plus(lease)), ts(now), ts(now), ts(now), ts(now))
        .query(Long.class).optional();
    return id.map(value -> new Added(byId(value).orElseThrow(), true))
        .orElseGet(() -> new Added(byKey(idempotencyKey).orElseThrow(), false));
  }

  /**
   * Claims up to {@code limit} due rows; SKIP LOCKED lets several relays share the table. A row taken
   * over from 'sending' (its sender died mid-attempt) becomes in doubt since that attempt started: the
   * dead sender may have reached Twilio. (On the right of SET, columns are their values before the update.)
   */
  public List<OutboxRow> claimDue(Instant now, Duration lease, int limit) {
    return jdbc.sql("""
        update outbound_message set state = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ?,
          in_doubt_since = case when state = 'sending' then coalesce(in_doubt_since, attempt_started_at, updated_at)
                                else in_doubt_since end,
          attempt_started_at = ?
        where id in (select id from outbound_message
                     where (state = 'pending' and next_attempt_at <= ?) or (state = 'sending' and lease_until <= ?)
                     order by id limit ? for update skip locked)
        returning *""")
        .params(ts(now.plus(lease)), ts(now), ts(now), ts(now), ts(now), limit)
        .query(Outbox::row).list();
  }

  /** Completes a claim as sent; empty when the claim is no longer this sender's (fenced). */
  public Optional<OutboxRow> markSent(OutboxRow claimed, String messageSid, String status, Instant now) {
    return jdbc.sql("""
        update outbound_message set state = 'sent', message_sid = ?, twilio_status = ?, lease_until = null,
          in_doubt_since = null, error_code = null, error_message = null, updated_at = ?
        where id = ? and attempts = ? and state = 'sending' returning *""")
        .params(messageSid, status, ts(now), claimed.id(), claimed.attempts()).query(Outbox::row).optional();
  }

  /** Completes a claim as failed for good; empty when the claim is no longer this sender's (fenced). */
  public Optional<OutboxRow> markFailed(OutboxRow claimed, Integer code, String message, Instant now) {
    return jdbc.sql("""
        update outbound_message set state = 'failed', lease_until = null, in_doubt_since = null, error_code = ?, error_message = ?, updated_at = ?
        where id = ? and attempts = ? and state = 'sending' returning *""")
        .params(code, message, ts(now), claimed.id(), claimed.attempts()).query(Outbox::row).optional();
  }

  /**
   * Back to pending after a transient failure; the relay tries again at {@code nextAttemptAt}. The row is
   * in doubt from then on: a timeout or a 5xx does not prove Twilio did not create the message, so the
   * next attempt looks it up first. Empty when the claim is no longer this sender's (fenced).
   */
  public Optional<OutboxRow> retryLater(OutboxRow claimed, Instant nextAttemptAt, Integer code, String message, Instant now) {
    return jdbc.sql("""
        update outbound_message set state = 'pending', lease_until = null, next_attempt_at = ?, error_code = ?,
          error_message = ?, updated_at = ?, in_doubt_since = coalesce(in_doubt_since, attempt_started_at, updated_at)
        where id = ? and attempts = ? and state = 'sending' returning *""")
        .params(ts(nextAttemptAt), code, message, ts(now), claimed.id(), claimed.attempts()).query(Outbox::row).optional();
  }

  public Optional<OutboxRow> byId(long id) {
    return jdbc.sql("select * from outbound_message where id = ?").param(id).query(Outbox::row).optional();
  }

  public Optional<OutboxRow> byKey(String key) {
    return jdbc.sql("select * from outbound_message where idempotency_key = ?").param(key).query(Outbox::row).optional();
  }

  public Optional<OutboxRow> bySid(String messageSid) {
    return jdbc.sql("select * from outbound_message where message_sid = ?").param(messageSid).query(Outbox::row).optional();
  }

  public List<OutboxRow> to(String customer, int limit) {
    return jdbc.sql("select * from outbound_message where to_address = ? order by created_at desc, id desc limit ?")
        .params(customer, limit).query(Outbox::row).list();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static OutboxRow row(ResultSet rs, int n) throws SQLException {
    int code = rs.getInt("error_code");
    Integer errorCode = rs.wasNull() ? null : code;
    return new OutboxRow(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("to_address"),
        rs.getString("from_address"), rs.getString("body"), rs.getString("content_sid"), rs.getString("content_variables"),
        rs.getString("status_callback"), rs.getString("in_reply_to"), rs.getString("state"), rs.getInt("attempts"),
        instant(rs, "next_attempt_at"), instant(rs, "lease_until"), rs.getString("message_sid"), rs.getString("twilio_status"),
        errorCode, rs.getString("error_message"), instant(rs, "created_at"), instant(rs, "attempt_started_at"),
        instant(rs, "in_doubt_since"));
  }
}
