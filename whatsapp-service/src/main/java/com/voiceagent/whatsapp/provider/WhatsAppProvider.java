package com.voiceagent.whatsapp.provider;

import java.time.Instant;
import java.util.List;

/**
 * Sends one WhatsApp message through a provider. Twilio is the one implementation loaded; another
 * provider implements this and nothing else changes.
 */
public interface WhatsAppProvider {

  /**
   * Sends the message once (the implementation may retry transient failures internally).
   *
   * @throws ProviderException when the provider refused the message or could not be reached
   */
  SentMessage send(OutboundMessage message);

  /**
   * The messages the provider already holds that look like {@code message} (same sender, recipient and
   * content) and were created at or after {@code notBefore}, oldest first. The outbox asks this before
   * re-sending a message whose earlier attempt may have reached the provider, because the provider's send
   * call has no idempotency key. An empty list means the provider has no such message.
   *
   * @throws ProviderException when the provider could not answer: the caller must not assume "not sent"
   */
  List<SentMessage> findSent(OutboundMessage message, Instant notBefore);
}
