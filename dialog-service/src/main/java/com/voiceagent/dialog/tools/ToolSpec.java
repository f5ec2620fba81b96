package com.voiceagent.dialog.tools;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the LLM is told about a tool, and how long it may take.
 *
 * @param parameters the arguments' JSON schema, handed to the model as declared
 * @param timeout past it the call counts as failed and the caller hears the polite failure phrase
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters, Duration timeout) {
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(timeout, "timeout");
  }
}
