package com.voiceagent.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.TwilioProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class WhatsAppPropertiesTest {
  private static WhatsAppProperties withDatabaseUrl(String url) {
    return new WhatsAppProperties("+14155238886", true, url, Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofMinutes(10),
        new WhatsAppProperties.Twilio(3, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(10)),
        new WhatsAppProperties.Outbox(Duration.ofSeconds(2), Duration.ofMinutes(5), 8, Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofMinutes(2)),
        new WhatsAppProperties.Events(Duration.ofSeconds(1), Duration.ofSeconds(30)), new WhatsAppProperties.TransferNotify(""));
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

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(WhatsAppProperties.class)
  static class Bound {}

  private final ApplicationContextRunner service = new ApplicationContextRunner().withUserConfiguration(Bound.class);

  @Test
  void theLongestSendCountsLookupAndSendEachWithEveryRetryAndTwilioJavasOwnRepeats() {
    WhatsAppProperties.Twilio twilio = new WhatsAppProperties.Twilio(3, Duration.ofMillis(300), Duration.ofSeconds(2),
        Duration.ofSeconds(10));
    // One HTTP request: 2 s for a pooled connection + 2 s to connect + 10 s for the answer = 14 s; twilio-java makes up
    // to 3 of them 100 ms apart (42.2 s); we make up to 3 such calls with 300 ms and 600 ms between (127.5 s); a row
    // in doubt is looked up and then sent (255 s).
    assertThat(twilio.longestCall()).isEqualTo(Duration.ofMillis(127_500));
    assertThat(twilio.longestSend()).isEqualTo(Duration.ofSeconds(255));
  }

  @Test
  void aTransferNotifyTemplateThatIsNotAContentSidDoesNotStartNamingTheVariable() {
    service.withPropertyValues("voice.whatsapp.transfer-notify.template-sid=HX123").run(context -> assertThat(context).hasFailed()
        .getFailure().rootCause().hasMessageContaining("TRANSFER_NOTIFY_TEMPLATE_SID"));
    service.withPropertyValues("voice.whatsapp.transfer-notify.template-sid=HX0123456789abcdef0123456789abcdef").run(context ->
        assertThat(context).hasNotFailed().getBean(WhatsAppProperties.class).extracting(p -> p.transferNotify().usesTemplate())
            .isEqualTo(true));
  }

  @Test
  void aServiceWhoseLeaseIsNotLongerThanItsLongestSendDoesNotStart() {
    service.withPropertyValues("voice.whatsapp.outbox.lease=60s").run(context -> assertThat(context).hasFailed()
        .getFailure().rootCause().hasMessageContaining("voice.whatsapp.outbox.lease (PT1M) must be longer than the longest send, PT4M15S"));
    service.withPropertyValues("voice.whatsapp.twilio.read-timeout=30s").run(context -> assertThat(context).hasFailed()
        .getFailure().rootCause().hasMessageContaining("must be longer than the longest send, PT10M15S"));
    service.run(context -> assertThat(context).hasNotFailed()
        .getBean(WhatsAppProperties.class).extracting(p -> p.outbox().lease()).isEqualTo(Duration.ofMinutes(5)));
  }
}
