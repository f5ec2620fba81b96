package com.voiceagent.dialog.tools;

/** How a tool call ended: its result, or why it failed (unknown tool, error, timeout). */
public sealed interface ToolOutcome {
  record Done(String result) implements ToolOutcome {}

  record Failed(String why) implements ToolOutcome {}

  /** The turn was cancelled (barge-in, reply timeout) while the tool ran: say nothing more. */
  record Cancelled() implements ToolOutcome {}
}
