package com.voiceagent.tts.kafka;

import static com.voiceagent.tts.kafka.KafkaTestSupport.REPLY_TOPIC;
import static com.voiceagent.tts.kafka.KafkaTestSupport.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.voiceagent.audio.MuLaw;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import com.voiceagent.tts.TtsApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import com.voiceagent.platform.stage.Stages;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against a real (embedded KRaft) broker, with Google played by the gRPC protocol
 * fixture and espeak-ng as the real fallback.
 */
@SpringBootTest(classes = TtsApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=tts-test",
    "voice.tts.engine=google",
    "voice.tts.timeout=10s", // above the fixture's SLOW delay, generous for a loaded machine
    "voice.tts.phrases.prewarm=PREWARMED שלום, הגעתם למרפאה | PREWARMED להתראות"})
@EmbeddedKafka(partitions = 1, topics = REPLY_TOPIC, brokerProperties = {
    // One broker: the share groups' state topic cannot have three replicas (docs/running.md, "Failover settings").
    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1"})
class TtsStageIT {
  static final GoogleTtsFixture GOOGLE = GoogleTtsFixture.start(LatencyModel.instant());

  @DynamicPropertySource
  static void google(DynamicPropertyRegistry registry) {
    registry.add("voice.tts.google.endpoint", GOOGLE::endpoint);
  }

  @AfterAll
  static void stopFixture() throws InterruptedException {
    GOOGLE.close();
  }

  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired Stages stages;
  @Autowired com.voiceagent.platform.control.TurnCancellations cancellations;
  KafkaTestSupport.ReplyAudioReader reader;

  @BeforeEach
  void openReader() {
    reader = new KafkaTestSupport.ReplyAudioReader(broker.getBrokersAsString());
  }

  @AfterEach
  void closeReader() {
    reader.close();
  }

  @Test
  void instancesShareTheRepliesGroupButEachReadsAllCancellations() {
    assertThat(stages.container(ReplySynthesisStage.STAGE).getGroupId()).isEqualTo("tts-service");
    assertThat(stages.container("tts-control").getGroupId()).isEqualTo("tts-control-tts-test");
  }

  @Test
  void theSentencesOfATurnAllReachTheGatewaysReplyTopicWithTheirSeqForTheGatewayToOrder() {
    String[] ordinals = {"ראשון", "שני", "שלישי"};
    for (int seq = 0; seq < 3; seq++) {
      publisher.publish(Topics.REPLIES, segment("CA-order", 1, seq, seq == 2, "משפט " + ordinals[seq] + ".", ReplyKind.ANSWER));
    }

    List<ReplyAudio> audio = reader.awaitCount("CA-order", 3);

    // Several instances (and consumers) speak a turn's sentences at once: the gateway plays them by seq.
    audio = audio.stream().sorted(java.util.Comparator.comparing(ReplyAudio::getSeq)).toList();
    assertThat(audio).extracting(ReplyAudio::getSeq).containsExactly(0, 1, 2);
    assertThat(audio).extracting(ReplyAudio::getLast).containsExactly(false, false, true);
    ReplyAudio first = audio.getFirst();
    assertThat(first.getText()).isEqualTo("משפט ראשון.");
    assertThat(first.getKind()).isEqualTo(ReplyKind.ANSWER);
    assertThat(first.getTurn()).isEqualTo(1);
    assertThat(first.getProducer()).isEqualTo("tts-test");
    assertThat(first.getSpeechEndedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    String ssml = GOOGLE.requests().stream().map(r -> r.getInput().getSsml()).filter(s -> s.contains("משפט ראשון."))
        .findFirst().orElseThrow();
    assertThat(bytes(first)).isEqualTo(MuLaw.encode(GoogleTtsFixture.speech(ssml, 8000)));
    assertThat(first.getTimeline()).extracting(StageTiming::getStage).containsExactly("dialog", "tts");
    StageTiming tts = first.getTimeline().get(1);
    assertThat(tts.getEngine()).isEqualTo("google");
    assertThat(tts.getInstance()).isEqualTo("tts-test");
    assertThat(tts.getPublishedAt()).isAfterOrEqualTo(tts.getReceivedAt());
    assertThat(GOOGLE.requests()).allSatisfy(request -> {
      assertThat(request.getVoice().getName()).isEqualTo("he-IL-Wavenet-A");
      assertThat(request.getVoice().getLanguageCode()).isEqualTo("he-IL");
      assertThat(request.getAudioConfig().getAudioEncoding()).isEqualTo(AudioEncoding.MULAW);
      assertThat(request.getAudioConfig().getSampleRateHertz()).isEqualTo(8000);
    });
    assertThat(GOOGLE.violations()).isEmpty();
  }

  @Test
  void numbersTimesAndPricesAreReadAsHebrewWordsAndTheSpokenTextIsRecorded() {
    publisher.publish(Topics.REPLIES, segment("CA-spoken", 1, 0, true, "התור שלך ב-9:30, המחיר ₪120.", ReplyKind.ANSWER));

    ReplyAudio audio = reader.awaitCount("CA-spoken", 1).getFirst();

    assertThat(audio.getText()).as("what the dialog wrote stays as written").isEqualTo("התור שלך ב-9:30, המחיר ₪120.");
    assertThat(audio.getSpokenText()).contains("בתשע וחצי", "מאה ועשרים שקלים").doesNotContainPattern("[0-9]");
    assertThat(GOOGLE.requests().stream().map(r -> r.getInput().getSsml()))
        .as("the voice was given the words, not the digits").anyMatch(ssml -> ssml.contains("בתשע וחצי"))
        .noneMatch(ssml -> ssml.contains("9:30"));
  }

  @Test
  void aSlowCallDoesNotDelayAnotherCall() {
    publisher.publish(Topics.REPLIES, segment("CA-slow", 1, 0, true, "SLOW תשובה ארוכה.", ReplyKind.ANSWER));
    await().atMost(KafkaTestSupport.WAIT).until(() -> GOOGLE.requestsContaining("SLOW תשובה ארוכה") == 1);
    publisher.publish(Topics.REPLIES, segment("CA-quick", 1, 0, true, "תשובה מהירה.", ReplyKind.ANSWER));

    reader.awaitCount("CA-quick", 1);
    assertThat(reader.of("CA-slow")).as("the slow call is still being synthesized").isEmpty();

    assertThat(reader.awaitCount("CA-slow", 1)).hasSize(1);
  }

  @Test
  void theSentencesOfACancelledTurnThatArriveAfterTheCancellationAreNeverSynthesized() throws Exception {
    ContainerTestUtils.waitForAssignment(stages.container("tts-control"),
        Topics.CONTROL.partitions());
    publisher.publish(Topics.REPLIES, segment("CA-cancel", 1, 0, false, "ראשון שנשמע.", ReplyKind.ANSWER));
    reader.awaitCount("CA-cancel", 1);

    // The caller barges in while the dialog is still streaming the turn's later sentences.
    publisher.publish(Topics.CONTROL, TurnCancelled.newBuilder().setCallSid("CA-cancel").setTurn(1).setProducer("gw-test")
        .setEventTime(Instant.now()).setReason(CancelReason.BARGE_IN).build()).join();
    await().atMost(KafkaTestSupport.WAIT).until(() -> cancellations.isCancelled("CA-cancel", 1));
    publisher.publish(Topics.REPLIES, segment("CA-cancel", 1, 1, false, "שני שלא יישמע.", ReplyKind.ANSWER));
    publisher.publish(Topics.REPLIES, segment("CA-cancel", 1, 2, true, "שלישי שלא יישמע.", ReplyKind.ANSWER));
    publisher.publish(Topics.REPLIES, segment("CA-cancel", 2, 0, true, "תור חדש.", ReplyKind.ANSWER));

    List<ReplyAudio> audio = reader.awaitCount("CA-cancel", 2);
    assertThat(audio).extracting(ReplyAudio::getTurn).containsExactly(1, 2);
    assertThat(GOOGLE.requestsContaining("שלא יישמע")).isZero();
  }

  @Test
  void aRepeatedGreetingIsSynthesizedOnce() {
    String greeting = "שלום, הגעתם למספרה GREETING-ONCE.";
    publisher.publish(Topics.REPLIES, segment("CA-greet-1", 0, 0, true, greeting, ReplyKind.GREETING));
    ReplyAudio first = reader.awaitCount("CA-greet-1", 1).getFirst();
    publisher.publish(Topics.REPLIES, segment("CA-greet-2", 0, 0, true, greeting, ReplyKind.GREETING));
    ReplyAudio second = reader.awaitCount("CA-greet-2", 1).getFirst();

    assertThat(GOOGLE.requestsContaining("GREETING-ONCE")).isEqualTo(1);
    assertThat(bytes(second)).isEqualTo(bytes(first)).isNotEmpty();
  }

  @Test
  void configuredPhrasesAreSynthesizedAtStartupAndServedFromTheCache() {
    await().atMost(KafkaTestSupport.WAIT).until(() -> GOOGLE.requestsContaining("PREWARMED") == 2);

    publisher.publish(Topics.REPLIES, segment("CA-prewarm", 0, 0, true, "PREWARMED שלום, הגעתם למרפאה", ReplyKind.GREETING));

    ReplyAudio greeting = reader.awaitCount("CA-prewarm", 1).getFirst();
    assertThat(GOOGLE.requestsContaining("PREWARMED")).isEqualTo(2);
    assertThat(greeting.getTimeline().getLast().getEngineMs()).isZero();
    assertThat(bytes(greeting)).isNotEmpty();
  }

  @Test
  void anUnavailableGoogleIsReplacedByEspeakAndTheTimelineSaysSo() {
    publisher.publish(Topics.REPLIES, segment("CA-fallback", 1, 0, true, "FAIL שלום, איך אפשר לעזור?", ReplyKind.ANSWER));

    ReplyAudio audio = reader.awaitCount("CA-fallback", 1).getFirst();

    assertThat(audio.getTimeline().getLast().getEngine()).isEqualTo("espeak");
    assertThat(bytes(audio).length / 8000.0).isBetween(0.5, 10.0);
  }

  @Test
  void aPoisonedRecordIsDeadLetteredAndTheNextRecordIsProcessed() {
    try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.REPLIES.name(), "CA-poison", "not avro".getBytes(StandardCharsets.UTF_8)));
    }
    publisher.publish(Topics.REPLIES, segment("CA-poison", 1, 0, true, "אחרי הרעל.", ReplyKind.ANSWER));

    assertThat(reader.awaitCount("CA-poison", 1)).hasSize(1);
    var dead = KafkaTestSupport.awaitDeadLetter(broker.getBrokersAsString(), "voice.replies.DLT",
        r -> "CA-poison".equals(r.key()));
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
  }

  @Test
  void aSegmentWithAForeignReplyToIsDeadLetteredWithTheReason() {
    ReplySegment bad = ReplySegment.newBuilder(segment("CA-bad-reply", 1, 0, true, "לאן?", ReplyKind.ANSWER))
        .setReplyTo("voice.transcripts").build();
    publisher.publish(Topics.REPLIES, bad);
    publisher.publish(Topics.REPLIES, segment("CA-bad-reply", 2, 0, true, "לכאן.", ReplyKind.ANSWER));

    assertThat(reader.awaitCount("CA-bad-reply", 1)).extracting(ReplyAudio::getTurn).containsExactly(2);
    var dead = KafkaTestSupport.awaitDeadLetter(broker.getBrokersAsString(), "voice.replies.DLT",
        r -> "CA-bad-reply".equals(r.key()));
    assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
        .contains("not a reply-audio topic: 'voice.transcripts'");
  }

  @Test
  void aSegmentOlderThanTheMaxRecordAgeIsSkipped() {
    ReplySegment stale = ReplySegment.newBuilder(segment("CA-stale", 1, 0, false, "STALE ישן מדי.", ReplyKind.ANSWER))
        .setEventTime(Instant.now().minus(Duration.ofMinutes(5))).build();
    publisher.publish(Topics.REPLIES, stale);
    publisher.publish(Topics.REPLIES, segment("CA-stale", 1, 1, true, "טרי.", ReplyKind.ANSWER));

    assertThat(reader.awaitCount("CA-stale", 1)).extracting(ReplyAudio::getSeq).containsExactly(1);
    assertThat(GOOGLE.requestsContaining("STALE")).isZero();
  }

  @Test
  void aBlankSegmentStillCarriesTheEndOfTheTurn() {
    ReplySegment end = ReplySegment.newBuilder(segment("CA-blank", 1, 3, true, " ", ReplyKind.ANSWER)).setEndCall(true).build();
    publisher.publish(Topics.REPLIES, end);

    ReplyAudio audio = reader.awaitCount("CA-blank", 1).getFirst();
    assertThat(audio.getLast()).isTrue();
    assertThat(audio.getEndCall()).isTrue();
    assertThat(bytes(audio)).isEmpty();
  }

  @Test
  void theTransferPhraseKeepsItsTransferFlagSoTheGatewayHandsTheCallOverOnceItIsHeard() {
    ReplySegment phrase = ReplySegment.newBuilder(segment("CA-transfer", 2, 0, true, "אני מעבירה אתכם לנציג, רק רגע.",
        ReplyKind.ANSWER)).setTransfer(true).build();
    publisher.publish(Topics.REPLIES, phrase);
    publisher.publish(Topics.REPLIES, segment("CA-no-transfer", 2, 0, true, "שעות הפתיחה.", ReplyKind.ANSWER));

    ReplyAudio audio = reader.awaitCount("CA-transfer", 1).getFirst();
    assertThat(audio.getTransfer()).isTrue();
    assertThat(audio.getEndCall()).isFalse();
    assertThat(bytes(audio)).isNotEmpty();
    assertThat(reader.awaitCount("CA-no-transfer", 1).getFirst().getTransfer()).isFalse();
  }

  static byte[] bytes(ReplyAudio audio) {
    var buffer = audio.getAudio().duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
