package com.voiceagent.platform.stage;

/**
 * What a stage does with one record of one topic. Runs inside the record's log context (call id and
 * turn on every line). An exception is the stage's verdict that the record cannot be handled: it goes to
 * the dead-letter topic (after retries, for a transient failure of a {@link Delivery#DURABLE} stage).
 */
@FunctionalInterface
public interface StageHandler<V> {
  void handle(Inbound<V> inbound) throws Exception;
}
