package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.platform.kafka.EventPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CallStatusWebhookTest extends WebhookTestBase {
  static Map<String, String> status(String callSid, String status, int seq) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("CallSid", callSid);
    form.put("AccountSid", "AC00000000000000000000000000000001");
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    form.put("CallStatus", status);
    form.put("Timestamp", "Mon, 23 Nov 2026 01:00:0" + seq + " +0000");
    form.put("CallbackSource", "call-progress-events");
    form.put("SequenceNumber", Integer.toString(seq));
    if (status.equals("completed")) {
      form.put("CallDuration", "42");
    }
    return form;
  }

  @Test
  void outOfOrderCallbacksEndInTheStateWithTheHighestSequenceNumber() throws Exception {
    String callSid = newCallSid();
    assertThat(postSigned("/webhook/call_status", status(callSid, "completed", 3)).statusCode()).isEqualTo(204);
    assertThat(postSigned("/webhook/call_status", status(callSid, "ringing", 1)).statusCode()).isEqualTo(204);
    assertThat(postSigned("/webhook/call_status", status(callSid, "in-progress", 2)).statusCode()).isEqualTo(204);

    HttpResponse<String> view = get("/api/calls/" + callSid + "/status");
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body()).contains("\"callStatus\":\"completed\"").contains("\"sequenceNumber\":3").contains("\"callDuration\":\"42\"")
        .doesNotContain("+972501234567");
  }

  @Test
  void everyStatusIsPublishedAsCallStatusWithTheRequestIdInTheKafkaHeader() throws Exception {
    String callSid = newCallSid();
    HttpResponse<String> response = postSigned("/webhook/call_status", status(callSid, "completed", 5), "X-Request-ID", "status-req-1");
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("X-Request-ID")).contains("status-req-1");
    postSigned("/webhook/call_status", status(callSid, "ringing", 1));

    List<ConsumerRecord<String, CallLifecycle>> records = lifecycleOf(callSid, 2);
    assertThat(records).hasSize(2);
    ConsumerRecord<String, CallLifecycle> completed = records.stream()
        .filter(r -> "completed".equals(String.valueOf(r.value().getCallStatus()))).findFirst().orElseThrow();
    CallLifecycle event = completed.value();
    assertThat(event.getKind()).isEqualTo(CallLifecycleKind.CALL_STATUS);
    assertThat(event.getSequenceNumber()).isEqualTo(5);
    assertThat(String.valueOf(event.getFrom())).isEqualTo("+972501234567");
    assertThat(String.valueOf(event.getTo())).isEqualTo("+97231234567");
    assertThat(event.getProducer().toString()).isEqualTo("gw-webhook-test");
    Map<String, String> attributes = new LinkedHashMap<>();
    event.getAttributes().forEach((k, v) -> attributes.put(k.toString(), v.toString()));
    assertThat(attributes).containsEntry("CallDuration", "42").containsEntry("CallbackSource", "call-progress-events")
        .containsEntry("AccountSid", "AC00000000000000000000000000000001").containsEntry("callback", "call-status")
        .doesNotContainKeys("CallSid", "CallStatus", "SequenceNumber", "From", "To");
    assertThat(new String(completed.headers().lastHeader(EventPublisher.REQUEST_ID_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("status-req-1");
  }

  @Test
  void aStatusWithoutCallSidIsABadRequest() throws Exception {
    HttpResponse<String> response = postSigned("/webhook/call_status", Map.of("CallStatus", "ringing"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("CallSid and CallStatus are required");
  }

  @Test
  void anUnknownCallHasNoStatus() throws Exception {
    assertThat(get("/api/calls/" + newCallSid() + "/status").statusCode()).isEqualTo(404);
  }

  @Test
  void aCallSidNotInTwiliosFormatIsABadRequestAndNotEchoed() throws Exception {
    HttpResponse<String> answer = get("/api/calls/CA%3Cscript%3E/status");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).doesNotContain("script").contains("CallSid is not a Twilio id");
  }
}
