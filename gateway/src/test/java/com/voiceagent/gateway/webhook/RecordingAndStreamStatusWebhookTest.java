package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.CallLifecycle;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordingAndStreamStatusWebhookTest extends WebhookTestBase {
  private static Map<String, String> attributes(CallLifecycle event) {
    Map<String, String> attributes = new LinkedHashMap<>();
    event.getAttributes().forEach((k, v) -> attributes.put(k.toString(), v.toString()));
    return attributes;
  }

  @Test
  void aVoicemailRecordingIsKeptWithTheCallAndPublished() throws Exception {
    String callSid = newCallSid();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", "AC00000000000000000000000000000001");
    form.put("CallSid", callSid);
    form.put("RecordingSid", "RE00000000000000000000000000000009");
    form.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9");
    form.put("RecordingDuration", "17");
    form.put("RecordingStatus", "completed");
    form.put("RecordingChannels", "1");
    assertThat(postSigned("/webhook/handle_recording", form).statusCode()).isEqualTo(204);

    HttpResponse<String> view = get("/api/calls/" + callSid + "/status");
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body()).contains("\"recordingSid\":\"RE00000000000000000000000000000009\"").contains("\"recordingDuration\":\"17\"");

    List<ConsumerRecord<String, CallLifecycle>> records = lifecycleOf(callSid, 1);
    assertThat(records).hasSize(1);
    assertThat(attributes(records.getFirst().value())).containsEntry("callback", "recording")
        .containsEntry("RecordingSid", "RE00000000000000000000000000000009")
        .containsEntry("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9")
        .containsEntry("RecordingDuration", "17").containsEntry("RecordingStatus", "completed");
  }

  @Test
  void aRecordingWithoutRecordingDetailsIsABadRequest() throws Exception {
    assertThat(postSigned("/webhook/handle_recording", Map.of("CallSid", newCallSid())).statusCode()).isEqualTo(400);
  }

  @Test
  void aStreamStatusCallbackIsPublishedWithItsStreamAndEvent() throws Exception {
    String callSid = newCallSid();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", "AC00000000000000000000000000000001");
    form.put("CallSid", callSid);
    form.put("StreamSid", "MZ00000000000000000000000000000007");
    form.put("StreamName", "media");
    form.put("StreamEvent", "stream-error");
    form.put("StreamError", "Stream - WebSocket - Connection Refused");
    form.put("Timestamp", "2026-11-23T01:00:00.000Z");
    assertThat(postSigned("/webhook/stream_status", form).statusCode()).isEqualTo(204);

    List<ConsumerRecord<String, CallLifecycle>> records = lifecycleOf(callSid, 1);
    assertThat(records).hasSize(1);
    CallLifecycle event = records.getFirst().value();
    assertThat(String.valueOf(event.getStreamSid())).isEqualTo("MZ00000000000000000000000000000007");
    assertThat(event.getCallStatus()).isNull();
    assertThat(attributes(event)).containsEntry("callback", "stream-status").containsEntry("StreamEvent", "stream-error")
        .containsEntry("StreamError", "Stream - WebSocket - Connection Refused").containsEntry("StreamName", "media")
        .containsEntry("Timestamp", "2026-11-23T01:00:00.000Z");
  }
}
