package com.voiceagent.gateway.media;

import java.util.Map;

/** One message Twilio sends on a media stream, already validated by {@link TwilioWire}. */
public sealed interface InboundEvent {
  /** Null only for {@code connected}, which precedes the stream. */
  String streamSid();

  record Connected() implements InboundEvent {
    @Override
    public String streamSid() {
      return null;
    }
  }

  record Start(String streamSid, String accountSid, String callSid, int sampleRate, Map<String, String> customParameters)
      implements InboundEvent {}

  /** @param timestampMs stream time of the first sample (Twilio's media.timestamp) */
  record Media(String streamSid, long timestampMs, byte[] muLaw) implements InboundEvent {}

  record Mark(String streamSid, String name) implements InboundEvent {}

  record Dtmf(String streamSid, String digit) implements InboundEvent {}

  record Stop(String streamSid) implements InboundEvent {}

  /** An event this gateway does not know (Twilio may add some): logged and ignored. */
  record Unknown(String streamSid, String event) implements InboundEvent {}
}
