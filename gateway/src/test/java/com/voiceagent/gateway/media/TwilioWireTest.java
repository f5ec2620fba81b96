package com.voiceagent.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TwilioWireTest {
  private final TwilioWire wire = new TwilioWire();

  @Test
  void startCarriesCallSidStreamSidAndCustomParameters() {
    InboundEvent event = wire.parse("""
        {"event":"start","sequenceNumber":"1","streamSid":"MZ1",
         "start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],
                  "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
                  "customParameters":{"token":"abc"}}}""");
    assertThat(event).isEqualTo(new InboundEvent.Start("MZ1", "AC1", "CA1", 8000, java.util.Map.of("token", "abc")));
  }

  @Test
  void mediaTimestampIsStreamMillisecondsAndPayloadIsDecoded() {
    InboundEvent.Media media = (InboundEvent.Media) wire.parse("""
        {"event":"media","sequenceNumber":"4","streamSid":"MZ1",
         "media":{"track":"inbound","chunk":"2","timestamp":"40","payload":"/38A"}}""");
    assertThat(media.timestampMs()).isEqualTo(40);
    assertThat(media.muLaw()).containsExactly((byte) 0xFF, (byte) 0x7F, (byte) 0x00);
  }

  @Test
  void markDtmfStopAndUnknownEventsAreRecognised() {
    assertThat(wire.parse("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"t1-s0\"}}"))
        .isEqualTo(new InboundEvent.Mark("MZ1", "t1-s0"));
    assertThat(wire.parse("{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}"))
        .isEqualTo(new InboundEvent.Dtmf("MZ1", "1"));
    assertThat(wire.parse("{\"event\":\"stop\",\"streamSid\":\"MZ1\",\"stop\":{\"callSid\":\"CA1\"}}"))
        .isEqualTo(new InboundEvent.Stop("MZ1"));
    assertThat(wire.parse("{\"event\":\"future-thing\",\"streamSid\":\"MZ1\"}"))
        .isEqualTo(new InboundEvent.Unknown("MZ1", "future-thing"));
  }

  @Test
  void notJsonIsAnInvalidPayload() {
    assertClosesWith("hello", CloseStatus.BAD_DATA);
    assertClosesWith("[1,2]", CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":5}", CloseStatus.BAD_DATA);
  }

  @Test
  void invalidBase64IsAnInvalidPayload() {
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"timestamp\":\"0\",\"payload\":\"***\"}}",
        CloseStatus.BAD_DATA);
  }

  @Test
  void aStartWhoseInnerStreamSidDiffersIsAPolicyViolation() {
    assertClosesWith("{\"event\":\"start\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ2\",\"callSid\":\"CA1\"}}",
        CloseStatus.POLICY_VIOLATION);
  }

  @Test
  void outboundMessagesHaveTwiliosExactShape() {
    JsonNode media = JsonMapper.builder().build().readTree(wire.media("MZ1", new byte[] {(byte) 0xFF, 0x7F}));
    assertThat(media.toString()).isEqualTo("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"/38=\"}}");
    assertThat(wire.mark("MZ1", "t1-s0")).isEqualTo("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"t1-s0\"}}");
    assertThat(wire.clear("MZ1")).isEqualTo("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");
  }

  private void assertClosesWith(String text, CloseStatus status) {
    assertThatThrownBy(() -> wire.parse(text))
        .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.closeStatus().getCode()).isEqualTo(status.getCode()));
  }
}
