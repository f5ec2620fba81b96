package com.voiceagent.analyst;

import java.util.Locale;

/** Small formatting shared by the text outputs. */
final class Text {
  private Text() {}

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }
}
