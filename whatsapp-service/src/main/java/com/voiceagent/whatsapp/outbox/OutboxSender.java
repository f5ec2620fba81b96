package com.voiceagent.whatsapp.outbox;

import com.voiceagent.platform.CallContext;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.provider.ProviderException;
import com.voiceagent.whatsapp.provider.SentMessage;
import com.voiceagent.whatsapp.provider.WhatsAppProvider;
import com.voiceagent.whatsapp.metrics.WhatsAppMetrics;
import com.voiceagent.whatsapp.status.MessageStatuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a claimed outbox row through the provider and records the outcome: sent (SID, status), failed
 * (the provider refused it: retrying cannot help), or pending again with backoff (transient failure).
 *
 * <p>A row in doubt (an earlier sender died mid-attempt, so Twilio may already have the message) is
 * reconciled first: if the provider has a matching message that no other row owns, the row is completed
 * with it and nothing is sent; if it has none, the row is sent; if the provider cannot answer, the row
 * waits (pending) and is asked about again later. It is never sent blindly, which would risk a duplicate.
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
  private final WhatsAppMetrics metrics;

  OutboxSender(Outbox outbox, WhatsAppProvider provider, MessageStatuses statuses, WhatsAppProperties properties, Clock clock,
      WhatsAppMetrics metrics) {
    this.metrics = metrics;
    this.outbox = outbox;
    this.provider = provider;
    this.statuses = statuses;
    this.settings = properties.outbox();
    this.clock = clock;
  }

  /** Sends a row this instance has claimed (state 'sending'), after reconciling it if it is in doubt. */
  public Attempt send(OutboxRow claimed) {
    Attempt attempt = attempt(claimed);
    metrics.outbound(attempt.row().state());
    return attempt;
  }

  private Attempt attempt(OutboxRow claimed) {
    try (var ignored = CallContext.open(claimed.to())) {
      if (claimed.inDoubt()) {
        Optional<Attempt> settled = reconcile(claimed);
        if (settled.isPresent()) {
          return settled.get();
        }
      }
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

  /**
   * Asks the provider whether an earlier attempt got through. Returns the settled attempt (found, or the
   * lookup failed and the row waits), or empty when the provider has no such message and it must be sent.
   */
  private Optional<Attempt> reconcile(OutboxRow claimed) {
    Instant notBefore = claimed.inDoubtSince().minus(settings.reconcileSkew());
    List<SentMessage> found;
    try {
      found = provider.findSent(claimed.message(), notBefore);
    } catch (ProviderException e) {
      // Not knowing is not "not sent": sending now could duplicate the message. Wait and ask again.
      Instant now = clock.instant();
      Duration delay = backoff(claimed.attempts());
      log.warn("outbox {} in doubt since {}: cannot look it up at the provider ({}), asking again in {}; nothing sent",
          claimed.id(), claimed.inDoubtSince(), e.getMessage(), delay);
      OutboxRow row = outbox.retryLater(claimed.id(), now.plus(delay), e.code(), "lookup failed: " + e.getMessage(), now);
      return Optional.of(new Attempt(row, Optional.of(e)));
    }
    // An identical message to the same customer that another row already owns is not this row's.
    Optional<SentMessage> ours = found.stream().filter(m -> outbox.bySid(m.sid()).isEmpty()).findFirst();
    if (ours.isEmpty()) {
      log.info("outbox {} in doubt since {}: the provider has no such message ({} owned by other rows), sending it",
          claimed.id(), claimed.inDoubtSince(), found.size());
      return Optional.empty();
    }
    SentMessage sent = ours.get();
    Instant now = clock.instant();
    OutboxRow row = outbox.markSent(claimed.id(), sent.sid(), sent.status(), now);
    statuses.advance(sent.sid(), sent.status(), null, now);
    log.info("outbox {} was already accepted by the provider as {} ({}): recorded, not sent again", claimed.id(), sent.sid(), sent.status());
    return Optional.of(new Attempt(row, Optional.empty()));
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
