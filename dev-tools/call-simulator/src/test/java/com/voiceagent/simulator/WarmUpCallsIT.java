package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Warm-up calls against a scripted gateway: real webhooks, real WebSockets, Twilio's validator. */
class WarmUpCallsIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  private CallOptions options(ScriptedGateway gateway, Duration maxDuration) throws Exception {
    short[] samples = new short[1600]; // 0.2 s of a tone at 8 kHz
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / 8_000.0));
    }
    Path wav = dir.resolve("caller.wav");
    Files.write(wav, Wav.pcm16(samples, 8_000));
    return new CallOptions(wav, gateway.address(), gateway.publicHost, TOKEN, null, 1, maxDuration,
        Duration.ofMillis(100), dir.resolve("unused.wav"), "+972501234567", "+97233720000", "AC" + "0".repeat(32));
  }

  /** Answers each call with 0.1 s of audio and a mark once 15 of its frames have arrived. */
  private static void answerEveryCall(ScriptedGateway gateway) {
    AtomicInteger framesOfThisCall = new AtomicInteger();
    gateway.onMessage((g, message) -> {
      String event = message.path("event").asString();
      if (event.equals("start")) {
        framesOfThisCall.set(0);
      } else if (event.equals("media") && framesOfThisCall.incrementAndGet() == 15) {
        byte[] answer = new byte[800];
        Arrays.fill(answer, (byte) 0x22);
        g.sendMedia(answer);
        g.sendMark("answer");
      }
    });
  }

  @Test
  void everyCallIsPlacedAnsweredAndMarkedAsAWarmUpForAnalysts() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway(TOKEN)) {
      answerEveryCall(gateway);

      WarmUpCalls.Result result = WarmUpCalls.run(options(gateway, Duration.ofSeconds(20)), 3, 1, Clock.systemUTC());

      assertThat(result.failures()).isEmpty();
      assertThat(result.placed()).isEqualTo(3);
      assertThat(result.answered()).isEqualTo(3);
      assertThat(result.summary()).startsWith("3 of 3 warm-up calls answered in ");
      List<JsonNode> starts = gateway.received.stream().filter(m -> m.path("event").asString().equals("start")).toList();
      assertThat(starts).hasSize(3);
      assertThat(starts).allSatisfy(start -> {
        JsonNode parameters = start.path("start").path("customParameters");
        assertThat(parameters.path(WarmUpCalls.PARAMETER).asString()).isEqualTo("true");
        assertThat(parameters.path("token").asString()).isEqualTo("call-token-1"); // the TwiML's own parameter
      });
      assertThat(gateway.webhookSignatureValid).isTrue();
      assertThat(gateway.webSocketSignatureValid).isTrue();
    }
  }

  @Test
  void callsThatGetNoAnswerAreReportedAsFailures() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway(TOKEN)) {
      WarmUpCalls.Result result = WarmUpCalls.run(options(gateway, Duration.ofSeconds(1)), 2, 1, Clock.systemUTC());

      assertThat(result.answered()).isZero();
      assertThat(result.failures()).hasSize(2).allSatisfy(f -> assertThat(f).contains("0 of 1 answers"));
      assertThat(result.summary()).startsWith("0 of 2 warm-up calls answered");
    }
  }

  @Test
  void aCountBelowOneIsRejectedWithItsName() {
    assertThatThrownBy(() -> WarmUpCalls.run(null, 0, 1, Clock.systemUTC()))
        .hasMessage("calls must be at least 1, was 0");
    assertThatThrownBy(() -> WarmUpCalls.run(null, 1, 0, Clock.systemUTC()))
        .hasMessage("concurrency must be at least 1, was 0");
  }
}
