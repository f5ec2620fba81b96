package com.voiceagent.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of every group an instance consumes in, as the broker knows it: {@value #SHARE_GROUP_LAG}{group,topic}
 * for share groups (stt, tts: the records of the topic the group has not acknowledged yet) and
 * {@value #CONSUMER_GROUP_LAG}{group,topic} for consumer groups (the records between the group's committed offset and
 * the end of each partition), each summed over the topic's partitions.
 *
 * <p>Why the admin client and not Kafka's client metrics: share consumers have no lag metric (a share group commits
 * no offsets per consumer; the broker computes it, KIP-1226), and a consumer's {@code records-lag-max} only exists
 * with a client-metrics binder on every consumer, which measurably slowed every turn
 * (docs/benchmarks.md). Here one admin client per instance asks every {@link #INTERVAL}, off the request path, so a
 * scrape never waits for a broker; a gauge is NaN until the broker has told, and again while it does not answer.
 * Every instance of a stage reports the same group's figure: dashboards and alerts take the max.
 */
public final class GroupLag implements AutoCloseable {
  public static final String SHARE_GROUP_LAG = "voice.share.group.lag";
  public static final String CONSUMER_GROUP_LAG = "voice.consumer.group.lag";
  /** As often as Prometheus scrapes by default. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(GroupLag.class);

  private final MeterRegistry registry;
  private final Supplier<Map<String, List<String>>> shareGroups;
  private final Supplier<Map<String, List<String>>> consumerGroups;
  private final Supplier<Admin> adminFactory;
  private final Map<List<String>, Value> values = new ConcurrentHashMap<>();
  private Admin admin;
  private boolean failing;

  /**
   * @param shareGroups the share groups the instance consumes in and their topics (asked at each read: stages may
   *     be declared after the start)
   * @param consumerGroups the same for consumer groups
   * @param adminFactory made on the first read that has a group to ask about
   */
  public GroupLag(MeterRegistry registry, Supplier<Map<String, List<String>>> shareGroups,
      Supplier<Map<String, List<String>>> consumerGroups, Supplier<Admin> adminFactory) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.shareGroups = Objects.requireNonNull(shareGroups, "shareGroups");
    this.consumerGroups = Objects.requireNonNull(consumerGroups, "consumerGroups");
    this.adminFactory = Objects.requireNonNull(adminFactory, "adminFactory");
  }

  /** Asks the broker for the lag of every group, and updates the gauges. */
  public synchronized void refresh() {
    Map<String, List<String>> shares = shareGroups.get();
    Map<String, List<String>> consumers = consumerGroups.get();
    if (shares.isEmpty() && consumers.isEmpty()) {
      return;
    }
    shares.forEach((group, topics) -> topics.forEach(topic -> value(Kind.SHARE, group, topic)));
    consumers.forEach((group, topics) -> topics.forEach(topic -> value(Kind.CONSUMER, group, topic)));
    if (admin == null) {
      admin = adminFactory.get();
    }
    try {
      readShareGroups(shares);
      readConsumerGroups(consumers);
      failing = false;
    } catch (ExecutionException | TimeoutException e) {
      values.values().forEach(value -> value.current = Double.NaN);
      if (!failing) { // once per outage, not every 15 s
        log.warn("group lag not read ({}); it reads NaN until the broker answers", e.getCause() == null ? e : e.getCause());
      }
      failing = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readShareGroups(Map<String, List<String>> groups)
      throws ExecutionException, TimeoutException, InterruptedException {
    if (groups.isEmpty()) {
      return;
    }
    Map<String, ListShareGroupOffsetsSpec> specs = new HashMap<>();
    groups.keySet().forEach(group -> specs.put(group, new ListShareGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, SharePartitionOffsetInfo>> offsets =
        admin.listShareGroupOffsets(specs).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    groups.forEach((group, topics) -> recordShareGroup(group, topics, offsets.getOrDefault(group, Map.of())));
  }

  private void readConsumerGroups(Map<String, List<String>> groups)
      throws ExecutionException, TimeoutException, InterruptedException {
    if (groups.isEmpty()) {
      return;
    }
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.keySet().forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        admin.listConsumerGroupOffsets(specs).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.values().forEach(partitions -> partitions.keySet().forEach(p -> latest.put(p, OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    if (!latest.isEmpty()) {
      Map<TopicPartition, ListOffsetsResultInfo> answer =
          admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      answer.forEach((partition, info) -> ends.put(partition, info.offset()));
    }
    groups.forEach((group, topics) -> recordConsumerGroup(group, topics, committed.getOrDefault(group, Map.of()), ends));
  }

  /**
   * One share group's lag per topic, from the broker's answer: partitions whose lag the broker does not know (not yet
   * initialised: nobody fetched from them) count nothing; a topic none of whose partitions is known reads NaN.
   */
  public void recordShareGroup(String group, Collection<String> topics,
      Map<TopicPartition, SharePartitionOffsetInfo> partitions) {
    Map<TopicPartition, Long> known = new HashMap<>();
    partitions.forEach((partition, info) -> {
      if (info != null && info.lag().isPresent()) {
        known.put(partition, info.lag().get());
      }
    });
    record(Kind.SHARE, group, topics, known);
  }

  /**
   * One consumer group's lag per topic: the end offset minus the committed offset, summed over the partitions the
   * group has committed on; a partition without a commit or whose end the broker did not give counts nothing, and a
   * topic with no such partition reads NaN (the group has not committed there yet).
   */
  public void recordConsumerGroup(String group, Collection<String> topics, Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> known = new HashMap<>();
    committed.forEach((partition, offset) -> {
      Long end = ends.get(partition);
      if (offset != null && end != null) {
        known.put(partition, Math.max(0, end - offset.offset()));
      }
    });
    record(Kind.CONSUMER, group, topics, known);
  }

  /** Each topic's gauge: the sum of its partitions' known lag, NaN when none is known. */
  private void record(Kind kind, String group, Collection<String> topics, Map<TopicPartition, Long> known) {
    for (String topic : topics) {
      double lag = Double.NaN;
      for (Map.Entry<TopicPartition, Long> partition : known.entrySet()) {
        if (partition.getKey().topic().equals(topic)) {
          lag = (Double.isNaN(lag) ? 0 : lag) + partition.getValue();
        }
      }
      value(kind, group, topic).current = lag;
    }
  }

  private Value value(Kind kind, String group, String topic) {
    return values.computeIfAbsent(List.of(kind.name(), group, topic), key -> {
      Value value = new Value();
      Gauge.builder(kind.meter, value, v -> v.current).tags("group", group, "topic", topic)
          .description(kind.description).register(registry);
      return value;
    });
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }

  private enum Kind {
    SHARE(SHARE_GROUP_LAG, "records of the topic the share group has not acknowledged yet"),
    CONSUMER(CONSUMER_GROUP_LAG, "records of the topic after the consumer group's committed offsets");

    final String meter;
    final String description;

    Kind(String meter, String description) {
      this.meter = meter;
      this.description = description;
    }
  }

  private static final class Value {
    volatile double current = Double.NaN;
  }
}
