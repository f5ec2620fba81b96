package com.voiceagent.dialog.keypad;

import java.util.Optional;

/**
 * An Israeli ID number (מספר תעודת זהות): nine digits, the last a check digit. The check is Luhn's: digits are
 * weighted 1, 2, 1, 2, ... from the left, a product above 9 counts as the sum of its digits, and the total must be
 * a multiple of ten. IDs issued with fewer digits are written with leading zeros, so eight digits are accepted and
 * padded (callers often leave the zero out).
 */
public final class IsraeliId {
  private IsraeliId() {}

  /** The nine-digit ID when {@code digits} is one, else empty. */
  public static Optional<String> parse(String digits) {
    if (digits == null || !digits.matches("[0-9]{8,9}")) {
      return Optional.empty();
    }
    String id = digits.length() == 9 ? digits : "0" + digits;
    if (id.chars().allMatch(c -> c == '0')) {
      return Optional.empty();
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      int product = (id.charAt(i) - '0') * (i % 2 == 0 ? 1 : 2);
      sum += product > 9 ? product - 9 : product;
    }
    return sum % 10 == 0 ? Optional.of(id) : Optional.empty();
  }
}
