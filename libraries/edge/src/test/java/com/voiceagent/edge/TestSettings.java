package com.voiceagent.edge;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings records bound the way Spring binds them (defaults included) from a few property values. */
public final class TestSettings {
  private TestSettings() {}

  /** @param keyValues voice.edge.* and voice.twilio.* properties, alternating name and value */
  public static EdgeProperties edge(String... keyValues) {
    return binder(keyValues).bindOrCreate("voice.edge", EdgeProperties.class);
  }

  public static TwilioProperties twilio(String... keyValues) {
    return binder(keyValues).bindOrCreate("voice.twilio", TwilioProperties.class);
  }

  private static Binder binder(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return new Binder(new MapConfigurationPropertySource(values));
  }
}
