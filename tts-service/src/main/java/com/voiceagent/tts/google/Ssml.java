package com.voiceagent.tts.google;

import java.time.Duration;
import java.util.regex.Pattern;

/** Builds SSML for voices that accept it: escaped text, a short pause after each sentence. */
final class Ssml {
  /** A sentence ends at . ! ? (or the Hebrew sof pasuq) followed by white space. */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?\u05C3])\\s+");

  private Ssml() {}

  static String withPauses(String text, Duration pause) {
    String breakTag = "<break time=\"" + pause.toMillis() + "ms\"/>";
    StringBuilder ssml = new StringBuilder("<speak>");
    for (String sentence : SENTENCE_END.split(text.strip())) {
      if (!sentence.isBlank()) {
        ssml.append(escape(sentence.strip())).append(breakTag);
      }
    }
    return ssml.append("</speak>").toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // Control characters other than tab/newline are not allowed in XML 1.0 at all.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
