package com.voiceagent.gateway.outbound;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of outbound calls ({@code voice.gateway.calls.*}): POST /api/calls and its webhooks. The API token is a
 * secret: {@link #toString()} says only whether it is set.
 *
 * @param apiToken the bearer token of POST /api/calls and GET /api/calls/{callSid} (CALLS_API_TOKEN); unset = those
 *     endpoints answer 503, the rest of the gateway runs
 * @param from the caller id of the calls we place, a Twilio number in E.164 (TWILIO_PHONE_NUMBER)
 * @param maxContextChars the longest context accepted (it travels in the TwiML's URL and the stream's parameters)
 * @param voicemail what an answering machine is told after the beep; {context} is replaced by the call's context
 * @param maxTrackedCalls how many calls' outcomes this instance keeps in memory (least recently updated dropped first)
 */
@Validated
@ConfigurationProperties("voice.gateway.calls")
public record CallsProperties(
    @DefaultValue("") String apiToken,
    @DefaultValue("") String from,
    @DefaultValue("300") @Min(value = 1, message = "voice.gateway.calls.max-context-chars must be at least 1")
    @Max(value = 1000, message = "voice.gateway.calls.max-context-chars must be at most 1000") int maxContextChars,
    @DefaultValue("שלום, זו הודעה עבורך: {context}. תודה ולהתראות.")
    @NotBlank(message = "voice.gateway.calls.voicemail must not be blank") String voicemail,
    @DefaultValue("10000") @Min(value = 1, message = "voice.gateway.calls.max-tracked-calls must be at least 1")
    int maxTrackedCalls) {

  public CallsProperties {
    apiToken = apiToken == null ? "" : apiToken.strip();
    from = from == null ? "" : from.strip();
    if (!apiToken.isEmpty() && apiToken.length() < com.voiceagent.edge.EdgeProperties.MIN_API_TOKEN_LENGTH) {
      throw new IllegalArgumentException("voice.gateway.calls.api-token (CALLS_API_TOKEN) must be at least "
          + com.voiceagent.edge.EdgeProperties.MIN_API_TOKEN_LENGTH + " characters; generate one with: openssl rand -base64 32");
    }
    if (!from.isEmpty() && !PhoneNumbers.isE164(from)) {
      throw new IllegalArgumentException("voice.gateway.calls.from (TWILIO_PHONE_NUMBER) must be an E.164 number such as"
          + " +97231234567");
    }
  }

  /** The voicemail for a call placed with this context. */
  public String voicemailFor(String context) {
    return voicemail.replace("{context}", context);
  }

  @Override
  public String toString() {
    return "CallsProperties[apiToken=" + (apiToken.isEmpty() ? "<unset>" : "<set>") + ", from=" + from
        + ", maxContextChars=" + maxContextChars + ", voicemail=" + voicemail + ", maxTrackedCalls=" + maxTrackedCalls + "]";
  }
}
