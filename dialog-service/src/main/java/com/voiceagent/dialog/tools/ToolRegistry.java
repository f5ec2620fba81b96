package com.voiceagent.dialog.tools;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools the agent may use, by name: the business file's HTTP tools and the built-ins registered in
 * code. Names are unique; a clash is a startup error, never a silent override.
 */
public final class ToolRegistry {
  private final Map<String, Tool> tools = new LinkedHashMap<>();

  public ToolRegistry(Collection<? extends Tool> tools) {
    tools.forEach(this::register);
  }

  public static ToolRegistry empty() {
    return new ToolRegistry(List.of());
  }

  private void register(Tool tool) {
    String name = tool.spec().name();
    if (tools.putIfAbsent(name, tool) != null) {
      throw new IllegalStateException("two tools are named '" + name + "' (business file tools and built-in tools share one namespace)");
    }
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** In registration order: business file tools first, then built-ins. */
  public List<Tool> all() {
    return List.copyOf(tools.values());
  }

  public boolean isEmpty() {
    return tools.isEmpty();
  }

  @Override
  public String toString() {
    return "ToolRegistry" + tools.keySet();
  }
}
