package com.voiceagent.gateway.kafka;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.call.Phrases;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own phrases, spoken by tts-service like any reply: at startup (and until they arrive) the
 * gateway sends each text on voice.replies addressed to its own reply topic, under a key that is no call
 * ({@value #KEY_PREFIX}&lt;phrase&gt;:&lt;instance&gt;), and keeps the audio that comes back. tts-service caches
 * fixed phrases, so every gateway after the first gets them at once. Until then a phrase is simply missing.
 */
final class KafkaPhrases implements Phrases {
  /** Keys of the phrase requests: never a callSid (those start with CA). */
  static final String KEY_PREFIX = "phrase:";
  private static final Logger log = LoggerFactory.getLogger(KafkaPhrases.class);

  private final EventPublisher publisher;
  private final String replyTo;
  private final String instanceId;
  private final Clock clock;
  private final Map<Phrase, String> texts = new EnumMap<>(Phrase.class);
  private final Map<Phrase, Spoken> spoken = new java.util.concurrent.ConcurrentHashMap<>();

  KafkaPhrases(EventPublisher publisher, String replyTo, String instanceId, Clock clock, GatewayProperties.Phrases settings) {
    this.publisher = publisher;
    this.replyTo = replyTo;
    this.instanceId = instanceId;
    this.clock = clock;
    texts.put(Phrase.HOLD, settings.hold());
    texts.put(Phrase.RESUMED, settings.resumed());
    texts.put(Phrase.TRANSFER_FAILED, settings.transferFailed());
    texts.put(Phrase.TRANSFER_UNANSWERED, settings.transferUnanswered());
  }

  @Override
  public Optional<Spoken> get(Phrase phrase) {
    return Optional.ofNullable(spoken.get(phrase));
  }

  /** Asks tts-service for every phrase not spoken yet. */
  void requestMissing() {
    for (Map.Entry<Phrase, String> text : texts.entrySet()) {
      if (!spoken.containsKey(text.getKey())) {
        publisher.publish(Topics.REPLIES, ReplySegment.newBuilder().setCallSid(keyOf(text.getKey())).setTurn(0)
            .setProducer(instanceId).setEventTime(clock.instant()).setReplyTo(replyTo).setSeq(0).setLast(true)
            .setText(text.getValue()).setKind(ReplyKind.FALLBACK).build());
      }
    }
  }

  /** Takes the audio of a phrase this gateway asked for; false when the record is not one. */
  boolean accept(ReplyAudio audio) {
    for (Phrase phrase : Phrase.values()) {
      if (keyOf(phrase).equals(audio.getCallSid())) {
        ByteBuffer buffer = audio.getAudio().duplicate();
        byte[] muLaw = new byte[buffer.remaining()];
        buffer.get(muLaw);
        if (muLaw.length == 0) {
          log.warn("tts-service could not speak the {} phrase: asking again later", phrase);
          return true;
        }
        if (spoken.put(phrase, new Spoken(audio.getText(), muLaw)) == null) {
          log.info("{} phrase ready ({} ms of audio)", phrase, muLaw.length / 8);
        }
        return true;
      }
    }
    return false;
  }

  private String keyOf(Phrase phrase) {
    return KEY_PREFIX + phrase.name().toLowerCase(Locale.ROOT) + ":" + instanceId;
  }
}
