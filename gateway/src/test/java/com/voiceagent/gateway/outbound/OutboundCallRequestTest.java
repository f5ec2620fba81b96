package com.voiceagent.gateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundCallRequestTest {
  private static final String CONTEXT = "תזכורת לתור שלך מחר ב-9:30";

  @ParameterizedTest
  @ValueSource(strings = {"+972501234567", "+97231234567", "+14155550100", "+447911123456", "+1234567"})
  void e164NumbersAreAccepted(String to) {
    assertThat(new OutboundCallRequest(to, CONTEXT).problem(300)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0501234567", "972501234567", "+0501234567", "+972 50 123 4567", "+972-50-1234567",
      "+9725012345678901", "+123456", "+97250123456a", "tel:+972501234567", "+"})
  void anythingElseIsRefusedNamingE164(String to) {
    assertThat(new OutboundCallRequest(to, CONTEXT).problem(300)).hasValueSatisfying(p -> assertThat(p).contains("E.164"));
  }

  @Test
  void aMissingNumberIsNamed() {
    assertThat(new OutboundCallRequest(null, CONTEXT).problem(300)).hasValueSatisfying(p -> assertThat(p).contains("\"to\" is required"));
    assertThat(new OutboundCallRequest(" ", CONTEXT).problem(300)).hasValueSatisfying(p -> assertThat(p).contains("\"to\" is required"));
  }

  @Test
  void theContextIsRequiredShortAndOneLine() {
    assertThat(new OutboundCallRequest("+972501234567", null).problem(300)).hasValueSatisfying(p -> assertThat(p).contains("\"context\" is required"));
    assertThat(new OutboundCallRequest("+972501234567", "  ").problem(300)).hasValueSatisfying(p -> assertThat(p).contains("\"context\" is required"));
    assertThat(new OutboundCallRequest("+972501234567", "א".repeat(31)).problem(30))
        .hasValueSatisfying(p -> assertThat(p).contains("31 characters").contains("at most 30"));
    assertThat(new OutboundCallRequest("+972501234567", "א".repeat(30)).problem(30)).isEmpty();
    assertThat(new OutboundCallRequest("+972501234567", "שורה\nשנייה").problem(300))
        .hasValueSatisfying(p -> assertThat(p).contains("control characters"));
  }
}
