package com.voiceagent.analyst;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the topics of the catalogue from a broker, from a point in time (or the beginning) up to their end
 * as it was when reading started ({@link #read}, the commands), or on as they are written ({@link #follow}, the web
 * console), without a consumer group: nothing is committed and no live consumer is disturbed. Values are decoded
 * with each topic's own serde ({@link TopicSpec#serde()}).
 */
final class TopicReader implements AutoCloseable {
  /** The gateway's own cached phrases travel under keys that are no call (KafkaPhrases.KEY_PREFIX). */
  static final String PHRASE_KEY_PREFIX = "phrase:";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration METADATA = Duration.ofSeconds(15);
  /** How often {@link #follow} looks for new reply-audio topics (a gateway instance started later). */
  static final Duration TOPIC_REFRESH = Duration.ofSeconds(10);

  private final KafkaConsumer<String, byte[]> consumer;

  TopicReader(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "voice-analyst");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA.toMillis());
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Reads every voice and WhatsApp topic into an archive.
   *
   * @param since only records from this time on; null for everything the topics keep
   * @param keys which record keys to keep (a callSid, everything)
   */
  Archive read(Instant since, Predicate<String> keys, Progress progress) {
    Archive archive = new Archive();
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(METADATA);
    Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers = handlers(existing, true);
    List<TopicPartition> partitions = partitions(handlers, existing);
    if (partitions.isEmpty()) {
      return archive;
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA);
    Map<TopicPartition, Long> start = startOffsets(partitions, since, end);
    start.forEach(consumer::seek);
    long total = 0;
    for (TopicPartition p : partitions) {
      total += Math.max(0, end.get(p) - start.get(p));
    }
    progress.total(total);
    List<TopicPartition> open = new ArrayList<>(partitions.stream().filter(p -> start.get(p) < end.get(p)).toList());
    consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
    while (!open.isEmpty()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition p = new TopicPartition(record.topic(), record.partition());
        if (record.offset() >= end.get(p)) {
          continue; // written after we started: the next run sees it
        }
        progress.advance(1);
        apply(handlers, record, archive, keys);
      }
      open.removeIf(p -> {
        boolean done = consumer.position(p) >= end.get(p);
        if (done) {
          consumer.pause(List.of(p));
        }
        return done;
      });
    }
    return archive;
  }

  /**
   * Reads the topics from a point in time into {@code archive} and goes on reading what is written to them while
   * {@code running} holds (the console's live view). Each batch is applied holding the archive's lock; then
   * {@code changed} hears which calls it touched. A reply-audio topic of a gateway started later is picked up
   * within {@link #TOPIC_REFRESH}, from its beginning.
   */
  void follow(Instant since, Archive archive, Consumer<Set<String>> changed, BooleanSupplier running) {
    Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers = Map.of();
    Set<TopicPartition> assigned = new HashSet<>();
    long refreshedAt = 0;
    while (running.getAsBoolean()) {
      if (System.nanoTime() - refreshedAt >= TOPIC_REFRESH.toNanos() || refreshedAt == 0) {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(METADATA);
        handlers = handlers(existing, false);
        List<TopicPartition> now = partitions(handlers, existing);
        List<TopicPartition> added = now.stream().filter(p -> !assigned.contains(p)).toList();
        if (!added.isEmpty()) {
          consumer.assign(now);
          Map<TopicPartition, Long> end = consumer.endOffsets(added, METADATA);
          // Topics there at the start are read from `since`; topics created later from their beginning.
          startOffsets(added, refreshedAt == 0 ? since : null, end).forEach(consumer::seek);
          assigned.addAll(added);
        }
        refreshedAt = System.nanoTime();
      }
      if (assigned.isEmpty()) {
        sleepQuietly(POLL);
        continue;
      }
      Set<String> touched = new HashSet<>();
      var batch = consumer.poll(POLL);
      synchronized (archive) {
        for (ConsumerRecord<String, byte[]> record : batch) {
          String key = apply(handlers, record, archive, k -> true);
          if (key != null) {
            touched.add(key);
          }
        }
      }
      if (!touched.isEmpty()) {
        changed.accept(touched);
      }
    }
  }

  /** Files one record into the archive; returns the call it belongs to, null when it is none (or was skipped). */
  private static String apply(Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers,
      ConsumerRecord<String, byte[]> record, Archive archive, Predicate<String> keys) {
    String key = record.key();
    boolean voice = !record.topic().startsWith("whatsapp.") && !record.topic().equals(Topics.TEXT_REPLIES.name());
    if (voice && (key == null || key.isEmpty() || key.startsWith(PHRASE_KEY_PREFIX) || !keys.test(key))) {
      return null;
    }
    try {
      handlers.get(record.topic()).accept(record, archive);
    } catch (SerializationException e) {
      archive.unreadable++;
      return null;
    }
    return voice ? key : null;
  }

  /** A handler per existing topic of the catalogue; the WhatsApp topics only when asked (the console shows calls). */
  private static Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers(
      Map<String, List<PartitionInfo>> existing, boolean withWhatsApp) {
    Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers = new HashMap<>();
    handle(handlers, Topics.CALL_LIFECYCLE, (v, r, a) -> a.call(r.key()).lifecycle.add(v));
    handle(handlers, Topics.UTTERANCES, (v, r, a) -> a.call(r.key()).utterances.add(v));
    handle(handlers, Topics.TRANSCRIPTS, (v, r, a) -> a.call(r.key()).transcripts.add(v));
    handle(handlers, Topics.REPLIES, (v, r, a) -> a.call(r.key()).replies.add(v));
    handle(handlers, Topics.TURNS, (v, r, a) -> a.call(r.key()).turns.add(v));
    handle(handlers, Topics.CONTROL, (v, r, a) -> a.call(r.key()).cancellations.add(v));
    handle(handlers, Topics.TRANSFER_NOTICES, (v, r, a) -> a.call(r.key()).transferNotices.add(v));
    if (withWhatsApp) {
      handle(handlers, Topics.WHATSAPP_INBOUND, (v, r, a) -> a.whatsappInbound.add(v));
      handle(handlers, Topics.WHATSAPP_STATUS, (v, r, a) -> a.whatsappStatus.add(v));
      handle(handlers, Topics.TEXT_REPLIES, (v, r, a) -> a.textReplies.add(v));
    }
    for (String topic : existing.keySet()) {
      if (topic.startsWith(Topics.REPLY_AUDIO_PREFIX) && !topic.endsWith(".DLT")) {
        handle(handlers, Topics.replyAudioTopic(topic), (ReplyAudio v, ConsumerRecord<String, byte[]> r, Archive a) ->
            a.call(r.key()).audio.add(new CallRecords.AudioRecord(v, Instant.ofEpochMilli(r.timestamp()))));
      }
    }
    handlers.keySet().retainAll(existing.keySet());
    return handlers;
  }

  private static List<TopicPartition> partitions(Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers,
      Map<String, List<PartitionInfo>> existing) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : handlers.keySet()) {
      for (PartitionInfo info : existing.getOrDefault(topic, List.of())) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    return partitions;
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Instant since, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, METADATA));
    if (since != null) {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, since.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, METADATA);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp at = found.get(p);
        start.put(p, at == null ? end.get(p) : Math.max(at.offset(), start.get(p)));
      }
    }
    return start;
  }

  private interface Handler<V> {
    void accept(V value, ConsumerRecord<String, byte[]> record, Archive archive);
  }

  private static <V extends SpecificRecord> void handle(Map<String, BiConsumer<ConsumerRecord<String, byte[]>, Archive>> handlers,
      TopicSpec<V> topic, Handler<V> handler) {
    var serde = topic.serde();
    handlers.put(topic.name(), (record, archive) -> {
      if (record.value() == null) {
        return; // a tombstone
      }
      handler.accept(serde.deserialize(record.topic(), record.value()), record, archive);
    });
  }

  @Override
  public void close() {
    consumer.close();
  }
}
