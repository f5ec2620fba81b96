package com.voiceagent.dialog.reply;


/**
 * How a reply went.
 *
 * @param text everything emitted, joined (what the customer hears or reads unless interrupted)
 * @param engine the engine whose words were emitted last (the fallback's when it took over)
 * @param kind ANSWER, FALLBACK or GOODBYE (the kind of the final segment)
 * @param endCall the reply ends the call
 * @param cancelled the turn was cancelled (barge-in) before the reply finished
 */
public record ReplyResult(String text, String engine, ReplyKind kind, boolean endCall, boolean cancelled) {}
