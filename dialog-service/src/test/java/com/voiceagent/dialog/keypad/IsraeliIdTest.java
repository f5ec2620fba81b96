package com.voiceagent.dialog.keypad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsraeliIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"123456782", "000000018", "039337423", "300000007"})
  void nineDigitsWhoseCheckDigitFitsAreAnId(String id) {
    assertThat(IsraeliId.parse(id)).contains(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"123456789", "123456781", "039337424", "300000008"})
  void aWrongCheckDigitIsNotAnId(String id) {
    assertThat(IsraeliId.parse(id)).isEmpty();
  }

  @Test
  void eightDigitsAreAnIdWrittenWithoutItsLeadingZero() {
    assertThat(IsraeliId.parse("39337423")).contains("039337423");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1234567", "1234567820", "12345678a", "000000000", "12345 678"})
  void otherLengthsLettersAndAllZerosAreRefused(String digits) {
    assertThat(IsraeliId.parse(digits)).isEmpty();
  }
}
