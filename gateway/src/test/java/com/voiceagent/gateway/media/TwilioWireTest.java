package com.voiceagent.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TwilioWireTest {
  static final String MZ = "MZ0123456789abcdef0123456789abcdef";
  static final String CA = "CA0123456789abcdef0123456789abcdef";
  static final String AC = "AC0123456789abcdef0123456789abcdef";
  private final TwilioWire wire = new TwilioWire(640);

  @Test
  void startCarriesCallSidStreamSidAndCustomParameters() {
    InboundEvent event = wire.parse(start(CA, AC));
    assertThat(event).isEqualTo(new InboundEvent.Start(MZ, AC, CA, 8000, java.util.Map.of("token", "abc")));
  }

  @Test
  void mediaTimestampIsStreamMillisecondsAndPayloadIsDecoded() {
    InboundEvent.Media media = (InboundEvent.Media) wire.parse("""
        {"event":"media","sequenceNumber":"4","streamSid":"%s",
         "media":{"track":"inbound","chunk":"2","timestamp":"40","payload":"/38A"}}""".formatted(MZ));
    assertThat(media.timestampMs()).isEqualTo(40);
    assertThat(media.muLaw()).containsExactly((byte) 0xFF, (byte) 0x7F, (byte) 0x00);
  }

  @Test
  void markDtmfStopAndUnknownEventsAreRecognised() {
    assertThat(wire.parse("{\"event\":\"mark\",\"streamSid\":\"" + MZ + "\",\"mark\":{\"name\":\"t1-s0\"}}"))
        .isEqualTo(new InboundEvent.Mark(MZ, "t1-s0"));
    assertThat(wire.parse("{\"event\":\"dtmf\",\"streamSid\":\"" + MZ
        + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}"))
        .isEqualTo(new InboundEvent.Dtmf(MZ, "1"));
    assertThat(wire.parse("{\"event\":\"stop\",\"streamSid\":\"" + MZ + "\",\"stop\":{\"callSid\":\"" + CA + "\"}}"))
        .isEqualTo(new InboundEvent.Stop(MZ));
    assertThat(wire.parse("{\"event\":\"future-thing\",\"streamSid\":\"" + MZ + "\"}"))
        .isEqualTo(new InboundEvent.Unknown(MZ, "future-thing"));
  }

  @Test
  void anUnknownEventKeepsItsStreamSidOnlyInTwiliosFormat() {
    assertThat(wire.parse("{\"event\":\"future-thing\",\"streamSid\":\"MZ1\\nforged\"}"))
        .isEqualTo(new InboundEvent.Unknown(null, "future-thing"));
  }

  @Test
  void fieldsMayComeInAnyOrderAndARepeatedFieldCountsItsLastValue() {
    InboundEvent.Media media = (InboundEvent.Media) wire.parse("""
        {"media":{"payload":"AAAA","timestamp":"20","payload":"/38A"},"streamSid":"%s","sequenceNumber":"9",
         "extra":{"nested":[1,{"a":2}]},"event":"mark","event":"media"}""".formatted(MZ));
    assertThat(media).isEqualTo(new InboundEvent.Media(MZ, 20, media.muLaw()));
    assertThat(media.muLaw()).containsExactly((byte) 0xFF, (byte) 0x7F, (byte) 0x00);
  }

  @Test
  void aBadMediaPayloadMattersOnlyInAMediaMessage() {
    assertThat(wire.parse("{\"event\":\"mark\",\"media\":{\"payload\":\"***\"},\"streamSid\":\"" + MZ
        + "\",\"mark\":{\"name\":\"t1-s0\"}}")).isEqualTo(new InboundEvent.Mark(MZ, "t1-s0"));
    assertThat(wire.parse("{\"event\":\"stop\",\"streamSid\":\"" + MZ + "\",\"media\":{\"payload\":\""
        + "A".repeat(4000) + "\"}}")).isEqualTo(new InboundEvent.Stop(MZ));
  }

  @Test
  void mediaWithoutItsTimestampOrPayloadOrWithANonStringPayloadIsAnInvalidPayload() {
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"payload\":\"/38A\"}}",
        CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"timestamp\":\"0\"}}",
        CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"timestamp\":\"0\",\"payload\":[1]}}",
        CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":[]}", CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"timestamp\":\"0\",\"payload\":\"/38A\"}} {}",
        CloseStatus.BAD_DATA);
  }

  @Test
  void notJsonIsAnInvalidPayload() {
    assertClosesWith("hello", CloseStatus.BAD_DATA);
    assertClosesWith("[1,2]", CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":5}", CloseStatus.BAD_DATA);
  }

  @Test
  void invalidBase64IsAnInvalidPayload() {
    assertClosesWith("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"timestamp\":\"0\",\"payload\":\"***\"}}",
        CloseStatus.BAD_DATA);
  }

  @Test
  void idsNotInTwiliosFormatAreInvalidPayloadsBeforeAnythingCanLogThem() {
    assertClosesWith(start("CA0123456789abcdef0123456789abcdef\n22:00:00 INFO forged line", AC), CloseStatus.BAD_DATA);
    assertClosesWith(start("CA42", AC), CloseStatus.BAD_DATA);
    assertClosesWith(start(CA, "AC1"), CloseStatus.BAD_DATA);
    assertClosesWith(start(CA, null), CloseStatus.BAD_DATA);
    assertClosesWith("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"t1-s0\"}}", CloseStatus.BAD_DATA);
  }

  @Test
  void aMediaPayloadLargerThanTheLimitIsRefusedAsTooBigAndOneAtTheLimitIsAccepted() {
    assertThat(((InboundEvent.Media) wire.parse(media(new byte[640]))).muLaw()).hasSize(640);
    assertClosesWith(media(new byte[641]), CloseStatus.TOO_BIG_TO_PROCESS);
    assertClosesWith(media(new byte[16_000]), CloseStatus.TOO_BIG_TO_PROCESS);
  }

  @Test
  void aLimitBelowWhatTwilioSendsIsRefused() {
    assertThatThrownBy(() -> new TwilioWire(159)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMediaBytes must be at least Twilio's 160, was 159");
  }

  @Test
  void aStartWhoseInnerStreamSidDiffersIsAPolicyViolation() {
    assertClosesWith("{\"event\":\"start\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"" + MZ + "\",\"callSid\":\""
        + CA + "\",\"accountSid\":\"" + AC + "\"}}", CloseStatus.POLICY_VIOLATION);
  }

  @Test
  void outboundMessagesHaveTwiliosExactShape() {
    JsonNode media = JsonMapper.builder().build().readTree(wire.media("MZ1", new byte[] {(byte) 0xFF, 0x7F}));
    assertThat(media.toString()).isEqualTo("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"/38=\"}}");
    assertThat(wire.mark("MZ1", "t1-s0")).isEqualTo("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"t1-s0\"}}");
    assertThat(wire.clear("MZ1")).isEqualTo("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");
  }

  private static String start(String callSid, String accountSid) {
    JsonMapper json = JsonMapper.builder().build();
    String account = accountSid == null ? "" : "\"accountSid\":" + json.writeValueAsString(accountSid) + ",";
    return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + MZ + "\",\"start\":{" + account
        + "\"streamSid\":\"" + MZ + "\",\"callSid\":" + json.writeValueAsString(callSid)
        + ",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
        + "\"customParameters\":{\"token\":\"abc\"}}}";
  }

  private static String media(byte[] audio) {
    return "{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"timestamp\":\"0\",\"payload\":\""
        + Base64.getEncoder().encodeToString(audio) + "\"}}";
  }

  private void assertClosesWith(String text, CloseStatus status) {
    assertThatThrownBy(() -> wire.parse(text))
        .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.closeStatus().getCode()).isEqualTo(status.getCode()));
  }
}
