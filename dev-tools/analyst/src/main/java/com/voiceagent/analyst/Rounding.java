package com.voiceagent.analyst;

/** The precision of rerun's figures: rates to a thousandth, mean times to a tenth of a millisecond. */
final class Rounding {
  private Rounding() {}

  static double thousandths(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
