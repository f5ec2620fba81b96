package com.voiceagent.whatsapp.send;

import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.inbound.InboundMessages;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's customer-service window: free-form text is allowed only within 24 hours of the customer's
 * last message to us; outside it only an approved template may be sent (else Twilio fails with 63016).
 */
@Component
public class CustomerWindow {
  private final InboundMessages inbound;
  private final Duration window;
  private final Clock clock;

  CustomerWindow(InboundMessages inbound, WhatsAppProperties properties, Clock clock) {
    this.inbound = inbound;
    this.window = properties.customerWindow();
    this.clock = clock;
  }

  /** @param customer whatsapp:+E164 */
  public boolean isOpen(String customer) {
    return inbound.lastReceivedFrom(customer)
        .map(last -> last.plus(window).isAfter(clock.instant()))
        .orElse(false);
  }
}
