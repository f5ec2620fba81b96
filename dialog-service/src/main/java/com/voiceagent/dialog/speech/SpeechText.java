package com.voiceagent.dialog.speech;

import java.util.regex.Pattern;

/**
 * Makes model output speakable: a TTS engine reads "*" and "https://" aloud and chokes on emoji, and an
 * LLM writes all of them despite the prompt. Also caps text at a word boundary.
 */
public final class SpeechText {
  private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern CODE_FENCE = Pattern.compile("```[a-zA-Z]*");
  private static final Pattern HEADING_OR_QUOTE = Pattern.compile("(?m)^\\s*(?:#{1,6}|>+)\\s*");
  private static final Pattern BULLET = Pattern.compile("(?m)^\\s*(?:[-*+•]|\\d{1,2}[.)])\\s+");
  private static final Pattern EMPHASIS = Pattern.compile("[*_`~]+");
  private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("\\s+([.,!?…:;])");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private SpeechText() {}

  /** Plain, speakable text on one line: no markdown, links, URLs or emoji. */
  public static String prepare(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = MARKDOWN_LINK.matcher(text).replaceAll("$1");
    s = URL.matcher(s).replaceAll("");
    s = CODE_FENCE.matcher(s).replaceAll("");
    s = HEADING_OR_QUOTE.matcher(s).replaceAll("");
    s = BULLET.matcher(s).replaceAll("");
    s = EMPHASIS.matcher(s).replaceAll("");
    s = stripEmoji(s);
    s = SPACES.matcher(s).replaceAll(" ").strip();
    s = SPACE_BEFORE_PUNCTUATION.matcher(s).replaceAll("$1");
    return s;
  }

  /** Cuts text to at most {@code maxChars} (plus an ellipsis) at a word boundary. */
  public static String cap(String text, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1, was " + maxChars);
    }
    if (text.length() <= maxChars) {
      return text;
    }
    int cut = text.lastIndexOf(' ', maxChars - 1);
    if (cut < maxChars / 2) {
      cut = maxChars - 1; // one enormous word: cut it rather than say almost nothing
    }
    return text.substring(0, cut).strip() + "…";
  }

  static String stripEmoji(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().filter(cp -> !isEmoji(cp)).forEach(out::appendCodePoint);
    return out.toString();
  }

  private static boolean isEmoji(int cp) {
    int type = Character.getType(cp);
    return type == Character.OTHER_SYMBOL && cp != '°' && cp != '©' && cp != '®'
        || cp >= 0x1F000 && cp <= 0x1FAFF
        || cp >= 0x2600 && cp <= 0x27BF
        || cp >= 0xFE00 && cp <= 0xFE0F // variation selectors
        || cp == 0x200D // zero-width joiner inside emoji sequences
        || cp == 0x20E3
        || cp >= 0xE0020 && cp <= 0xE007F; // tag characters (flag sequences)
  }
}
