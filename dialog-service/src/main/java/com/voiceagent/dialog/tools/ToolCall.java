package com.voiceagent.dialog.tools;

import com.voiceagent.dialog.engine.Conversation;
import java.util.Objects;

/**
 * One call of a tool.
 *
 * @param conversationId the call SID or WhatsApp conversation it is made for (a built-in such as a call
 *     transfer needs it)
 * @param arguments the arguments as a JSON object, as the LLM wrote them or the intent filled them in
 */
public record ToolCall(String conversationId, Conversation.Channel channel, String arguments) {
  public ToolCall {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(arguments, "arguments");
  }
}
