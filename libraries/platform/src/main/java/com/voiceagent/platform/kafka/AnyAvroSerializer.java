package com.voiceagent.platform.kafka;

import com.voiceagent.schemas.AvroSerde;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes any generated event class, so one producer can write every topic a service owns. */
public final class AnyAvroSerializer implements Serializer<SpecificRecord> {
  private final Map<Class<?>, AvroSerde<SpecificRecord>> serdes = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("unchecked")
  public byte[] serialize(String topic, SpecificRecord data) {
    if (data == null) {
      return null;
    }
    return serdes.computeIfAbsent(data.getClass(), type -> (AvroSerde<SpecificRecord>) AvroSerde.of((Class<SpecificRecord>) type))
        .serialize(topic, data);
  }
}
