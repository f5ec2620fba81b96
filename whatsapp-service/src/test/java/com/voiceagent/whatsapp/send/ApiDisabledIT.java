package com.voiceagent.whatsapp.send;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_SEND;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** No WHATSAPP_API_TOKEN: the API is closed, not open. WHATSAPP_AUTO_REPLY=false: no reply listener. */
@TestPropertySource(properties = {"WHATSAPP_API_TOKEN=", "voice.edge.api-tokens=", "voice.whatsapp.auto-reply=false"})
class ApiDisabledIT extends WhatsAppIntegrationTest {

  @Autowired ApplicationContext context;

  @Test
  void withAutoReplyOffTheBrainsRepliesAreNotConsumed() {
    assertThat(context.containsBean("textReplyListener")).isFalse();
    assertThat(context.containsBean("outboxRelay")).isTrue();
  }

  @Test
  void withoutAConfiguredTokenEverySendIsRefusedWith503() {
    for (String token : new String[] {null, "", API_TOKEN}) {
      HttpResponse<String> response = postJson("/api/whatsapp/send", "{\"to\":\"+972501234567\",\"body\":\"hi\"}", token, Map.of());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("WHATSAPP_API_TOKEN");
    }
    assertThat(get("/api/whatsapp/conversations/+972501234567", API_TOKEN).statusCode()).isEqualTo(503);
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }
}
