package com.voiceagent.whatsapp.kafka;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbound_outbox table: webhook events kept in PostgreSQL until the broker has them. A webhook adds its
 * event inside the transaction that records the message or status, so either both exist or neither does;
 * {@link InboundOutboxRelay} publishes them.
 */
@Repository
public class InboundOutbox {
  /** The topics whose events go through this table, by name. */
  private static final Map<String, TopicSpec<?>> TOPICS = Map.of(
      Topics.WHATSAPP_INBOUND.name(), Topics.WHATSAPP_INBOUND, Topics.WHATSAPP_STATUS.name(), Topics.WHATSAPP_STATUS);

  /** A claimed row, decoded: the relay publishes {@code event} to {@code topic}. */
  record Claimed(long id, int claims, TopicSpec<?> topic, SpecificRecord event) {}

  /** Published (in Spring) when an event was kept; the relay wakes once the transaction has committed. */
  record EventKept() {}

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  InboundOutbox(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
  }

  /** Keeps an inbound message for Kafka; call it in the transaction that inserts the message. */
  public void add(WhatsAppInbound message) {
    insert(Topics.WHATSAPP_INBOUND, message);
  }

  /** Keeps a status callback for Kafka; call it in the transaction that stores the status. */
  public void add(WhatsAppStatus status) {
    insert(Topics.WHATSAPP_STATUS, status);
  }

  private <V extends SpecificRecord> void insert(TopicSpec<V> topic, V event) {
    jdbc.sql("insert into inbound_outbox (topic, event_key, payload, created_at) values (?, ?, ?, ?)")
        .params(topic.name(), topic.keyOf(event), topic.serde().serialize(topic.name(), event), Timestamp.from(clock.instant()))
        .update();
    events.publishEvent(new EventKept());
  }

  /**
   * Claims up to {@code limit} unpublished rows whose lease (if any) has run out, oldest first; SKIP LOCKED lets
   * several instances' relays share the table without taking the same row.
   */
  List<Claimed> claim(Duration lease, int limit) {
    Instant now = clock.instant();
    return jdbc.sql("""
        update inbound_outbox set claims = claims + 1, lease_until = ?
        where id in (select id from inbound_outbox
                     where published_at is null and (lease_until is null or lease_until <= ?)
                     order by id limit ? for update skip locked)
        returning id, claims, topic, payload""")
        .params(Timestamp.from(now.plus(lease)), Timestamp.from(now), limit)
        .query((rs, n) -> decode(rs.getLong("id"), rs.getInt("claims"), rs.getString("topic"), rs.getBytes("payload")))
        .list().stream().sorted(Comparator.comparingLong(Claimed::id)).toList(); // RETURNING keeps no order
  }

  private static Claimed decode(long id, int claims, String topicName, byte[] payload) {
    TopicSpec<?> topic = Optional.ofNullable(TOPICS.get(topicName))
        .orElseThrow(() -> new IllegalStateException("inbound_outbox row " + id + " names an unknown topic " + topicName));
    return new Claimed(id, claims, topic, topic.serde().deserialize(topicName, payload));
  }

  /** The broker has it: fenced by the claim, so only the relay that owns the row marks it. */
  boolean markPublished(Claimed row) {
    return jdbc.sql("update inbound_outbox set published_at = ?, lease_until = null where id = ? and claims = ? and published_at is null")
        .params(Timestamp.from(clock.instant()), row.id(), row.claims()).update() == 1;
  }

  /** The producer gave up on it (so it will not arrive later): the next pass may publish it again at once. */
  void release(Claimed row) {
    jdbc.sql("update inbound_outbox set lease_until = null where id = ? and claims = ? and published_at is null")
        .params(row.id(), row.claims()).update();
  }
}
