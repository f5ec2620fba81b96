package com.voiceagent.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of the share groups an instance consumes in (stt, tts), as {@value #LAG}{group,topic}: the records
 * of the topic the group has not yet acknowledged, summed over its partitions. Kafka's client metrics have no lag
 * for share consumers (a share group commits no offsets per consumer); the broker computes it (KIP-1226) and
 * the admin client reads it. Read every {@link #INTERVAL} off the request path, so a scrape never waits for a
 * broker; NaN until the broker has told, and again while it does not answer. Every instance of a stage reports
 * the same group's figure: dashboards and alerts take the max.
 */
public final class ShareGroupLag implements AutoCloseable {
  public static final String LAG = "voice.share.group.lag";
  /** As often as Prometheus scrapes by default. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ShareGroupLag.class);

  private final MeterRegistry registry;
  private final Supplier<Map<String, List<String>>> groups;
  private final Supplier<Admin> adminFactory;
  private final Map<List<String>, Value> values = new ConcurrentHashMap<>();
  private Admin admin;
  private boolean failing;

  /**
   * @param groups the share groups the instance consumes in and their topics (asked at each read: stages may be
   *     declared after the start)
   * @param adminFactory made on the first read that has a group to ask about
   */
  public ShareGroupLag(MeterRegistry registry, Supplier<Map<String, List<String>>> groups, Supplier<Admin> adminFactory) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.adminFactory = Objects.requireNonNull(adminFactory, "adminFactory");
  }

  /** Asks the broker for the lag of every share group, and updates the gauges. */
  public synchronized void refresh() {
    Map<String, List<String>> now = groups.get();
    if (now.isEmpty()) {
      return;
    }
    now.forEach((group, topics) -> topics.forEach(topic -> value(group, topic)));
    if (admin == null) {
      admin = adminFactory.get();
    }
    Map<String, ListShareGroupOffsetsSpec> specs = new HashMap<>();
    now.keySet().forEach(group -> specs.put(group, new ListShareGroupOffsetsSpec()));
    try {
      Map<String, Map<TopicPartition, SharePartitionOffsetInfo>> offsets =
          admin.listShareGroupOffsets(specs).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      now.forEach((group, topics) -> record(group, topics, offsets.getOrDefault(group, Map.of())));
      failing = false;
    } catch (ExecutionException | TimeoutException e) {
      values.values().forEach(value -> value.current = Double.NaN);
      if (!failing) { // once per outage, not every 15 s
        log.warn("share group lag not read ({}); it reads NaN until the broker answers", e.getCause() == null ? e : e.getCause());
      }
      failing = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One group's lag per topic, from the broker's answer: partitions whose lag the broker does not know (not yet
   * initialised: nobody fetched from them) count nothing; a topic none of whose partitions is known reads NaN.
   */
  public void record(String group, Collection<String> topics, Map<TopicPartition, SharePartitionOffsetInfo> partitions) {
    for (String topic : topics) {
      double lag = Double.NaN;
      for (Map.Entry<TopicPartition, SharePartitionOffsetInfo> partition : partitions.entrySet()) {
        Optional<Long> known = partition.getKey().topic().equals(topic) && partition.getValue() != null
            ? partition.getValue().lag() : Optional.empty();
        if (known.isPresent()) {
          lag = (Double.isNaN(lag) ? 0 : lag) + known.get();
        }
      }
      value(group, topic).current = lag;
    }
  }

  private Value value(String group, String topic) {
    return values.computeIfAbsent(List.of(group, topic), key -> {
      Value value = new Value();
      Gauge.builder(LAG, value, v -> v.current).tags("group", group, "topic", topic)
          .description("records of the topic the share group has not acknowledged yet").register(registry);
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

  private static final class Value {
    volatile double current = Double.NaN;
  }
}
