package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.platform.metrics.GroupLag;
import com.voiceagent.audio.Pcm16;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** A whole call as Twilio would run it: question in, utterance out, reply audio in, media and mark out. */
class SimulatedCallIT extends GatewayTestBase {
  @Autowired GroupLag groupLag;


  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theGatewaysLinesAboutATurnCarryThatTurnsTraceId(CapturedOutput output) {
    MediaStreamClient call = startCall();
    String callSid = call.callSid();
    askQuestion(call);
    kafka().await(Utterance.class, u -> u.getCallSid().equals(callSid));
    sendReply(callSid, 1, 0, true, false, "מחר פתוח משמונה", tone(500));
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    call.mark("t1-s0");
    String traceId = kafka().await(TurnCompleted.class, t -> t.getCallSid().equals(callSid) && t.getTurn() == 1)
        .getTraceId();

    List<String> turnLines = output.getOut().lines().filter(line -> line.contains(callSid))
        .filter(line -> line.contains("published as turn 1") || line.contains("turn 1 first audio sent")).toList();
    assertThat(turnLines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(line -> assertThat(line).contains("[trace=" + traceId + "]"));
  }

  @Test
  void aCallersQuestionBecomesAnUtteranceAndTheReplyIsPlayedInWholeFramesFollowedByItsMark() {
    MediaStreamClient call = startCall();
    String callSid = call.callSid();

    CallLifecycle started = kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
    assertThat(started.getReplyTo()).isEqualTo(REPLY_TOPIC);
    assertThat(started.getStreamSid()).isEqualTo(call.streamSid());
    assertThat(started.getAttributes()).isEmpty(); // the stream token is a credential: never on a topic

    askQuestion(call);
    Utterance utterance = kafka().await(Utterance.class, u -> u.getCallSid().equals(callSid));
    assertThat(utterance.getTurn()).isEqualTo(1);
    assertThat(utterance.getReplyTo()).isEqualTo(REPLY_TOPIC);
    assertThat(utterance.getStreamSid()).isEqualTo(call.streamSid());
    assertThat(utterance.getSampleRate()).isEqualTo(8000);
    assertThat(utterance.getStreamEndMs()).isGreaterThan(utterance.getStreamStartMs());
    assertThat(utterance.getTimeline()).extracting(StageTiming::getStage, StageTiming::getEngine)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", "endpointer"));
    short[] pcm = Pcm16.fromBytes(bytes(utterance.getAudio()));
    assertThat(pcm.length).isBetween(8000, 8000 * 4);
    // The PCM is exactly a stretch of what the caller sent, decoded: no resampling, no gaps.
    short[] sent = MuLaw.decode(concat(silence(400), hebrewQuestion(), silence(1000)));
    assertThat(indexOf(sent, pcm)).isGreaterThanOrEqualTo(0);

    byte[] reply = tone(1000 + 3); // 1003 ms: the last frame must be padded with mu-law silence
    sendReply(callSid, 1, 0, true, false, "מחר פתוח משמונה", reply);
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());

    List<JsonNode> media = call.events("media");
    ByteArrayOutputStream played = new ByteArrayOutputStream();
    for (JsonNode message : media) {
      assertThat(message.path("streamSid").stringValue()).isEqualTo(call.streamSid());
      byte[] chunk = Base64.getDecoder().decode(message.path("media").path("payload").stringValue());
      assertThat(chunk.length % 160).isZero();
      played.writeBytes(chunk);
    }
    byte[] expected = Arrays.copyOf(reply, 160 * 51);
    Arrays.fill(expected, reply.length, expected.length, (byte) 0xFF);
    assertThat(played.toByteArray()).isEqualTo(expected);
    JsonNode last = call.received().getLast();
    assertThat(last.path("event").stringValue()).isEqualTo("mark");
    assertThat(last.path("mark").path("name").stringValue()).isEqualTo("t1-s0");
    assertThat(last.path("streamSid").stringValue()).isEqualTo(call.streamSid());
    assertThat(call.protocolErrors()).as("what Twilio would reject").isEmpty();

    call.mark("t1-s0");
    TurnCompleted completed = kafka().await(TurnCompleted.class, t -> t.getCallSid().equals(callSid) && t.getTurn() == 1);
    assertThat(completed.getReplyText()).isEqualTo("מחר פתוח משמונה");
    assertThat(completed.getFirstAudioSentAt()).isAfterOrEqualTo(completed.getSpeechEndedAt());
    assertThat(completed.getTimeline()).extracting(StageTiming::getStage).containsExactly("playback");
    // The turn's trace: the utterance went out in it, and TurnCompleted names it for the trace UI.
    assertThat(completed.getTraceId()).matches("[0-9a-f]{32}");
    System.gc(); // the gauge must survive a collection (Micrometer holds gauge objects weakly)
    String metrics = scrape();
    assertThat(metrics).contains("voice_turn_latency_seconds_bucket{application=\"gateway\",le=\"1.5\"}")
        .containsPattern("voice_calls_active\\{application=\"gateway\"} [0-9]")
        .contains("voice_barge_ins_total{application=\"gateway\"}")
        .contains("voice_fallbacks_total{application=\"gateway\",stage=\"dialog\"}")
        .contains("kafka_producer_record_send_total")
        .as("metric tags never carry a call").doesNotContain(callSid);
    assertThat(count(metrics, "voice_turn_latency_seconds_count{application=\"gateway\"}")).isPositive();
    // Every media frame of the call was timed on arrival; the 20 ms bucket is the one capacity is judged by.
    assertThat(count(metrics, "voice_gateway_frame_delay_seconds_count{application=\"gateway\"}")).isPositive();
    assertThat(metrics).contains("voice_gateway_frame_delay_seconds_bucket{application=\"gateway\",le=\"0.02\"}");
    // What the instance's 15 s reader does: the lag of the reply topic's consumer group, from the broker, a number
    // once the group has committed (every 500 ms).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      groupLag.refresh();
      assertThat(scrape()).containsPattern("voice_consumer_group_lag\\{application=\"gateway\",group=\"gateway-gw-test\","
          + "topic=\"" + REPLY_TOPIC.replace(".", "\\.") + "\"} [0-9.]+");
    });

    call.stop();
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);
  }

  @Test
  void theStreamsCustomParametersExceptTheTokenAreKeptOnStreamStarted() {
    MediaStreamClient call = connectStream();
    String callSid = call.callSid();
    call.connected().start(Map.of("token", tokenFor(callSid), "campaign", "spring"));
    CallLifecycle started = kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
    assertThat(started.getAttributes()).containsExactly(Map.entry("campaign", "spring"));
    call.close();
  }

  @Test
  void segmentsOfATurnPlayInSeqOrderEvenWhenTheyArriveOutOfOrder() {
    MediaStreamClient call = startCall();
    kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(call.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
    sendReply(call.callSid(), 0, 1, true, false, "second", tone(40));
    sendReply(call.callSid(), 0, 0, false, false, "first", tone(40));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").size() == 2);
    assertThat(call.events("mark")).extracting(m -> m.path("mark").path("name").stringValue()).containsExactly("t0-s0", "t0-s1");
    call.close();
  }

  @Test
  void aSegmentWithoutAudioStillGetsItsMarkAndCompletesTheTurn() {
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 0, 0, true, false, "", new byte[0]);
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    assertThat(call.events("media")).isEmpty();
    kafka().await(TurnCompleted.class, t -> t.getCallSid().equals(call.callSid()) && t.getTurn() == 0);
    call.close();
  }

  @Test
  void hangingUpWhileTheCallerWaitsForAnAnswerCancelsTheOpenTurn() {
    MediaStreamClient call = startCall();
    askQuestion(call);
    kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    call.stop();
    var cancelled = kafka().await(com.voiceagent.events.TurnCancelled.class, c -> c.getCallSid().equals(call.callSid()));
    assertThat(cancelled.getReason()).isEqualTo(com.voiceagent.events.CancelReason.CALL_ENDED);
    assertThat(cancelled.getTurn()).isEqualTo(1);
    assertThat(cancelled.getHeardSegments()).isZero();
    CallLifecycle stopped = kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(call.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);
    assertThat(stopped.getTurn()).isEqualTo(1);
  }

  static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  static byte[] silence(int millis) {
    byte[] quiet = new byte[millis * 8];
    Arrays.fill(quiet, (byte) 0xFF);
    return quiet;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static int indexOf(short[] haystack, short[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
