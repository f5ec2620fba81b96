package com.voiceagent.dialog.engine;

/** Where an engine delivers its reply, one sentence at a time. Implementations are thread-safe. */
public interface SentenceSink {
  /**
   * A complete sentence. {@code last} is true for the engine's final sentence, so the listener can mark
   * it without waiting for the engine to return. Returns false when no more sentences are wanted (length
   * cap reached, turn cancelled, engine timed out): the engine should stop generating at once.
   */
  boolean sentence(String text, boolean last);

  /**
   * The engine decided the conversation is over (LLM end_call tool, caller said goodbye). Call it before
   * the final sentence: the listener then follows the reply with the goodbye phrase and hangs up.
   */
  void endCall(String reason);

  /**
   * The conversation goes to a person (the caller asked for one: LLM transfer_call tool, scripted transfer intent,
   * the person key). Call it before the final sentence: the listener follows the reply with the transfer phrase,
   * and the gateway dials TRANSFER_NUMBER once the caller has heard it.
   */
  void transfer(String reason);
}
