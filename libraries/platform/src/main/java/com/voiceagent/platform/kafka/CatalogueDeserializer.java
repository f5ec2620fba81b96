package com.voiceagent.platform.kafka;

import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a record with the value type the topic catalogue names for its topic. */
public final class CatalogueDeserializer implements Deserializer<SpecificRecord> {
  private final Map<String, AvroSerde<? extends SpecificRecord>> byTopic = new ConcurrentHashMap<>();

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    return byTopic.computeIfAbsent(topic, CatalogueDeserializer::serdeFor).deserialize(topic, data);
  }

  private static AvroSerde<? extends SpecificRecord> serdeFor(String topic) {
    if (topic.startsWith(Topics.REPLY_AUDIO_PREFIX)) {
      return Topics.replyAudioTopic(topic).serde();
    }
    return Topics.all().stream()
        .filter(spec -> spec.name().equals(topic))
        .findFirst()
        .map(TopicSpec::serde)
        .orElseThrow(() -> new SerializationException("topic '" + topic + "' is not in the catalogue (com.voiceagent.schemas.Topics)"));
  }
}
