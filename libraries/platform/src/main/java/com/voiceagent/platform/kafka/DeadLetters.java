package com.voiceagent.platform.kafka;

import com.voiceagent.platform.metrics.StageMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a record that could not be processed to {@code <topic>.DLT}, with the exception in headers, so
 * that it is kept for analysis and never blocks the records behind it. Used by the error handler for
 * unreadable records, and by stages for records whose processing failed on a lane.
 */
public final class DeadLetters {
  public static final String SUFFIX = ".DLT";
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private final DeadLetterPublishingRecoverer recoverer;
  private final StageMetrics metrics;

  public DeadLetters(DeadLetterPublishingRecoverer recoverer) {
    this(recoverer, StageMetrics.none());
  }

  /** Every dead letter also counts in {@value StageMetrics#DEAD_LETTERS}, which an alert watches. */
  public DeadLetters(DeadLetterPublishingRecoverer recoverer, StageMetrics metrics) {
    this.recoverer = recoverer;
    this.metrics = metrics;
  }

  public static String topicFor(String topic) {
    return topic + SUFFIX;
  }

  /** What went wrong, under the listener framework's wrapping exceptions. */
  static Throwable rootCause(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  public void send(ConsumerRecord<?, ?> record, Throwable cause) {
    Exception exception = cause instanceof Exception e ? e : new RuntimeException(cause);
    log.warn("dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(), record.key(),
        rootCause(cause).toString());
    metrics.deadLettered(record.topic());
    try {
      recoverer.accept(record, exception);
    } catch (RuntimeException e) {
      log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
    }
  }
}
