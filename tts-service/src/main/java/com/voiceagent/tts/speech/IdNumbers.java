package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Israeli ID numbers after the words that announce them: ת"ז 123456782, תעודת זהות: 123456782, מספר זהות ...
 *
 * <p>Why only after those words: an ID is nine digits, and nine bare digits are just as likely an amount, which
 * must be read as a number. After ת"ז it is a code: digit by digit, in the feminine counting form, in groups of
 * three (123, 456, 782) separated by commas so that the caller can follow. Eight digits (an ID written without
 * its leading zero) are read the same way.
 */
final class IdNumbers {
  private static final Pattern ID = Pattern.compile("(" + Patterns.PREFIX_LETTERS + "{0,2}?)(ת" + Patterns.GERSHAYIM
      + "ז|ת\\.ז\\.?|תעודת זהות|מספר זהות)(" + Patterns.SPACES + "*:?" + Patterns.SPACES + "*)([0-9]{8,9})(?![0-9])");

  private IdNumbers() {}

  static Spoken read(String text, int at, Context context) {
    Matcher id = Patterns.lookingAt(ID, text, at);
    if (id == null) {
      return null;
    }
    String announcement = id.group(2).startsWith("מספר") ? id.group(2) : "תעודת זהות";
    String spacing = id.group(3).isEmpty() ? " " : id.group(3);
    return new Spoken(id.end(), id.group(1) + announcement + spacing + PhoneNumbers.inThrees(id.group(4)));
  }
}
