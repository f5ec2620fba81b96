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
  BROADCAST
}
