package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, read digit by digit in groups, the groups separated by commas so that the voice pauses.
 *
 * <p>Why digit by digit and feminine: a phone number is a code, not a quantity, and digits are named in the
 * counting form (אפס, אחת, שתיים...). Why these groups: the caller writes the number down while listening, and
 * Israelis say it as the prefix (050, 03, 1-800), then the seven-digit subscriber number as 3-2-2
 * (אחת שתיים שלוש, ארבע חמש, שש שבע); a six-digit 1-800 subscriber number as 3-3.
 *
 * <p>Recognised: Israeli mobile and 07x (050-1234567, 0501234567, 050-123-4567), landlines (03-1234567), the
 * same after +972 (the 0 of the prefix is not dialled), 1-800 / 1-700 numbers (ten digits, 1 then 5-9), star
 * service numbers (*2700: כוכבית and the digits as one group), and other international numbers written with +
 * (the groups as written; unseparated digits in threes). A number's shape decides, not the words around it.
 */
final class PhoneNumbers {
  private static final String SEP = "[- ]?";
  /** Seven digits as 3-2-2 whichever way they were written (1234567, 123-4567, 123-45-67). */
  private static final String SUBSCRIBER = "([0-9]{3})" + SEP + "([0-9]{2})" + SEP + "([0-9]{2})(?![0-9])";
  private static final Pattern DOMESTIC = Pattern.compile("(0[57][0-9]|0[2-489])" + SEP + SUBSCRIBER);
  private static final Pattern ISRAEL_FROM_ABROAD = Pattern.compile("\\+972" + SEP + "(?:\\(0\\)" + SEP + "|0)?"
      + "([57][0-9]|[2-489])" + SEP + SUBSCRIBER);
  private static final Pattern TOLL_FREE = Pattern.compile("(1)" + SEP + "([5-9][0-9]{2})" + SEP + "([0-9]{3})" + SEP
      + "([0-9]{3})(?![0-9])");
  private static final Pattern STAR = Pattern.compile("\\*([0-9]{2,6})(?![0-9])");
  private static final Pattern INTERNATIONAL_GROUPED = Pattern.compile("\\+([0-9]{1,3}(?:-[0-9]{1,4}){2,5})(?![0-9])");
  private static final Pattern INTERNATIONAL_PLAIN = Pattern.compile("\\+([0-9]{8,15})(?![0-9])");

  private PhoneNumbers() {}

  static Spoken read(String text, int at, Context context) {
    Matcher phone = Patterns.lookingAt(DOMESTIC, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), groups(phone.group(1), phone.group(2), phone.group(3), phone.group(4)));
    }
    phone = Patterns.lookingAt(ISRAEL_FROM_ABROAD, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), "פלוס " + groups("972", phone.group(1), phone.group(2), phone.group(3), phone.group(4)));
    }
    phone = Patterns.lookingAt(TOLL_FREE, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), groups(phone.group(1) + phone.group(2), phone.group(3), phone.group(4)));
    }
    phone = Patterns.lookingAt(STAR, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), "כוכבית " + HebrewNumbers.digits(phone.group(1)));
    }
    phone = Patterns.lookingAt(INTERNATIONAL_GROUPED, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), "פלוס " + groups(phone.group(1).split("-")));
    }
    phone = Patterns.lookingAt(INTERNATIONAL_PLAIN, text, at);
    if (phone != null) {
      return new Spoken(phone.end(), "פלוס " + inThrees(phone.group(1)));
    }
    return null;
  }

  /** Digits in groups of three; a last group of one joins the one before (no lone digit at the end). */
  static String inThrees(String digits) {
    StringBuilder words = new StringBuilder();
    int start = 0;
    while (start < digits.length()) {
      int end = digits.length() - start <= 4 ? digits.length() : start + 3;
      if (!words.isEmpty()) {
        words.append(", ");
      }
      words.append(HebrewNumbers.digits(digits.substring(start, end)));
      start = end;
    }
    return words.toString();
  }

  private static String groups(String... groups) {
    StringBuilder words = new StringBuilder();
    for (String group : groups) {
      if (!words.isEmpty()) {
        words.append(", ");
      }
      words.append(HebrewNumbers.digits(group));
    }
    return words.toString();
  }
}
