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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
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

  /**
   * What one attempt came to.
   *
   * @param row the row as the attempt left it; as claimed when the outcome could not be recorded
   * @param accepted the provider's message, when it took the message (or already had it)
   * @param error the provider's refusal or failure
   * @param recorded whether the outcome is in the row; false when the database failed or the claim was
   *     taken over meanwhile (fenced): the row's next owner then settles it, looking the message up first
   */
  public record Attempt(OutboxRow row, Optional<SentMessage> accepted, Optional<ProviderException> error, boolean recorded) {}

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
      SentMessage sent;
      try {
        sent = provider.send(claimed.message());
      } catch (ProviderException e) {
        return recordFailure(claimed, e);
      }
      return recordAccepted(claimed, sent, "sent");
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
      return Optional.of(complete(claimed, e,
          () -> outbox.retryLater(claimed, now.plus(delay), e.code(), "lookup failed: " + e.getMessage(), now)));
    }
    // An identical message to the same customer that another row already owns is not this row's.
    Optional<SentMessage> ours = found.stream().filter(m -> outbox.bySid(m.sid()).isEmpty()).findFirst();
    if (ours.isEmpty()) {
      log.info("outbox {} in doubt since {}: the provider has no such message ({} owned by other rows), sending it",
          claimed.id(), claimed.inDoubtSince(), found.size());
      return Optional.empty();
    }
    return Optional.of(recordAccepted(claimed, ours.get(), "was already accepted by the provider: recorded, not sent again"));
  }

  /**
   * The provider has the message: complete the row with it. Whatever happens to that update, the message
   * was accepted, and the attempt says so; a row left unrecorded is settled by its next owner's lookup.
   */
  private Attempt recordAccepted(OutboxRow claimed, SentMessage sent, String how) {
    Instant now = clock.instant();
    try {
      Optional<OutboxRow> row = outbox.markSent(claimed, sent.sid(), sent.status(), now);
      // The initial status gets no callback from Twilio; record it so the current status is never empty.
      statuses.advance(sent.sid(), sent.status(), null, now);
      if (row.isEmpty()) {
        log.warn("outbox {} accepted by the provider as {}, but attempt {} no longer owns the row (taken over): left to its "
            + "new owner, who finds the message at the provider", claimed.id(), sent.sid(), claimed.attempts());
        return new Attempt(claimed, Optional.of(sent), Optional.empty(), false);
      }
      log.info("outbox {} {} as {} ({}), attempt {}", claimed.id(), how, sent.sid(), sent.status(), claimed.attempts());
      return new Attempt(row.get(), Optional.of(sent), Optional.empty(), true);
    } catch (DataAccessException e) {
      log.error("outbox {} accepted by the provider as {} but not recorded ({}): after the lease the relay finds it at the "
          + "provider and records it, without sending it again", claimed.id(), sent.sid(), e.getMostSpecificCause().toString());
      return new Attempt(claimed, Optional.of(sent), Optional.empty(), false);
    }
  }

  private Attempt recordFailure(OutboxRow claimed, ProviderException e) {
    Instant now = clock.instant();
    if (e.kind() != ProviderException.Kind.TRANSIENT) {
      log.warn("outbox {} failed for good ({}, code {}): {}", claimed.id(), e.kind(), e.code(), e.getMessage());
      return complete(claimed, e, () -> outbox.markFailed(claimed, e.code(), e.getMessage(), now));
    }
    if (claimed.attempts() >= settings.maxAttempts()) {
      log.error("outbox {} failed after {} attempts, giving up: {}", claimed.id(), claimed.attempts(), e.getMessage());
      return complete(claimed, e,
          () -> outbox.markFailed(claimed, e.code(), "gave up after " + claimed.attempts() + " attempts: " + e.getMessage(), now));
    }
    Duration delay = backoff(claimed.attempts());
    log.warn("outbox {} attempt {} failed ({}), retrying in {}", claimed.id(), claimed.attempts(), e.getMessage(), delay);
    return complete(claimed, e, () -> outbox.retryLater(claimed, now.plus(delay), e.code(), e.getMessage(), now));
  }

  /** Runs a fenced completing update; a lost claim or a failed database leaves the row to its next owner. */
  private Attempt complete(OutboxRow claimed, ProviderException error, Supplier<Optional<OutboxRow>> update) {
    try {
      Optional<OutboxRow> row = update.get();
      if (row.isEmpty()) {
        log.warn("outbox {}: attempt {} no longer owns the row (taken over), its outcome is left to the new owner",
            claimed.id(), claimed.attempts());
      }
      return new Attempt(row.orElse(claimed), Optional.empty(), Optional.of(error), row.isPresent());
    } catch (DataAccessException e) {
      log.error("outbox {}: the outcome of attempt {} could not be recorded ({}); the relay takes the row over after its lease",
          claimed.id(), claimed.attempts(), e.getMostSpecificCause().toString());
      return new Attempt(claimed, Optional.empty(), Optional.of(error), false);
    }
  }

  /** backoff, 2x backoff, 4x backoff ... capped at maxBackoff. */
  Duration backoff(int attempts) {
    Duration delay = settings.backoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
    return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
  }
}
