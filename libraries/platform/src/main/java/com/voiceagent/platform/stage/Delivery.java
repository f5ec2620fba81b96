package com.voiceagent.platform.stage;

/**
 * How a stage consumes its topics: the one place where that choice is made (see {@link Stages}).
 */
public enum Delivery {
  /**
   * Voice turns: a consumer group shared by the stage's instances; each call's records run in order on
   * the call's lane, calls concurrently; a record older than voice.platform.max-record-age is skipped (a
   * reply to something said a minute ago helps nobody); a failure is dead-lettered and never retried (a
   * voice record retried seconds later is useless); offsets are committed asynchronously every 500 ms.
   */
  VOICE,
  /**
   * Stateless voice stages (speech-to-text, text-to-speech): a Kafka share group, so instances share the
   * partitions' records (instances beyond the partition count still get work) and a record whose instance
   * dies is handed to another one. Each consumer handles one record at a time (voice.platform.share-consumers
   * per instance); stale records are skipped and failures dead-lettered as in {@link #VOICE}, and a record
   * delivered too often without being settled is dead-lettered. No order within a call: where order matters
   * it is restored by sequence downstream (the gateway plays a turn's sentences by seq).
   */
  SHARED,
  /**
   * Text channels (WhatsApp): like {@link #VOICE} per conversation, but never skipped for age (a customer
   * still wants the answer an hour later), transient failures retried until they pass, and a record's
   * offset committed only once it has been handled, so a crash never loses an accepted message.
   */
  DURABLE,
  /**
   * Control messages every instance must see (turn cancellations): each instance reads the whole topic in
   * a consumer group of its own, from the latest offset, and handles each record at once on the consumer
   * thread, never behind a call's running work.
   */
  BROADCAST;

  /** Whether records older than voice.platform.max-record-age are skipped (a reply nobody waits for). */
  boolean skipsStaleRecords() {
    return this != DURABLE;
  }
}
