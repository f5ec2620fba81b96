package com.voiceagent.analyst;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON writer of the commands: records as objects, field names as the records name them. */
final class Json {
  private static final JsonMapper COMPACT = JsonMapper.builder().build();
  private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  /** One line: for a stream of objects (one per line). */
  static String line(Object value) {
    return COMPACT.writeValueAsString(value);
  }

  /** Indented: for one document. */
  static String pretty(Object value) {
    return PRETTY.writeValueAsString(value);
  }
}
