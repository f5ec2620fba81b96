package com.voiceagent.whatsapp.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.TwilioAccount;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusWebhookIT extends WhatsAppIntegrationTest {
  static final String PATH = "/webhook/whatsapp/status";

  static Map<String, String> callback(String sid, String customer, String status, String errorCode) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", sid);
    form.put("SmsSid", sid);
    form.put("MessageStatus", status);
    form.put("SmsStatus", status);
    form.put("AccountSid", TwilioAccount.ACCOUNT_SID);
    form.put("From", OUR_NUMBER);
    form.put("To", customer);
    form.put("ChannelPrefix", "whatsapp");
    form.put("ApiVersion", "2010-04-01");
    if (errorCode != null) {
      form.put("ErrorCode", errorCode);
    }
    if (status.equals("read")) {
      form.put("EventType", "READ");
    }
    return form;
  }

  HttpResponse<String> deliver(String sid, String customer, String status) {
    return postSigned(PATH, callback(sid, customer, status, null));
  }

  String current(String sid) {
    return jdbc.sql("select status from message_status where message_sid = ?").param(sid).query(String.class).single();
  }

  @Test
  void aSignedCallbackIsAnsweredWith200AndNoBodyAndKeptAndPublished() {
    String sid = newMessageSid();
    String customer = newCustomer();

    HttpResponse<String> response = deliver(sid, customer, "sent");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(current(sid)).isEqualTo("sent");
    List<WhatsAppStatus> published = records(Topics.WHATSAPP_STATUS.name()).stream()
        .map(r -> (WhatsAppStatus) r.value()).filter(s -> s.getMessageSid().equals(sid)).toList();
    assertThat(published).singleElement().satisfies(s -> {
      assertThat(s.getStatus()).isEqualTo("sent");
      assertThat(s.getConversationId()).isEqualTo(customer);
      assertThat(s.getParams()).containsEntry("ChannelPrefix", "whatsapp");
    });
  }

  @Test
  void anUnsignedCallbackIsRefusedAndChangesNothing() {
    String sid = newMessageSid();
    HttpResponse<String> response = postForm(PATH, callback(sid, newCustomer(), "delivered", null), null);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(jdbc.sql("select count(*) from status_event where message_sid = ?").param(sid).query(Integer.class).single()).isZero();
  }

  @Test
  void aLateSentNeverReplacesDelivered() {
    String sid = newMessageSid();
    String customer = newCustomer();
    deliver(sid, customer, "delivered");
    deliver(sid, customer, "sent");
    deliver(sid, customer, "queued");
    assertThat(current(sid)).isEqualTo("delivered");
    assertThat(jdbc.sql("select status from status_event where message_sid = ? order by id").param(sid).query(String.class).list())
        .containsExactly("delivered", "sent", "queued");
  }

  @Test
  void readWinsWhateverArrivesAfterIt() {
    String sid = newMessageSid();
    String customer = newCustomer();
    deliver(sid, customer, "sent");
    deliver(sid, customer, "read");
    deliver(sid, customer, "delivered");
    assertThat(current(sid)).isEqualTo("read");
  }

  @Test
  void failedIsTerminalAndKeepsItsErrorCode() {
    String sid = newMessageSid();
    String customer = newCustomer();
    deliver(sid, customer, "sent");
    postSigned(PATH, callback(sid, customer, "failed", "63016"));
    deliver(sid, customer, "delivered");
    deliver(sid, customer, "sending");

    assertThat(current(sid)).isEqualTo("failed");
    assertThat(jdbc.sql("select error_code from message_status where message_sid = ?").param(sid).query(String.class).single())
        .isEqualTo("63016");
  }

  @Test
  void aRetriedCallbackIsStoredOnce() {
    String sid = newMessageSid();
    String customer = newCustomer();
    deliver(sid, customer, "delivered");
    deliver(sid, customer, "delivered");
    assertThat(jdbc.sql("select count(*) from status_event where message_sid = ?").param(sid).query(Integer.class).single()).isEqualTo(1);
  }
}
