package com.voiceagent.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.Pcm16;
import com.voiceagent.audio.Wav;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.Utterance;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.fixtures.Transcription;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.metrics.GroupLag;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.Topics;
import com.voiceagent.stt.engine.Audio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole stage on a real (embedded KRaft) broker, with the openai engine talking to a local server
 * that speaks the OpenAI transcription protocol.
 */
@SpringBootTest(classes = SttApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    // As MANAGEMENT_SERVER_PORT would set it: the only HTTP port of a stage service (any free port here).
    "management.server.port=0",
    "voice.stt.engine=openai",
    "voice.stt.openai.api-key=test-key",
    "voice.stt.timeout=10s",
    "voice.platform.instance-id=stt-test"})
@EmbeddedKafka(partitions = 1, brokerProperties = {
    // One broker: the share groups' state topic cannot have three replicas (docs/running.md, "Failover settings").
    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1"})
class SttStageIT {
  private static final String FAST_TEXT = "שלום, אני רוצה לקבוע תור";
  private static final String SLOW_TEXT = "תודה, להתראות אני מאחר";
  private static final OpenAiFixture OPENAI;

  static {
    try {
      OPENAI = OpenAiFixture.start(LatencyModel.instant());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void openAiBaseUrl(DynamicPropertyRegistry registry) {
    registry.add("voice.stt.openai.base-url", OPENAI::baseUrl);
  }

  @AfterAll
  static void stopOpenAi() {
    OPENAI.close();
  }

  @LocalManagementPort int managementPort;
  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired GroupLag groupLag;

  private KafkaConsumer<String, Transcript> transcripts;
  private final List<ConsumerRecord<String, Transcript>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() {
    // The slow call's audio (and only it) takes the fixture 3 s to answer.
    byte[] slowAudio = Wav.pcm16(TestAudio.otherSpeech().samples(), TestAudio.RATE);
    OPENAI.transcribeWith(request -> Arrays.equals(request.file(), slowAudio)
        ? Transcription.text(SLOW_TEXT).after(Duration.ofSeconds(3)) : Transcription.text(FAST_TEXT));
    transcripts = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
        "group.id", "transcript-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
        new StringDeserializer(), AvroSerde.of(Transcript.class));
    transcripts.subscribe(List.of(Topics.TRANSCRIPTS.name()));
  }

  @AfterEach
  void closeConsumer() {
    transcripts.close();
  }

  @Test
  void anUtteranceBecomesATranscriptWithTheSameKeyTurnReplyToAndAnExtendedTimeline() {
    String callSid = "CA-" + UUID.randomUUID();
    StageTiming gateway = StageTiming.newBuilder().setStage("gateway").setEngine("endpointer").setInstance("gw-1")
        .setReceivedAt(Instant.now()).setEngineMs(0).setPublishedAt(Instant.now()).build();
    Utterance utterance = utterance(callSid, 4, TestAudio.speech(), List.of(gateway));

    publisher.publish(Topics.UTTERANCES, utterance);

    ConsumerRecord<String, Transcript> record = awaitTranscript(callSid);
    Transcript transcript = record.value();
    assertThat(record.key()).isEqualTo(callSid);
    assertThat(transcript.getCallSid()).isEqualTo(callSid);
    assertThat(transcript.getTurn()).isEqualTo(4);
    assertThat(transcript.getReplyTo()).isEqualTo("voice.audio.gw-1");
    assertThat(transcript.getSpeechEndedAt()).isEqualTo(utterance.getSpeechEndedAt());
    assertThat(transcript.getStatus()).isEqualTo(TranscriptStatus.OK);
    assertThat(transcript.getText()).isEqualTo(FAST_TEXT);
    assertThat(transcript.getLanguage()).isEqualTo("he");
    assertThat(transcript.getProducer()).isEqualTo("stt-test");
    assertThat(transcript.getTimeline()).hasSize(2);
    assertThat(transcript.getTimeline().getFirst()).isEqualTo(gateway);
    StageTiming stt = transcript.getTimeline().get(1);
    assertThat(stt.getStage()).isEqualTo("stt");
    assertThat(stt.getEngine()).isEqualTo("openai");
    assertThat(stt.getInstance()).isEqualTo("stt-test");
    assertThat(stt.getPublishedAt()).isAfterOrEqualTo(stt.getReceivedAt());
    assertThat(stt.getEngineMs()).isLessThanOrEqualTo(Duration.between(stt.getReceivedAt(), stt.getPublishedAt()).toMillis());

    // The stage's timings, by part, on the management port; never a callSid in a tag.
    String metrics = scrape();
    assertThat(metrics)
        .contains("voice_stage_seconds_count{application=\"stt-service\",part=\"engine\",stage=\"stt\"}")
        .contains("voice_stage_seconds_count{application=\"stt-service\",part=\"own\",stage=\"stt\"}")
        .contains("voice_stage_seconds_bucket{application=\"stt-service\",part=\"hop\",stage=\"stt\",le=\"0.1\"}")
        .doesNotContain(callSid);
  }

  @Test
  void theShareGroupsBacklogIsOnTheScrapeOnceTheBrokerHasToldIt() {
    String callSid = "CA-" + UUID.randomUUID();
    publisher.publish(Topics.UTTERANCES, utterance(callSid, 1, TestAudio.speech(), List.of()));
    awaitTranscript(callSid);

    // What the service's 15 s reader does, now: the broker's lag of the stage's share group.
    groupLag.refresh();

    assertThat(scrape()).containsPattern(
        "voice_share_group_lag\\{application=\"stt-service\",group=\"stt-service\",topic=\"voice.utterances\"} [0-9.]+");
  }

  /** What Prometheus scrapes from this instance: /actuator/prometheus on the management port. */
  private String scrape() {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSlowCallDoesNotDelayAnotherCall() {
    String slowCall = "CA-slow-" + UUID.randomUUID();
    String fastCall = "CA-fast-" + UUID.randomUUID();

    publisher.publish(Topics.UTTERANCES, utterance(slowCall, 1, TestAudio.otherSpeech(), List.of())).join();
    publisher.publish(Topics.UTTERANCES, utterance(fastCall, 1, TestAudio.speech(), List.of())).join();

    awaitTranscript(slowCall);
    List<String> arrival = received.stream().map(ConsumerRecord::key)
        .filter(key -> key.equals(slowCall) || key.equals(fastCall)).toList();
    assertThat(arrival).containsExactly(fastCall, slowCall);
    assertThat(transcriptOf(slowCall).getText()).isEqualTo(SLOW_TEXT);
    assertThat(transcriptOf(fastCall).getText()).isEqualTo(FAST_TEXT);
  }

  @Test
  void aPoisonedUtteranceGoesToTheDeadLetterTopicAndTheNextIsStillTranscribed() {
    String poisoned = "CA-poison-" + UUID.randomUUID();
    String next = "CA-next-" + UUID.randomUUID();
    try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.UTTERANCES.name(), poisoned, "not avro".getBytes()));
    }
    publisher.publish(Topics.UTTERANCES, utterance(next, 1, TestAudio.speech(), List.of()));

    assertThat(awaitTranscript(next).value().getStatus()).isEqualTo(TranscriptStatus.OK);
    try (var dlt = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
        "group.id", "dlt-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      dlt.subscribe(List.of(Topics.UTTERANCES.name() + ".DLT"));
      List<ConsumerRecord<String, byte[]>> dead = new CopyOnWriteArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        dlt.poll(Duration.ofMillis(200)).forEach(dead::add);
        return dead.stream().anyMatch(r -> poisoned.equals(r.key()));
      });
      assertThat(dead.stream().filter(r -> poisoned.equals(r.key())).findFirst().orElseThrow().value())
          .isEqualTo("not avro".getBytes());
    }
    assertThat(received.stream().map(ConsumerRecord::key)).doesNotContain(poisoned);
    assertThat(scrape()).containsPattern("voice_dead_letters_total\\{application=\"stt-service\",topic=\"voice.utterances\"} [1-9]")
        .containsPattern("voice_stage_failures_total\\{application=\"stt-service\",reason=\"wrong-type\",stage=\"stt\"} [1-9]");
  }

  @Test
  void audioThatIsNotWholeSamplesGivesAFailedTranscriptWithAReason() {
    String callSid = "CA-odd-" + UUID.randomUUID();
    Utterance odd = utterance(callSid, 2, TestAudio.speech(), List.of());
    odd.setAudio(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    publisher.publish(Topics.UTTERANCES, odd);

    Transcript transcript = awaitTranscript(callSid).value();
    assertThat(transcript.getStatus()).isEqualTo(TranscriptStatus.FAILED);
    assertThat(transcript.getReason()).contains("invalid audio");
  }

  @Test
  void silenceGivesAnEmptyTranscriptWithoutAskingTheEngine() {
    String callSid = "CA-silence-" + UUID.randomUUID();
    int before = OPENAI.transcriptionRequests().size();

    publisher.publish(Topics.UTTERANCES, utterance(callSid, 1, TestAudio.silence(Duration.ofSeconds(1)), List.of()));

    Transcript transcript = awaitTranscript(callSid).value();
    assertThat(transcript.getStatus()).isEqualTo(TranscriptStatus.EMPTY);
    assertThat(transcript.getReason()).isEqualTo("no speech in audio");
    assertThat(OPENAI.transcriptionRequests()).hasSize(before);
  }

  @Test
  void anUtteranceOlderThanTheMaxRecordAgeIsSkipped() {
    String callSid = "CA-stale-" + UUID.randomUUID();
    Utterance stale = utterance(callSid, 1, TestAudio.speech(), List.of());
    stale.setEventTime(Instant.now().minus(Duration.ofMinutes(5)));

    publisher.publish(Topics.UTTERANCES, stale);
    publisher.publish(Topics.UTTERANCES, utterance(callSid, 2, TestAudio.speech(), List.of()));

    // Same call, same lane, same partition: had turn 1 been transcribed, it would have arrived first.
    awaitTranscript(callSid);
    assertThat(received.stream().filter(r -> callSid.equals(r.key())).map(r -> r.value().getTurn())).containsExactly(2);
  }

  private static Utterance utterance(String callSid, int turn, Audio audio, List<StageTiming> timeline) {
    Instant now = Instant.now();
    return Utterance.newBuilder()
        .setCallSid(callSid).setTurn(turn).setProducer("gw-1").setEventTime(now)
        .setReplyTo("voice.audio.gw-1").setStreamSid("MZ-" + callSid)
        .setSampleRate(audio.sampleRate()).setAudio(ByteBuffer.wrap(Pcm16.toBytes(audio.samples())))
        .setStreamStartMs(0).setStreamEndMs(audio.duration().toMillis())
        .setSpeechEndedAt(now.minusMillis(20)).setTimeline(timeline)
        .build();
  }

  /** Generous: the first test also waits for the stage's partition assignment on a busy build machine. */
  private ConsumerRecord<String, Transcript> awaitTranscript(String callSid) {
    await().atMost(Duration.ofSeconds(120)).until(() -> {
      transcripts.poll(Duration.ofMillis(100)).forEach(received::add);
      return received.stream().anyMatch(r -> callSid.equals(r.key()));
    });
    return received.stream().filter(r -> callSid.equals(r.key())).findFirst().orElseThrow();
  }

  private Transcript transcriptOf(String callSid) {
    return received.stream().filter(r -> callSid.equals(r.key())).findFirst().orElseThrow().value();
  }
}
