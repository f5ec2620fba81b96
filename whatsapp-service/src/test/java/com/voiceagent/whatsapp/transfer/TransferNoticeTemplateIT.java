package com.voiceagent.whatsapp.transfer;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** With TRANSFER_NOTIFY_TEMPLATE_SID the summary goes as that approved template: ContentSid + ContentVariables, no Body. */
@TestPropertySource(properties = "TRANSFER_NOTIFY_TEMPLATE_SID=" + TransferNoticeTemplateIT.TEMPLATE)
class TransferNoticeTemplateIT extends WhatsAppIntegrationTest {
  static final String TEMPLATE = "HX0123456789abcdef0123456789abcdef";

  @Autowired EventPublisher publisher;

  @Test
  void theSummaryGoesAsTheApprovedTemplateWithOneLineVariables() throws Exception {
    String person = newCustomer();
    String callSid = TransferNoticeIT.newCallSid();

    publisher.publish(Topics.TRANSFER_NOTICES, TransferNoticeIT.notice(callSid, "MZ1", person)).get();
    publisher.publish(Topics.TRANSFER_NOTICES, TransferNoticeIT.notice(callSid, "MZ1", person)).get();
    // The same call's next notice (same key, handled in order after the two above) shows both were consumed.
    String marker = newCustomer();
    publisher.publish(Topics.TRANSFER_NOTICES, TransferNoticeIT.notice(callSid, "MZ-marker", marker)).get();
    await().atMost(Duration.ofSeconds(20)).until(() -> TWILIO.acceptedSidsTo(marker).size() == 1);

    assertThat(TWILIO.messagesTo(person)).singleElement().satisfies(form -> {
      assertThat(form).containsEntry("ContentSid", TEMPLATE).containsEntry("From", OUR_NUMBER).doesNotContainKey("Body");
      assertThat(form.get("ContentVariables")).isEqualTo("{\"1\":\"***4567\",\"2\":\"הלקוח: אני רוצה לשנות את התור שלי למחר"
          + " | הבוט: אני מעבירה אתכם לנציג, רק רגע.\",\"3\":\"" + callSid + "\"}");
    });
  }
}
