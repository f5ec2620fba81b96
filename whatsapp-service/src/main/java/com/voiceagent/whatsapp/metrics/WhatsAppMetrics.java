package com.voiceagent.whatsapp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's traffic, counted where messages arrive and where the outbox sends them, and the outbox's backlog read
 * from its table when Prometheus scrapes. Tags are fixed words: never a phone number or a message SID.
 *
 * <ul>
 *   <li>{@value #MESSAGES}{direction,status}: {@code inbound} {@code received} (recorded), {@code rejected} (a webhook
 *       that is no message), {@code not_recorded} (Twilio is asked to retry); {@code outbound} with the outbox row's
 *       state after an attempt: {@code sent}, {@code failed} (for good), {@code pending} (retried later);</li>
 *   <li>{@value #OUTBOX_PENDING}: outbox rows not yet sent nor failed for good (pending or being sent).</li>
 * </ul>
 */
@Component
public class WhatsAppMetrics {
  public static final String MESSAGES = "whatsapp.messages";
  public static final String OUTBOX_PENDING = "whatsapp.outbox.pending";
  private static final Logger log = LoggerFactory.getLogger(WhatsAppMetrics.class);

  private final MeterRegistry registry;
  private final JdbcClient jdbc;

  public WhatsAppMetrics(MeterRegistry registry, JdbcClient jdbc) {
    this.registry = registry;
    this.jdbc = jdbc;
    Gauge.builder(OUTBOX_PENDING, this, WhatsAppMetrics::outboxPending)
        .description("Outbox rows waiting to be sent (pending or being sent)")
        .register(registry);
  }

  public void inbound(String status) {
    count("inbound", status);
  }

  public void outbound(String status) {
    count("outbound", status);
  }

  private void count(String direction, String status) {
    Counter.builder(MESSAGES).description("WhatsApp messages by direction and outcome")
        .tags("direction", direction, "status", status).register(registry).increment();
  }

  /** NaN while the database does not answer: Prometheus then shows a gap, not a false zero. */
  private double outboxPending() {
    try {
      Long pending = jdbc.sql("select count(*) from outbound_message where state in ('pending', 'sending')")
          .query(Long.class).single();
      return pending == null ? Double.NaN : pending;
    } catch (DataAccessException e) {
      log.debug("outbox backlog unknown: {}", e.getMessage());
      return Double.NaN;
    }
  }
}
