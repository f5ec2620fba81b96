package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import com.voiceagent.twiliokit.TwilioSigner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator signs with twilio-testkit's TwilioSigner (checked there against Twilio's published vectors);
 * here twilio-java's own RequestValidator, which the services use, accepts what the simulator sends.
 */
class SimulatorSignaturesTest {
  @Test
  void twilioJavasRequestValidatorAcceptsTheSimulatorsWebhookAndWebSocketSignatures() {
    RequestValidator validator = new RequestValidator("0123456789abcdef0123456789abcdef");
    Map<String, String> form = Map.of("CallSid", "CA" + "ab".repeat(16), "From", "+972501234567",
        "To", "+97233720000", "CallStatus", "ringing", "Caller", "+972501234567");
    String webhook = "https://abc.ngrok.app/webhook/incoming_call";
    String stream = "wss://abc.ngrok.app/ws/twilio-media";

    assertThat(validator.validate(webhook, form,
        TwilioSigner.sign("0123456789abcdef0123456789abcdef", webhook, form))).isTrue();
    assertThat(validator.validate(stream, Map.of(),
        TwilioSigner.sign("0123456789abcdef0123456789abcdef", stream, Map.of()))).isTrue();
    assertThat(validator.validate(webhook, form, TwilioSigner.sign("another-token", webhook, form))).isFalse();
  }
}
