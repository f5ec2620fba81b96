package com.voiceagent.whatsapp.provider;

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
}
