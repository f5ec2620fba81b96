package com.voiceagent.whatsapp.kafka;

import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.database.RelayThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes the webhooks' events kept in {@link InboundOutbox}, in order, on every instance (claims keep two
 * relays off the same row). A webhook wakes it right after its transaction, so a message normally reaches
 * Kafka within milliseconds; the periodic pass catches up after the broker was away.
 *
 * <p>No double publish: a row is marked published only by the relay whose claim is current (fenced by the
 * claim count), the lease outlives the producer's longest wait for an acknowledgement, and the producer is
 * idempotent (its own retries are never duplicated). Only when a relay dies between the broker's
 * acknowledgement and the mark is a row published again after its lease; consumers treat the MessageSid as
 * the identity (dialog-service answers once per MessageSid, the reply outbox is keyed by it).
 */
@Component
class InboundOutboxRelay extends RelayThread {
  private static final Logger log = LoggerFactory.getLogger(InboundOutboxRelay.class);
  private static final int BATCH = 100;

  private final InboundOutbox outbox;
  private final EventPublisher publisher;
  private final WhatsAppProperties properties;

  InboundOutboxRelay(InboundOutbox outbox, EventPublisher publisher, WhatsAppProperties properties) {
    super("inbound-outbox-relay", properties.events().relayInterval());
    this.outbox = outbox;
    this.publisher = publisher;
    this.properties = properties;
  }

  /** A webhook's transaction committed an event: a pass now. */
  @TransactionalEventListener(fallbackExecution = true)
  void eventKept(InboundOutbox.EventKept kept) {
    wake();
  }

  @Override
  protected void pass() {
    while (relayOnce() == BATCH) {
      // a full batch: there may be more waiting
    }
  }

  /** One batch: claim, publish in order until the broker refuses one, mark what it acknowledged. */
  int relayOnce() {
    List<InboundOutbox.Claimed> claimed;
    try {
      claimed = outbox.claim(properties.events().lease(), BATCH);
    } catch (DataAccessException e) {
      log.warn("inbound outbox relay cannot read its table (database down?): {}", e.getMostSpecificCause().toString());
      return 0;
    }
    List<CompletableFuture<?>> sent = new ArrayList<>();
    boolean brokerRefused = false;
    for (InboundOutbox.Claimed row : claimed) {
      if (brokerRefused) {
        outbox.release(row);
        continue;
      }
      CompletableFuture<?> future = publish(row.topic(), row.event());
      if (future.isCompletedExceptionally()) {
        // The producer could not even take it (no broker within max.block.ms): later rows would wait as long each.
        brokerRefused = true;
      }
      sent.add(future);
    }
    long deadline = System.nanoTime() + properties.kafkaAckTimeout().toNanos();
    int published = 0;
    for (int i = 0; i < sent.size(); i++) {
      InboundOutbox.Claimed row = claimed.get(i);
      try {
        sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (outbox.markPublished(row)) {
          published++;
        } else {
          log.warn("inbound outbox {} published, but its claim {} was taken over meanwhile", row.id(), row.claims());
        }
      } catch (ExecutionException e) {
        // The producer gave up on this record: it will not arrive later, so it may be published again at once.
        outbox.release(row);
        log.warn("inbound outbox {} not published, will try again: {}", row.id(), e.getCause() == null ? e : e.getCause().toString());
      } catch (TimeoutException e) {
        // It may still arrive: the row stays claimed until its lease runs out, then it is published again.
        log.warn("inbound outbox {} not acknowledged within {}, kept until its lease runs out", row.id(), properties.kafkaAckTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      }
    }
    if (published > 0) {
      log.info("inbound outbox: {} event(s) published", published);
    }
    return claimed.size();
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> CompletableFuture<?> publish(TopicSpec<V> topic, SpecificRecord event) {
    try {
      return publisher.publish(topic, (V) event);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized void start() {
    super.start();
    wake(); // what an earlier run left unpublished
  }
}
