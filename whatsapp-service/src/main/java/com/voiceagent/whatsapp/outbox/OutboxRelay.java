package com.voiceagent.whatsapp.outbox;

import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.database.RelayThread;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends what is left in the outbox: rows whose immediate send failed transiently (after their backoff),
 * rows written just before a crash ('pending'), and rows whose sender died mid-send ('sending' with an
 * expired lease). Runs on every instance; row claiming makes them share the work without overlap.
 */
@Component
class OutboxRelay extends RelayThread {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 20;

  private final Outbox outbox;
  private final OutboxSender sender;
  private final WhatsAppProperties.Outbox settings;
  private final Clock clock;

  OutboxRelay(Outbox outbox, OutboxSender sender, WhatsAppProperties properties, Clock clock) {
    super("outbox-relay", properties.outbox().relayInterval());
    this.outbox = outbox;
    this.sender = sender;
    this.settings = properties.outbox();
    this.clock = clock;
  }

  @Override
  protected void pass() {
    relayOnce();
  }

  /** One pass: claim due rows and send them. */
  int relayOnce() {
    List<OutboxRow> due;
    try {
      due = outbox.claimDue(clock.instant(), settings.lease(), BATCH);
    } catch (RuntimeException e) {
      log.warn("outbox relay cannot read the outbox (database down?): {}", e.toString());
      return 0;
    }
    for (OutboxRow row : due) {
      if (row.attempts() > 1) {
        log.info("relaying outbox {} (attempt {}, was {})", row.id(), row.attempts(), row.errorMessage() == null ? "interrupted" : row.errorMessage());
      }
      try {
        sender.send(row);
      } catch (RuntimeException e) {
        // Database gone between claim and completion: the lease expires and a later pass takes it again.
        log.warn("outbox {} could not be completed: {}", row.id(), e.toString());
      }
    }
    return due.size();
  }

}
