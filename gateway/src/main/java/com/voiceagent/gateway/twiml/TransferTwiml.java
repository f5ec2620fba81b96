package com.voiceagent.gateway.twiml;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.call.CallTransfer;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The TwiML that hands a call to a person (twilio-java's TwiML classes): {@code <Dial>} the transfer number with the
 * configured caller id and ring timeout. Its {@code action} is {@value #TRANSFER_ENDED_PATH} on the public base: Twilio
 * requests it when the dial ends, and the answer brings an unanswered call back to the agent (a call answered by the
 * person ends when they hang up). Without a configured public base there is no action: the call ends with the dial.
 */
@Component
public final class TransferTwiml implements CallTransfer {
  public static final String TRANSFER_ENDED_PATH = "/webhook/transfer_ended";

  private final GatewayProperties.Transfer settings;
  private final PublicUrls publicUrls;

  TransferTwiml(GatewayProperties properties, PublicUrls publicUrls) {
    this.settings = properties.transfer();
    this.publicUrls = publicUrls;
  }

  @Override
  public Optional<String> dialTwiml(String callSid) {
    if (!settings.configured()) {
      return Optional.empty();
    }
    Dial.Builder dial = new Dial.Builder().timeout((int) settings.ringTimeout().toSeconds())
        .number(new Number.Builder(settings.number()).build());
    if (!settings.callerId().isBlank()) {
      dial.callerId(settings.callerId());
    }
    String base = publicUrls.configuredBase();
    if (base != null) {
      dial.action(base + TRANSFER_ENDED_PATH).method(HttpMethod.POST);
    }
    return Optional.of(new VoiceResponse.Builder().dial(dial.build()).build().toXml());
  }
}
