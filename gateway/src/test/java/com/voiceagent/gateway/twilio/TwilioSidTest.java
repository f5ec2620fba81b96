package com.voiceagent.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwilioSidTest {
  private static final String DIGITS = "0123456789abcdef0123456789abcdef";

  @Test
  void twoLettersOfTheKindThen32HexDigitsInEitherCase() {
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS)).isTrue();
    assertThat(TwilioSid.CALL.matches("CA" + DIGITS.toUpperCase())).isTrue();
  }

  @Test
  void anythingElseIsNotTwiliosFormat() {
    assertThat(TwilioSid.STREAM.matches(null)).isFalse();
    assertThat(TwilioSid.STREAM.matches("CA" + DIGITS)).as("another kind's prefix").isFalse();
    assertThat(TwilioSid.STREAM.matches("mz" + DIGITS)).as("lower-case prefix").isFalse();
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS.substring(1))).as("31 digits").isFalse();
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS + "0")).as("33 digits").isFalse();
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS.substring(1) + "g")).as("not hex").isFalse();
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS.substring(1) + "\u0663")).as("a non-ASCII digit").isFalse();
    assertThat(TwilioSid.STREAM.matches("MZ" + DIGITS.substring(2) + "\r\n")).as("a line break").isFalse();
  }
}
