package com.voiceagent.dialog.engine;

/**
 * One way of answering a caller (a cloud LLM, the offline scripted responder). The turn logic around it
 * (timeouts, fallback, speech preparation, history, Kafka) is the same for every engine, so an engine
 * only turns the conversation and the caller's words into sentences.
 */
public interface DialogEngine {
  /** Short stable name for logs and StageTiming.engine, e.g. "openai", "scripted". */
  String name();

  /**
   * Answers {@code userText}, handing each complete sentence to {@code sink} as soon as it exists. Blocks
   * until the reply is complete, {@code sink} refuses more, or {@code cancel} fires (then it stops
   * promptly and returns). Throws when the engine fails before finishing: the caller then hears the
   * fallback engine instead.
   */
  void reply(Conversation conversation, String userText, SentenceSink sink, CancellationToken cancel);
}
