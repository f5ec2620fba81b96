package com.voiceagent.whatsapp.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WhatsAppAddressTest {

  @Test
  void anE164NumberWithOrWithoutThePrefixBecomesTheWhatsAppForm() {
    assertThat(WhatsAppAddress.normalise("+972501234567")).isEqualTo("whatsapp:+972501234567");
    assertThat(WhatsAppAddress.normalise(" whatsapp:+14155238886 ")).isEqualTo("whatsapp:+14155238886");
    assertThat(WhatsAppAddress.normalise("WhatsApp:+14155238886")).isEqualTo("whatsapp:+14155238886");
  }

  @Test
  void aNumberThatIsNotE164IsRefusedWithTheExpectedFormat() {
    for (String bad : new String[] {"0501234567", "+0501234567", "972501234567", "+97250-123-4567", "+1234567890123456", "tel:+972501234567"}) {
      assertThatThrownBy(() -> WhatsAppAddress.normalise(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("E.164");
    }
    assertThatThrownBy(() -> WhatsAppAddress.normalise(null)).hasMessageContaining("required");
  }
}
