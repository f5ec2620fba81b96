package com.voiceagent.whatsapp.outbox;

import com.voiceagent.platform.CallContext;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.provider.ProviderException;
import com.voiceagent.whatsapp.provider.SentMessage;
import com.voiceagent.whatsapp.provider.WhatsAppProvider;
import com.voiceagent.whatsapp.status.MessageStatuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a claimed outbox row through the provider and records the outcome: sent (SID, status), failed
 * (the provider refused it: retrying cannot help), or pending again with backoff (transient failure).
 */
@Component
public class OutboxSender {
  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  /** The row after the attempt, and the provider's error if it failed. */
  public record Attempt(OutboxRow row, Optional<ProviderException> error) {}

  private final Outbox outbox;
  private final WhatsAppProvider provider;
  private final MessageStatuses statuses;
  private final WhatsAppProperties.Outbox settings;
  private final Clock clock;

  OutboxSender(Outbox outbox, WhatsAppProvider provider, MessageStatuses statuses, WhatsAppProperties properties, Clock clock) {
    this.outbox = outbox;
    this.provider = provider;
    this.statuses = statuses;
    this.settings = properties.outbox();
    this.clock = clock;
  }

  /** Sends a row this instance has claimed (state 'sending'). */
  public Attempt send(OutboxRow claimed) {
    try (var ignored = CallContext.open(claimed.to())) {
      try {
        SentMessage sent = provider.send(claimed.message());
        Instant now = clock.instant();
        OutboxRow row = outbox.markSent(claimed.id(), sent.sid(), sent.status(), now);
        // The initial status gets no callback from Twilio; record it so the current status is never empty.
        statuses.advance(sent.sid(), sent.status(), null, now);
        log.info("outbox {} sent as {} ({}), attempt {}", claimed.id(), sent.sid(), sent.status(), claimed.attempts());
        return new Attempt(row, Optional.empty());
      } catch (ProviderException e) {
        return new Attempt(recordFailure(claimed, e), Optional.of(e));
      }
    }
  }

  private OutboxRow recordFailure(OutboxRow claimed, ProviderException e) {
    Instant now = clock.instant();
    if (e.kind() != ProviderException.Kind.TRANSIENT) {
      log.warn("outbox {} failed for good ({}, code {}): {}", claimed.id(), e.kind(), e.code(), e.getMessage());
      return outbox.markFailed(claimed.id(), e.code(), e.getMessage(), now);
    }
    if (claimed.attempts() >= settings.maxAttempts()) {
      log.error("outbox {} failed after {} attempts, giving up: {}", claimed.id(), claimed.attempts(), e.getMessage());
      return outbox.markFailed(claimed.id(), e.code(), "gave up after " + claimed.attempts() + " attempts: " + e.getMessage(), now);
    }
    Duration delay = backoff(claimed.attempts());
    log.warn("outbox {} attempt {} failed ({}), retrying in {}", claimed.id(), claimed.attempts(), e.getMessage(), delay);
    return outbox.retryLater(claimed.id(), now.plus(delay), e.code(), e.getMessage(), now);
  }

  /** backoff, 2x backoff, 4x backoff ... capped at maxBackoff. */
  Duration backoff(int attempts) {
    Duration delay = settings.backoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
    return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
  }
}
