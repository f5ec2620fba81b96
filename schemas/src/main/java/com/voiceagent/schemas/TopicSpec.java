package com.voiceagent.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the catalogue, declared once with everything a producer or consumer needs: its name, the
 * Avro type of its values and its serde, how a value is keyed (the key keeps one call's or conversation's
 * records in order on one partition), the turn and event time a consumer logs and ages records by, and how
 * the topic is provisioned.
 *
 * @param name Kafka topic name
 * @param valueType generated Avro class of the values
 * @param key the record key of a value (a callSid, a conversation id, an instance id)
 * @param turn the turn a value belongs to, for log lines (0 where a value has no turn)
 * @param eventTime when the value was produced, for the record age check of voice stages
 * @param partitions partitions to create; calls spread over them by key
 * @param retention how long records are kept (replay window); ignored for compacted topics
 * @param compacted keep the latest value per key instead of a time window
 * @param traced whether a record sent to it is a span of the trace it is sent in (the W3C trace context in its
 *     headers): the records of a turn or a message are; a service's own bookkeeping (heartbeats, the calls ledger,
 *     conversation snapshots) is not, so it neither floods the trace view with one-span traces nor costs a span each
 * @param purpose one line for the README and the startup log
 */
public record TopicSpec<V extends SpecificRecord>(
    String name, Class<V> valueType, Function<V, String> key, ToIntFunction<V> turn, Function<V, Instant> eventTime,
    int partitions, Duration retention, boolean compacted, boolean traced, String purpose) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(turn, "turn");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(retention, "retention");
    if (name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("topic name must be 1-249 characters of [a-zA-Z0-9._-], was '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions + " for " + name);
    }
  }

  /** Starts the declaration of a topic whose values are {@code valueType}, keyed by {@code key}. */
  public static <V extends SpecificRecord> Builder<V> of(String name, Class<V> valueType, Function<V, String> key) {
    return new Builder<>(name, valueType, key);
  }

  public AvroSerde<V> serde() {
    return AvroSerde.of(valueType);
  }

  /** The record key of {@code value}: never null (a missing id becomes "", which consumers refuse). */
  public String keyOf(V value) {
    return Objects.toString(key.apply(value), "");
  }

  public int turnOf(V value) {
    return turn.applyAsInt(value);
  }

  public Instant eventTimeOf(V value) {
    return eventTime.apply(value);
  }

  /** This topic with another name (the per-gateway reply topics share one declaration). */
  public TopicSpec<V> named(String otherName, String otherPurpose) {
    return new TopicSpec<>(otherName, valueType, key, turn, eventTime, partitions, retention, compacted, traced, otherPurpose);
  }

  /** This topic kept for another time (a deployment's setting, such as how long caller audio is kept). */
  public TopicSpec<V> withRetention(Duration kept) {
    return new TopicSpec<>(name, valueType, key, turn, eventTime, partitions, kept, compacted, traced, purpose);
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

  /** Reads like the catalogue's table: name, type and key first, then turn, time and provisioning. */
  public static final class Builder<V extends SpecificRecord> {
    private final String name;
    private final Class<V> valueType;
    private final Function<V, String> key;
    private ToIntFunction<V> turn = value -> 0;
    private Function<V, Instant> eventTime;
    private int partitions = 1;
    private Duration retention = Duration.ofDays(7);
    private boolean compacted;
    private boolean traced = true;

    private Builder(String name, Class<V> valueType, Function<V, String> key) {
      this.name = name;
      this.valueType = valueType;
      this.key = key;
    }

    public Builder<V> turn(ToIntFunction<V> turnOfValue) {
      this.turn = turnOfValue;
      return this;
    }

    public Builder<V> eventTime(Function<V, Instant> eventTimeOfValue) {
      this.eventTime = eventTimeOfValue;
      return this;
    }

    public Builder<V> partitions(int count) {
      this.partitions = count;
      return this;
    }

    public Builder<V> retention(Duration kept) {
      this.retention = kept;
      return this;
    }

    public Builder<V> compacted() {
      this.compacted = true;
      return this;
    }

    /** Records sent to it are no span of any trace (see {@link TopicSpec#traced}). */
    public Builder<V> untraced() {
      this.traced = false;
      return this;
    }

    public TopicSpec<V> purpose(String purpose) {
      return new TopicSpec<>(name, valueType, key, turn, eventTime, partitions, retention, compacted, traced, purpose);
    }
  }
}
