package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.fixtures.ChatScript;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The voice loop end to end: a simulated Twilio call through a real Kafka broker and every stage, each
 * service in its own JVM from its executable jar, with the openai (Whisper + chat SSE) and google (TTS
 * gRPC) engines pointed at local fixtures that speak those protocols, so the real SDK code runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceLoopEndToEndIT {
  Stack stack;

  @BeforeAll
  void startTheStack() throws Exception {
    stack = new Stack(LatencyModel.instant()).withGateway("gw-a").withGateway("gw-b").withStages().awaitStarted();
  }

  @AfterAll
  void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aCallersQuestionComesBackAsTwilioMediaFollowedByMarksOnTheSameSocket() throws Exception {
    String callSid = Stack.newCallSid();
    StreamIds ids = StreamIds.forCall(Stack.ACCOUNT_SID, callSid);
    TwilioDialer dialer = stack.dialer("gw-a");
    // The TwiML connects a stream (no <Say>, no <Gather>: parse refuses them) on the gateway's public host.
    StreamInstruction stream = dialer.answer(ids, Stack.CALLER, Stack.NUMBER);
    assertThat(stream.url()).hasToString("wss://localhost:" + stack.gatewayPort("gw-a") + "/ws/twilio-media");
    try (MediaStreamClient call = dialer.connect(stream, ids).startLine()) {
      call.say(question());

      await().atMost(Duration.ofSeconds(60)).until(() -> call.hasMark("t1-s1"));

      List<JsonNode> sequence = call.received();
      int firstMark = indexOfMark(sequence, "t1-s0");
      assertThat(sequence.subList(0, firstMark)).anySatisfy(m -> assertThat(m.path("event").asString()).isEqualTo("media"));
      for (JsonNode media : call.events("media")) {
        assertIsValidTwilioMedia(media, call.streamSid());
      }
      assertThat(call.events("mark")).allSatisfy(m -> assertThat(m.path("streamSid").asString()).isEqualTo(call.streamSid()));
      assertThat(call.protocolErrors()).isEmpty();
    }

    // The real SDKs spoke to the fixtures: Whisper multipart, chat SSE with the transcript, Google MULAW 8 kHz.
    assertThat(stack.openAi.transcriptionRequests()).isNotEmpty();
    assertThat(stack.openAi.chatRequestBodies()).anySatisfy(body -> assertThat(body).contains(OpenAiFixture.DEFAULT_TRANSCRIPT));
    assertThat(stack.google.requests()).anySatisfy(r -> {
      assertThat(r.getVoice().getName()).isEqualTo("he-IL-Wavenet-A");
      assertThat(r.getAudioConfig().getSampleRateHertz()).isEqualTo(8000);
      assertThat(r.getAudioConfig().getAudioEncoding().name()).isEqualTo("MULAW");
    });
    assertThat(stack.google.requests().stream().map(r -> r.getInput().hasSsml() ? r.getInput().getSsml() : r.getInput().getText()))
        .anySatisfy(text -> assertThat(text).contains(ChatScript.ANSWER.substring(0, 20)));

    TurnCompleted turn = await().atMost(Duration.ofSeconds(20)).until(() -> turnCompleted(callSid, 1), t -> t != null);
    assertThat(turn.getTimeline().stream().map(StageTiming::getStage))
        .containsSubsequence("gateway", "stt", "dialog", "tts", "playback");
    long detected = stage(turn, "gateway").getReceivedAt().toEpochMilli();
    long sent = stage(turn, "playback").getPublishedAt().toEpochMilli();
    long engines = turn.getTimeline().stream().filter(t -> List.of("stt", "dialog", "tts", "playback").contains(t.getStage()))
        .mapToLong(StageTiming::getEngineMs).sum(); // playback's engine time = held for the end of the turn
    System.out.printf("turn 1 of %s: end of utterance -> first audio %d ms, engines %d ms, pipeline overhead %d ms%n",
        callSid, sent - detected, engines, sent - detected - engines);
  }

  @Test
  void eachGatewayReceivesOnlyTheAudioOfItsOwnCalls() throws Exception {
    String callA = Stack.newCallSid();
    String callB = Stack.newCallSid();
    try (MediaStreamClient a = stack.dial("gw-a", callA); MediaStreamClient b = stack.dial("gw-b", callB)) {
      a.say(question());
      b.say(question());
      await().atMost(Duration.ofSeconds(60)).until(() -> a.hasMark("t1-s0") && b.hasMark("t1-s0"));
    }
    Map<String, List<String>> keysByTopic = new HashMap<>();
    for (String topic : List.of(Topics.replyAudio("gw-a").name(), Topics.replyAudio("gw-b").name())) {
      keysByTopic.put(topic, readAll(topic, Topics.replyAudioTopic(topic).serde()).stream().map(ConsumerRecord::key).toList());
    }
    assertThat(keysByTopic.get("voice.audio.gw-a")).contains(callA).doesNotContain(callB);
    assertThat(keysByTopic.get("voice.audio.gw-b")).contains(callB).doesNotContain(callA);
  }

  private static void assertIsValidTwilioMedia(JsonNode media, String streamSid) {
    assertThat(media.propertyNames()).containsExactlyInAnyOrder("event", "streamSid", "media");
    assertThat(media.path("streamSid").asString()).isEqualTo(streamSid);
    assertThat(media.path("media").propertyNames()).containsExactly("payload");
    byte[] mulaw = Base64.getDecoder().decode(media.path("media").path("payload").asString());
    assertThat(mulaw.length % 160).as("whole 20 ms frames").isZero();
    assertThat(new String(mulaw, 0, Math.min(4, mulaw.length), java.nio.charset.StandardCharsets.ISO_8859_1))
        .as("raw mu-law, no WAV header").isNotEqualTo("RIFF");
  }

  private static int indexOfMark(List<JsonNode> messages, String name) {
    for (int i = 0; i < messages.size(); i++) {
      if ("mark".equals(messages.get(i).path("event").asString()) && name.equals(messages.get(i).path("mark").path("name").asString())) {
        return i;
      }
    }
    throw new AssertionError("no mark " + name + " in " + messages.size() + " messages");
  }

  private static StageTiming stage(TurnCompleted turn, String stage) {
    return turn.getTimeline().stream().filter(t -> stage.equals(t.getStage())).findFirst().orElseThrow();
  }

  private TurnCompleted turnCompleted(String callSid, int turn) {
    return readAll(Topics.TURNS.name(), Topics.TURNS.serde()).stream()
        .filter(r -> callSid.equals(r.key()) && r.value().getTurn() == turn)
        .map(ConsumerRecord::value).findFirst().orElse(null);
  }

  private <V> List<ConsumerRecord<String, V>> readAll(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
    return TopicReader.readAll(stack.bootstrapServers(), topic, values);
  }


  /** The recorded question as the caller's phone sends it: 8 kHz mu-law. */
  static byte[] question() throws Exception {
    try (InputStream in = VoiceLoopEndToEndIT.class.getClassLoader().getResourceAsStream("hebrew-question.wav")) {
      return MuLaw.encode(Wav.read(in.readAllBytes()).toMonoPcm16());
    }
  }

}
