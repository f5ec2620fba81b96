package com.voiceagent.twiliokit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MediaStreamMessagesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final MediaStreamMessages protocol = new MediaStreamMessages(new StreamIds("AC1", "CA1", "MZ1"));

  @Test
  void connectedCarriesNoSequenceNumber() {
    assertThat(JSON.readTree(protocol.connected()).toString())
        .isEqualTo("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
  }

  @Test
  void startHasTwiliosShapeWithNumbersWhereTwilioSendsNumbers() {
    JsonNode start = JSON.readTree(protocol.start(1, Map.of("token", "t")));

    assertThat(start.path("event").asString()).isEqualTo("start");
    assertThat(start.path("sequenceNumber").isString()).isTrue();
    assertThat(start.path("sequenceNumber").asString()).isEqualTo("1");
    assertThat(start.path("streamSid").asString()).isEqualTo("MZ1");
    JsonNode body = start.path("start");
    assertThat(body.path("callSid").asString()).isEqualTo("CA1");
    assertThat(body.path("accountSid").asString()).isEqualTo("AC1");
    assertThat(body.path("streamSid").asString()).isEqualTo("MZ1");
    assertThat(body.path("tracks").get(0).asString()).isEqualTo("inbound");
    assertThat(body.path("mediaFormat").path("encoding").asString()).isEqualTo("audio/x-mulaw");
    assertThat(body.path("mediaFormat").path("sampleRate").isInt()).isTrue();
    assertThat(body.path("mediaFormat").path("sampleRate").asInt()).isEqualTo(8000);
    assertThat(body.path("mediaFormat").path("channels").asInt()).isEqualTo(1);
    assertThat(body.path("customParameters").path("token").asString()).isEqualTo("t");
  }

  @Test
  void mediaCarriesChunkTimestampAndSequenceAsStrings() {
    JsonNode media = JSON.readTree(protocol.media(4, 3, 40, new byte[160]));

    assertThat(media.path("sequenceNumber").asString()).isEqualTo("4");
    assertThat(media.path("media").path("track").asString()).isEqualTo("inbound");
    assertThat(media.path("media").path("chunk").isString()).isTrue();
    assertThat(media.path("media").path("chunk").asString()).isEqualTo("3");
    assertThat(media.path("media").path("timestamp").asString()).isEqualTo("40");
    assertThat(Base64.getDecoder().decode(media.path("media").path("payload").asString())).hasSize(160);
  }

  @Test
  void anEchoedMarkHasTwiliosMarkShape() {
    JsonNode mark = JSON.readTree(protocol.mark(9, "turn-1/seg-0"));

    assertThat(mark.toString()).isEqualTo(
        "{\"event\":\"mark\",\"sequenceNumber\":\"9\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"turn-1/seg-0\"}}");
  }

  @Test
  void dtmfNamesTheInboundTrackAndTheDigit() {
    JsonNode dtmf = JSON.readTree(protocol.dtmf(5, "1"));

    assertThat(dtmf.toString()).isEqualTo("{\"event\":\"dtmf\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZ1\","
        + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}");
  }

  @Test
  void stopNamesTheCall() {
    JsonNode stop = JSON.readTree(protocol.stop(10));
    assertThat(stop.path("stop").path("callSid").asString()).isEqualTo("CA1");
    assertThat(stop.path("stop").path("accountSid").asString()).isEqualTo("AC1");
  }

  @Test
  void readsTheThreeMessagesAServerMaySend() {
    String payload = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    assertThat(protocol.read("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + payload + "\"}}"))
        .isInstanceOfSatisfying(MediaStreamMessages.Media.class, m -> assertThat(m.muLaw()).containsExactly(1, 2, 3));
    assertThat(protocol.read("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"x\"}}"))
        .isEqualTo(new MediaStreamMessages.Mark("x"));
    assertThat(protocol.read("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}"))
        .isInstanceOf(MediaStreamMessages.Clear.class);
  }

  @Test
  void whatTwilioWouldRejectIsReportedWithTwiliosErrorCode() {
    assertThatThrownBy(() -> protocol.read("{\"event\":\"clear\",\"streamSid\":\"MZ2\"}"))
        .hasMessageStartingWith("31951 wrong or missing streamSid 'MZ2'");
    assertThatThrownBy(() -> protocol.read("{\"event\":\"clear\"}"))
        .hasMessageStartingWith("31951 wrong or missing streamSid 'null'");
    assertThatThrownBy(() -> protocol.read("{\"event\":\"play\",\"streamSid\":\"MZ1\"}"))
        .hasMessage("31951 unknown event 'play'");
    assertThatThrownBy(() -> protocol.read("{\"event\":\"clear\",\"streamSid\":\"MZ1\",\"sequenceNumber\":\"3\"}"))
        .hasMessage("31951 extra field 'sequenceNumber' in clear");
    assertThatThrownBy(() -> protocol.read("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{}}"))
        .hasMessage("31951 media without media.payload");
    assertThatThrownBy(() -> protocol.read("RIFF...."))
        .hasMessageStartingWith("31951 not JSON");
  }
}
