package com.voiceagent.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the catalogue: its name, the Avro type of its values (keys are always the callSid or
 * conversation id, as a UTF-8 string), and how it is provisioned.
 *
 * @param name Kafka topic name
 * @param valueType generated Avro class of the values
 * @param partitions partitions to create; calls spread over them by key
 * @param retention how long records are kept (replay window); ignored for compacted topics
 * @param compacted keep the latest value per key instead of a time window
 * @param purpose one line for the README and the startup log
 */
public record TopicSpec<V extends SpecificRecord>(
    String name, Class<V> valueType, int partitions, Duration retention, boolean compacted, String purpose) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(retention, "retention");
    if (name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("topic name must be 1-249 characters of [a-zA-Z0-9._-], was '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions + " for " + name);
    }
  }

  public AvroSerde<V> serde() {
    return AvroSerde.of(valueType);
  }

  /** The topic as Kafka's admin client creates it, with the given replication factor. */
  public NewTopic newTopic(short replicationFactor) {
    Map<String, String> configs;
    if (compacted) {
      configs = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    } else if (retention.compareTo(Duration.ofDays(1)) < 0) {
      // Retention deletes whole segments and the open one never: without rolling segments this often, a
      // one-hour topic would keep a week of records (the default segment.ms).
      configs = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
          TopicConfig.SEGMENT_MS_CONFIG, Long.toString(retention.toMillis()));
    } else {
      configs = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}
