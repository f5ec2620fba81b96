package com.voiceagent.dialog.tools;

import com.voiceagent.dialog.engine.Conversation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the LLM is told about a tool, how long it may take, and where it makes sense.
 *
 * @param parameters the arguments' JSON schema, handed to the model as declared
 * @param timeout past it the call counts as failed and the caller hears the polite failure phrase
 * @param channels the conversations it is offered in (a call transfer only on calls); business file tools
 *     are offered in every channel
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters, Duration timeout,
    Set<Conversation.Channel> channels) {
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(timeout, "timeout");
    channels = Set.copyOf(channels);
  }

  /** Offered in every channel. */
  public ToolSpec(String name, String description, Map<String, Object> parameters, Duration timeout) {
    this(name, description, parameters, timeout, EnumSet.allOf(Conversation.Channel.class));
  }

  public boolean offeredIn(Conversation.Channel channel) {
    return channels.contains(channel);
  }
}
