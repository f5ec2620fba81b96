package com.voiceagent.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.TwilioProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WhatsAppPropertiesTest {
  private static WhatsAppProperties withDatabaseUrl(String url) {
    return new WhatsAppProperties("+14155238886", true, url, Duration.ofHours(24), Duration.ofSeconds(10),
        new WhatsAppProperties.Twilio(3, Duration.ofMillis(300)),
        new WhatsAppProperties.Outbox(Duration.ofSeconds(2), Duration.ofSeconds(60), 8, Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofMinutes(2)));
  }

  @Test
  void theDatabasePasswordIsNeverInToString() {
    assertThat(withDatabaseUrl("postgres://voice:s3cret-pass@db.internal:5432/voice").toString())
        .doesNotContain("s3cret-pass").contains("postgres://voice:***@db.internal:5432/voice");
    assertThat(withDatabaseUrl("jdbc:postgresql://db.internal/voice?user=voice&password=s3cret-pass").toString())
        .doesNotContain("s3cret-pass").contains("password=***");
  }

  @Test
  void withoutAPublicBaseNoStatusCallbackIsAskedFor() {
    assertThat(WhatsAppProperties.statusCallbackUrl(new TwilioProperties(null, null, null, null, null))).isNull();
    assertThat(WhatsAppProperties.statusCallbackUrl(new TwilioProperties(null, null, null, "wa.example.com", null)))
        .isEqualTo("https://wa.example.com/webhook/whatsapp/status");
  }
}
