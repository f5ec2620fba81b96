package com.voiceagent.dialog.transfer;

import com.voiceagent.dialog.engine.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation so far in short Hebrew, for the person a call is handed to: always available (no model,
 * no network), so the person is told even in offline mode or when the model fails.
 *
 * <p>One line per message, "הלקוח: ..." / "הבוט: ...", oldest first, skipping the greeting (turn 0, the
 * same for every call). Each line is cut at {@link #MAX_LINE} characters and only the last lines that fit
 * in {@link #MAX_CHARS} are kept, so the message stays readable on a phone and within a WhatsApp template
 * variable's limit. Long digit runs (an ID, a card number) are masked to their last 3 digits: the summary
 * is stored by Twilio and on the person's phone.
 */
public final class TransferSummary {
  /** Longest line kept for one message. */
  static final int MAX_LINE = 160;
  /** Longest summary; a template variable may hold 1,024 characters and the header comes on top. */
  public static final int MAX_CHARS = 700;
  static final String CALLER = "הלקוח: ";
  static final String AGENT = "הבוט: ";
  static final String NOTHING_SAID = "הלקוח ביקש נציג לפני שאמר במה מדובר.";
  private static final Pattern LONG_DIGITS = Pattern.compile("\\d{7,}");

  private TransferSummary() {}

  public static String of(List<Message> messages) {
    List<String> lines = new ArrayList<>();
    for (Message message : messages) {
      String text = message.text().strip().replaceAll("\\s+", " ");
      if (text.isEmpty() || (message.role() == Message.Role.AGENT && message.turn() == 0)) {
        continue;
      }
      lines.add(cut((message.role() == Message.Role.CALLER ? CALLER : AGENT) + maskDigits(text), MAX_LINE));
    }
    if (lines.stream().noneMatch(line -> line.startsWith(CALLER))) {
      return NOTHING_SAID;
    }
    // The latest lines matter most (why the caller wants a person): keep those that fit, newest first.
    List<String> kept = new ArrayList<>();
    int length = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      int added = lines.get(i).length() + (kept.isEmpty() ? 0 : 1);
      if (length + added > MAX_CHARS) {
        break;
      }
      kept.addFirst(lines.get(i));
      length += added;
    }
    if (kept.size() < lines.size()) {
      kept.addFirst("…");
    }
    return String.join("\n", kept);
  }

  /** Runs of 7 or more digits keep their last 3: "123456782" -> "******782". */
  static String maskDigits(String text) {
    Matcher m = LONG_DIGITS.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String digits = m.group();
      m.appendReplacement(out, "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 3));
    }
    return m.appendTail(out).toString();
  }

  /**
   * The caller's number as the person sees it: the last 4 digits only ("***4567"); "" when unknown or not a
   * number (e.g. "anonymous"). The phone that rings shows the caller id anyway; the message, kept by Twilio and
   * on the person's phone, does not need the whole number to match the two.
   */
  public static String maskedNumber(String number) {
    if (number == null) {
      return "";
    }
    String digits = number.replaceAll("[^0-9]", "");
    return digits.length() < 6 ? "" : "***" + digits.substring(digits.length() - 4);
  }

  private static String cut(String line, int max) {
    return line.length() <= max ? line : line.substring(0, max - 1).strip() + "…";
  }
}
