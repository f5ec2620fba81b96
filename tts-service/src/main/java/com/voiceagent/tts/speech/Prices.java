package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amounts of money: ₪120, 120 ₪, 120 ש"ח, 120 שקל, ₪12.50, $5, 5 דולר, €5.
 *
 * <p>Why the words: שקל is masculine, so the number is masculine and "one" follows it (שקל אחד), 2 is the
 * construct (שני שקלים), and the plural follows any other number (מאה ועשרים שקלים), whatever the writer put.
 * The fraction is the sub-unit counted on its own (וחמישים אגורות; אגורה is feminine: וחמש אגורות). One digit
 * after the point is tens of agorot (12.5 is שנים עשר שקלים וחמישים אגורות).
 */
final class Prices {
  private static final String AMOUNT = "(" + Numerals.INTEGER + ")(?:\\.([0-9]{1,2})(?![0-9]))?";
  private static final Pattern SYMBOL_FIRST = Pattern.compile("([₪$€])" + Patterns.SPACES + "?" + AMOUNT);
  private static final Pattern AMOUNT_FIRST = Pattern.compile(AMOUNT + "(" + Patterns.SPACES + "?)(?:([₪$€])|(ש"
      + Patterns.GERSHAYIM + "ח|שקלים|שקל|דולרים|דולר|יורו|אירו)(?!\\p{L}))");

  private Prices() {}

  static Spoken read(String text, int at, Context context) {
    Matcher price = Patterns.lookingAt(SYMBOL_FIRST, text, at);
    if (price != null) {
      return spoken(price.end(), currency(price.group(1)), price.group(2), price.group(3));
    }
    price = Patterns.lookingAt(AMOUNT_FIRST, text, at);
    if (price != null) {
      String unit = price.group(4) != null ? price.group(4) : price.group(5);
      return spoken(price.end(), currency(unit), price.group(1), price.group(2));
    }
    return null;
  }

  private static Spoken spoken(int end, Unit currency, String whole, String fraction) {
    long units = Numerals.value(whole);
    if (units < 0) {
      return null;
    }
    int cents = fraction == null ? 0 : Integer.parseInt(fraction) * (fraction.length() == 1 ? 10 : 1);
    Unit subunit = currency == Unit.SHEKEL ? Unit.AGORA : Unit.CENT;
    if (cents == 0) {
      return new Spoken(end, currency.count(units));
    }
    if (units == 0) {
      return new Spoken(end, subunit.count(cents));
    }
    return new Spoken(end, currency.count(units) + " ו" + subunit.count(cents));
  }

  private static Unit currency(String written) {
    return switch (written) {
      case "$", "דולר", "דולרים" -> Unit.DOLLAR;
      case "€", "יורו", "אירו" -> Unit.EURO;
      default -> Unit.SHEKEL;
    };
  }
}
