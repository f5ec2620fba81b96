package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.Utterance;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * The per-socket limits against the running gateway, in a context of its own: the shared one lifts the
 * real-time and flood limits so its tests can push audio at full speed. Here those are the defaults; the
 * socket cap, the start timeout and the warning interval are small so the tests stay short.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
    "voice.gateway.inbound.flood-limit-per-second=200",
    "voice.gateway.inbound.max-audio-ahead=2s",
    "voice.gateway.inbound.max-sockets=" + LimitsIT.MAX_SOCKETS,
    "voice.gateway.inbound.start-timeout=1s",
    "voice.gateway.inbound.warning-interval=2s"})
class LimitsIT extends GatewayTestBase {
  static final int MAX_SOCKETS = 3;
  /** The largest payload accepted by default: what an attacker pushing audio would use. */
  static final int MAX_PAYLOAD = 640;
  private static KafkaTap utterances;

  /** This context has a broker of its own: the shared tap reads another one. */
  private synchronized KafkaTap utterances() {
    if (utterances == null) {
      utterances = new KafkaTap(broker.getBrokersAsString(), List.of(Topics.UTTERANCES.name()));
    }
    return utterances;
  }

  @AfterAll
  static void stopTap() {
    if (utterances != null) {
      utterances.close();
    }
  }

  @Test
  void aSocketThatNeverSendsStartIsClosedAfterTheStartTimeoutThoughItKeepsSendingConnected(CapturedOutput output)
      throws Exception {
    MediaStreamClient idle = connectStream(newCallSid());
    long openedAt = System.nanoTime();
    while (idle.isOpen() && System.nanoTime() - openedAt < Duration.ofSeconds(10).toNanos()) {
      idle.connected();
      Thread.sleep(100);
    }
    assertThat(idle.closeCode().get(1, TimeUnit.SECONDS)).isEqualTo(1008);
    assertThat(Duration.ofNanos(System.nanoTime() - openedAt)).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("no start within 1000 ms (close code 1008)"));
  }

  @Test
  void socketsBeyondTheCapAreRefusedWithTryAgainLaterAndAdmittedOnceOneCloses(CapturedOutput output) throws Exception {
    List<MediaStreamClient> admitted = new ArrayList<>();
    Integer refusedWith = null;
    for (int attempt = 0; attempt < MAX_SOCKETS + 3 && refusedWith == null; attempt++) {
      MediaStreamClient socket = connectStream(newCallSid());
      refusedWith = closedWithin(socket, Duration.ofMillis(500));
      if (refusedWith == null) {
        admitted.add(socket.connected().start(Map.of("token", tokenFor(socket.callSid()))));
      }
    }
    assertThat(refusedWith).as("a socket beyond the cap").isEqualTo(1013);
    assertThat(admitted).hasSizeBetween(1, MAX_SOCKETS);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> output.getOut().contains("(voice.gateway.inbound.max-sockets), close code 1013"));
    assertThat(admitted).allMatch(MediaStreamClient::isOpen);

    MediaStreamClient leaving = admitted.removeFirst();
    leaving.close();
    leaving.closeCode().get(5, TimeUnit.SECONDS);
    MediaStreamClient next = await().atMost(Duration.ofSeconds(10)).until(() -> {
      MediaStreamClient socket = connectStream(newCallSid());
      return closedWithin(socket, Duration.ofMillis(300)) == null ? socket : null;
    }, socket -> socket != null);
    next.connected().start(Map.of("token", tokenFor(next.callSid())));
    assertThat(closedWithin(next, Duration.ofMillis(500))).isNull();
    next.close();
    admitted.forEach(MediaStreamClient::close);
  }

  @Test
  void anUnknownEventRepeatedIsLoggedOncePerIntervalWithTheCountOfTheOnesLeftOut(CapturedOutput output) throws Exception {
    String event = "probe-" + UUID.randomUUID().toString().substring(0, 8); // logged whole: under 40 characters
    MediaStreamClient call = startCall();
    for (int i = 0; i < 50; i++) {
      call.sendText("{\"event\":\"" + event + "\",\"streamSid\":\"" + call.streamSid() + "\"}");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("unknown event '" + event + "' ignored"));
    Thread.sleep(2_100); // the warning interval
    call.sendText("{\"event\":\"" + event + "\",\"streamSid\":\"" + call.streamSid() + "\"}");

    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("(49 more like it left out of the log)"));
    assertThat(output.getOut().lines().filter(line -> line.contains(event))).hasSize(2);
    assertThat(call.isOpen()).isTrue();
    call.close();
  }

  @Test
  void aMediaPayloadLargerThanTwilioEverSendsClosesTheSocketAsTooBig(CapturedOutput output) throws Exception {
    MediaStreamClient call = startCall();
    call.sendText(media(call, 0, tone(1000))); // 8000 bytes in one message: a second of audio

    assertThat(call.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("media.payload larger than 640 bytes"));
  }

  @Test
  void aHundredSecondsOfSpeechPushedInAtOnceIsClosedBeforeItBecomesUtterances(CapturedOutput output) throws Exception {
    MediaStreamClient call = startCall();
    byte[] speech = speechWithPauses(100);
    for (int offset = 0; offset < speech.length && call.isOpen(); offset += MAX_PAYLOAD) {
      call.sendText(media(call, offset / 8, java.util.Arrays.copyOfRange(speech, offset, offset + MAX_PAYLOAD)));
    }

    assertThat(call.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("ms ahead of real time (at most 2000 ms)"));
    // What the gateway took (at most 2 s ahead of the time the push lasted) holds at most a couple of the
    // utterances; the 100 s pushed would have made more than 80.
    Thread.sleep(2_000);
    assertThat(utterances().all(Utterance.class, u -> u.getCallSid().equals(call.callSid()))).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void speechAtTheSpeedOfSpeechIsHeardAsUsual() throws Exception {
    MediaStreamClient call = startCall();
    byte[] speech = speechWithPauses(2);
    for (int offset = 0; offset < speech.length; offset += 160) {
      call.sendText(media(call, offset / 8, java.util.Arrays.copyOfRange(speech, offset, offset + 160)));
      Thread.sleep(20);
    }

    utterances().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    assertThat(call.isOpen()).isTrue();
    call.close();
  }

  /** Null when the socket stays open that long, else the close code it got. */
  private static Integer closedWithin(MediaStreamClient socket, Duration wait) throws Exception {
    try {
      return socket.closeCode().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillOpen) {
      return null;
    }
  }

  /** Quiet (the noise floor), then loud half-seconds each followed by enough quiet to end an utterance. */
  static byte[] speechWithPauses(int seconds) {
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    byte[] quiet = new byte[700 * 8];
    java.util.Arrays.fill(quiet, (byte) 0xFF);
    audio.writeBytes(quiet);
    while (audio.size() < seconds * 8000) {
      audio.writeBytes(tone(500));
      audio.writeBytes(quiet);
    }
    return audio.toByteArray();
  }

  static String media(MediaStreamClient call, long timestampMs, byte[] muLaw) {
    return "{\"event\":\"media\",\"streamSid\":\"" + call.streamSid() + "\",\"media\":{\"track\":\"inbound\",\"timestamp\":\""
        + timestampMs + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(muLaw) + "\"}}";
  }
}
