package com.voiceagent.dialog.tools;

import java.util.concurrent.CompletableFuture;

/**
 * Something the agent can do during a conversation: an HTTP endpoint declared in the business file
 * ({@link HttpTool}), or a built-in registered in code (a bean of this type is registered with the
 * business file's tools, e.g. a call transfer). The LLM sees {@link #spec()}; the scripted engine calls a
 * tool by intent.
 */
public interface Tool {
  ToolSpec spec();

  /**
   * Starts the tool and returns at once; the future completes with the result text (JSON for the LLM,
   * or plain text), or exceptionally when the tool failed. Cancelling the future should abandon the work.
   * Never blocks the caller: the conversation speaks a filler while a slow tool runs.
   */
  CompletableFuture<String> call(ToolCall call);
}
