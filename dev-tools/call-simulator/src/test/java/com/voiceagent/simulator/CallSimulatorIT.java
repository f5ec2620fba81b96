package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.audio.Wav;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/** Whole calls against a scripted gateway (real WebSockets, Twilio's validator) and a real KRaft broker. */
class CallSimulatorIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static EmbeddedKafkaKraftBroker kafka;
  private static KafkaProducer<String, byte[]> producer;

  @TempDir Path dir;
  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();

  @BeforeAll
  static void startKafka() {
    kafka = new EmbeddedKafkaKraftBroker(1, 2, Topics.TRANSCRIPTS.name(), Topics.REPLIES.name(), Topics.TURNS.name());
    kafka.afterPropertiesSet();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
        new StringSerializer(), new ByteArraySerializer());
  }

  @org.junit.jupiter.api.AfterEach
  void showWhatTheSimulatorPrinted() {
    System.out.println("---- simulator output ----\n" + consoleBytes.toString(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopKafka() {
    producer.close();
    kafka.destroy();
  }

  /** 0.2 s of a tone at 16 kHz: 10 frames once resampled to 8 kHz. */
  private Path callerWav() throws Exception {
    short[] samples = new short[3200];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / 16_000.0));
    }
    Path wav = dir.resolve("caller.wav");
    Files.write(wav, Wav.pcm16(samples, 16_000));
    return wav;
  }

  private CallOptions options(ScriptedGateway gateway, String kafkaServers) throws Exception {
    return new CallOptions(callerWav(), gateway.address(), gateway.publicHost, TOKEN, kafkaServers, 1,
        Duration.ofSeconds(30), Duration.ofMillis(300), dir.resolve("agent.wav"), "+972501234567", "+97233720000",
        "AC" + "0".repeat(32));
  }

  private CallSimulator simulator(CallOptions options) {
    return new CallSimulator(options, new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());
  }

  private static byte[] filled(int bytes, int value) {
    byte[] b = new byte[bytes];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static <T extends SpecificRecord> void publish(String topic, String key, T event, Class<T> type) {
    try {
      producer.send(new ProducerRecord<>(topic, key, com.voiceagent.schemas.AvroSerde.of(type).serialize(topic, event))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static StageTiming stage(String name, Instant received, long engineMs, Instant published) {
    return StageTiming.newBuilder().setStage(name).setEngine(name + "-engine").setInstance(name + "-1")
        .setReceivedAt(received).setEngineMs(engineMs).setPublishedAt(published).build();
  }

  @Test
  void aCallIsAnsweredMarksEchoAfterPlaybackAndTheTimelineComesFromKafka() throws Exception {
    AtomicLong mediaAtAnswer = new AtomicLong(-1);
    AtomicLong mediaAtEcho = new AtomicLong(-1);
    Instant t0 = Instant.now();
    try (ScriptedGateway gateway = new ScriptedGateway(TOKEN)) {
      gateway.onMessage((g, message) -> {
        String event = message.path("event").asString();
        if (event.equals("media") && g.countOf("media") == 15) { // the caller has finished (10 frames) and waited
          String callSid = g.received.get(1).path("start").path("callSid").asString();
          publish(Topics.TRANSCRIPTS.name(), callSid, Transcript.newBuilder().setCallSid(callSid).setTurn(1)
              .setProducer("stt-1").setEventTime(t0).setReplyTo("voice.audio.gw").setText("מה השעה?")
              .setStatus(TranscriptStatus.values()[0]).setSpeechEndedAt(t0).build(), Transcript.class);
          publish(Topics.REPLIES.name(), callSid, ReplySegment.newBuilder().setCallSid(callSid).setTurn(1)
              .setProducer("dialog-1").setEventTime(t0).setReplyTo("voice.audio.gw").setSeq(0).setLast(true)
              .setText("השעה עשר.").setKind(ReplyKind.ANSWER).build(), ReplySegment.class);
          mediaAtAnswer.set(g.countOf("media"));
          g.sendMedia(filled(3000, 0x11));
          g.sendMedia(filled(1000, 0x11));
          g.sendMark("turn-1/seg-0");
          publish(Topics.TURNS.name(), callSid, TurnCompleted.newBuilder().setCallSid(callSid).setTurn(1)
              .setProducer("gw-1").setEventTime(Instant.now()).setSpeechEndedAt(t0.plusMillis(200))
              .setFirstAudioSentAt(t0.plusMillis(2000)).setReplyText("השעה עשר.").setKind(ReplyKind.ANSWER)
              .setTimeline(List.of(
                  stage("gateway", t0.plusMillis(800), 0, t0.plusMillis(805)),
                  stage("stt", t0.plusMillis(810), 500, t0.plusMillis(1320)),
                  stage("dialog", t0.plusMillis(1325), 100, t0.plusMillis(1430)),
                  stage("tts", t0.plusMillis(1435), 400, t0.plusMillis(1840)),
                  stage("playback", t0.plusMillis(1845), 0, t0.plusMillis(1850))))
              .build(), TurnCompleted.class);
        } else if (event.equals("mark")) {
          mediaAtEcho.set(g.countOf("media"));
        }
      });

      CallResult result = simulator(options(gateway, kafka.getBrokersAsString())).call();

      assertThat(gateway.webhookSignatureValid).as("webhook signature accepted by RequestValidator").isTrue();
      assertThat(gateway.webSocketSignatureValid).as("WebSocket signature accepted by RequestValidator").isTrue();
      assertThat(result.protocolErrors()).isEmpty();
      assertThat(result.timedOut()).isFalse();
      assertThat(result.answers()).isEqualTo(1);
      assertThat(result.marksEchoed()).isEqualTo(1);
      // 4000 bytes = 25 frames of playback, and the phone sends one inbound frame per played frame.
      assertThat(mediaAtEcho.get() - mediaAtAnswer.get()).isGreaterThanOrEqualTo(25);

      List<JsonNode> sent = gateway.received;
      assertThat(sent.get(0).path("event").asString()).isEqualTo("connected");
      JsonNode start = sent.get(1);
      assertThat(start.path("event").asString()).isEqualTo("start");
      assertThat(start.path("start").path("customParameters").path("token").asString()).isEqualTo("call-token-1");
      assertThat(start.path("start").path("callSid").asString()).isEqualTo(result.callSid()).matches("CA[0-9a-f]{32}");
      for (int i = 1; i < sent.size(); i++) {
        assertThat(sent.get(i).path("sequenceNumber").asString()).as("sequenceNumber of message %d", i).isEqualTo(Integer.toString(i));
      }
      List<JsonNode> media = sent.stream().filter(m -> m.path("event").asString().equals("media")).toList();
      for (int i = 0; i < media.size(); i++) {
        assertThat(media.get(i).path("media").path("chunk").asString()).isEqualTo(Integer.toString(i + 1));
        assertThat(media.get(i).path("media").path("timestamp").asString()).isEqualTo(Integer.toString(i * 20));
      }
      JsonNode echo = sent.stream().filter(m -> m.path("event").asString().equals("mark")).findFirst().orElseThrow();
      assertThat(echo.path("mark").path("name").asString()).isEqualTo("turn-1/seg-0");
      assertThat(echo.path("streamSid").asString()).isEqualTo(start.path("streamSid").asString());
      assertThat(sent.getLast().path("event").asString()).isEqualTo("stop");

      assertThat(result.agentAudio()).hasSizeGreaterThanOrEqualTo(4000);
      assertThat(Arrays.copyOfRange(result.agentAudio(), 0, 4000)).containsOnly((byte) 0x11);
      assertThat(Wav.read(Files.readAllBytes(dir.resolve("agent.wav"))).sampleRate()).isEqualTo(8000);

      assertThat(result.turns()).hasSize(1);
      TurnTimeline turn = result.turns().getFirst();
      assertThat(turn.transcript()).isEqualTo("מה השעה?");
      assertThat(turn.replySegments()).containsExactly("השעה עשר.");
      assertThat(turn.overheadMs()).contains(1850L - 800 - (500 + 100 + 400));
      assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains("pipeline overhead: 50 ms");
    }
  }

  @Test
  void clearDropsTheBufferedAnswerAndEchoesItsPendingMarkAtOnce() throws Exception {
    AtomicLong mediaAtAnswer = new AtomicLong(-1);
    AtomicLong mediaAtEcho = new AtomicLong(-1);
    try (ScriptedGateway gateway = new ScriptedGateway(TOKEN)) {
      gateway.onMessage((g, message) -> {
        String event = message.path("event").asString();
        if (event.equals("media") && g.countOf("media") == 15) {
          mediaAtAnswer.set(g.countOf("media"));
          g.sendMedia(filled(8000, 0x22)); // one second
          g.sendMark("long-answer");
        } else if (event.equals("media") && g.countOf("media") == 20) {
          g.sendClear(); // barge-in: the caller spoke over the agent
        } else if (event.equals("mark")) {
          mediaAtEcho.set(g.countOf("media"));
        }
      });

      CallResult result = simulator(options(gateway, null)).call();

      assertThat(result.protocolErrors()).isEmpty();
      assertThat(result.answers()).isEqualTo(1);
      assertThat(result.clears()).isEqualTo(1);
      assertThat(result.marksEchoed()).isEqualTo(1);
      // Without the clear the mark would wait for 50 frames of playback.
      assertThat(mediaAtEcho.get() - mediaAtAnswer.get()).isLessThan(50);
      long played = 0;
      for (byte b : result.agentAudio()) {
        if (b == 0x22) {
          played++;
        }
      }
      assertThat(played).as("audio heard before the clear").isGreaterThan(0).isLessThan(8000);
    }
  }
}
