package com.voiceagent.simulator;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.Utterance;
import com.voiceagent.gateway.GatewayApplication;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What the simulator calls in its tests: the real gateway, in this JVM on a random port, checking Twilio's
 * signatures with the test token, on a real KRaft broker. The stages behind it (stt, dialog, tts) are
 * played here on Kafka: every utterance the gateway publishes is answered with a transcript, one reply
 * sentence and its audio, timed like a real stage so the gateway's turn timeline is complete. One stack
 * serves every test class of the JVM (they run one test at a time); it stops with the JVM.
 */
public final class GatewayStack {
  public static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  public static final String PUBLIC_HOST = "calls.example.com";
  public static final String INSTANCE = "gw-sim";
  public static final String TRANSCRIPT = "מה שעות הפתיחה?";
  public static final String REPLY = "אנחנו פתוחים עד שבע.";

  public final EmbeddedKafkaKraftBroker kafka;
  private final ConfigurableApplicationContext gateway;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Utterance> utterances = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  private volatile byte[] replyAudio;
  private volatile boolean goodbye;
  private volatile ReplyKind kind = ReplyKind.ANSWER;
  private static GatewayStack shared;

  /** The stack, started by the first test that asks for it. */
  public static synchronized GatewayStack shared() {
    if (shared == null) {
      shared = new GatewayStack();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private GatewayStack() {
    kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.CALL_LIFECYCLE.name(), Topics.UTTERANCES.name(),
        Topics.TRANSCRIPTS.name(), Topics.REPLIES.name(), Topics.TURNS.name(), Topics.CONTROL.name(),
        Topics.replyAudio(INSTANCE).name());
    kafka.afterPropertiesSet();
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString()),
        new StringSerializer(), new ByteArraySerializer());
    gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
        "--voice.platform.instance-id=" + INSTANCE,
        "--voice.twilio.auth-token=" + AUTH_TOKEN,
        "--voice.twilio.public-host=" + PUBLIC_HOST,
        "--voice.gateway.stream-token-secret=simulator-test-stream-token-secret");
    Thread.ofPlatform().daemon().name("scripted-stages").start(this::answerUtterances);
  }

  /** host:port of the gateway. */
  public String address() {
    return "localhost:" + gateway.getEnvironment().getProperty("local.server.port");
  }

  /** From now on each utterance is answered with this audio (8 kHz mu-law); null: the stages stay silent. */
  public void answerWith(byte[] muLaw) {
    replyAudio = muLaw == null ? null : muLaw.clone();
    goodbye = false;
    kind = ReplyKind.ANSWER;
  }

  /** From now on each utterance is answered with this audio as the pipeline's fallback (an engine failed). */
  void answerWithFallback(byte[] muLaw) {
    answerWith(muLaw);
    kind = ReplyKind.FALLBACK;
  }

  /** From now on each utterance is answered with this audio as a goodbye: the agent hangs up once it has played. */
  void answerWithGoodbye(byte[] muLaw) {
    answerWith(muLaw);
    goodbye = true;
  }

  /** Every utterance the gateway published so far. */
  public List<Utterance> utterances() {
    return List.copyOf(utterances);
  }

  /** Every record of the topic so far, read from the beginning. */
  public <T extends SpecificRecord> List<T> records(TopicSpec<T> topic) {
    List<T> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.getBrokersAsString(),
        "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest"), new StringDeserializer(), topic.serde())) {
      consumer.subscribe(List.of(topic.name()));
      for (int emptyPolls = 0; emptyPolls < 3; ) {
        var batch = consumer.poll(Duration.ofMillis(500));
        emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
        batch.forEach(record -> all.add(record.value()));
      }
    }
    return all;
  }

  private void answerUtterances() {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.getBrokersAsString(),
        "group.id", "scripted-stages", "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.UTTERANCES.name()));
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          Utterance utterance = Topics.UTTERANCES.serde().deserialize(record.topic(), record.value());
          utterances.add(utterance);
          byte[] audio = replyAudio;
          if (audio != null) {
            answer(utterance, audio, goodbye, kind);
          }
        }
      }
    }
  }

  /** What stt, dialog and tts would publish for the utterance, each stage taking the time it really took here. */
  private void answer(Utterance utterance, byte[] audio, boolean endCall, ReplyKind kind) {
    String callSid = utterance.getCallSid();
    int turn = utterance.getTurn();
    List<StageTiming> timeline = new ArrayList<>(utterance.getTimeline());
    Instant received = Instant.now();
    Transcript transcript = Transcript.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("stt-test")
        .setEventTime(received).setReplyTo(utterance.getReplyTo()).setText(TRANSCRIPT).setStatus(TranscriptStatus.OK)
        .setSpeechEndedAt(utterance.getSpeechEndedAt()).build();
    publish(Topics.TRANSCRIPTS, callSid, transcript);
    timeline.add(stage("stt", received));
    Instant dialogReceived = Instant.now();
    publish(Topics.REPLIES, callSid, ReplySegment.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("dialog-test")
        .setEventTime(dialogReceived).setReplyTo(utterance.getReplyTo()).setSeq(0).setLast(true).setText(REPLY)
        .setKind(kind).setEndCall(endCall).build());
    timeline.add(stage("dialog", dialogReceived));
    timeline.add(stage("tts", Instant.now()));
    publish(Topics.replyAudio(INSTANCE), callSid, ReplyAudio.newBuilder().setCallSid(callSid).setTurn(turn)
        .setProducer("tts-test").setEventTime(Instant.now()).setSeq(0).setLast(true).setText(REPLY).setKind(kind)
        .setEndCall(endCall).setAudio(ByteBuffer.wrap(audio)).setSpeechEndedAt(utterance.getSpeechEndedAt()).setTimeline(timeline).build());
  }

  private static StageTiming stage(String name, Instant received) {
    Instant published = Instant.now();
    return StageTiming.newBuilder().setStage(name).setEngine(name + "-scripted").setInstance(name + "-test")
        .setReceivedAt(received).setEngineMs(published.toEpochMilli() - received.toEpochMilli()).setPublishedAt(published)
        .build();
  }

  private <T extends SpecificRecord> void publish(TopicSpec<T> topic, String key, T event) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, topic.serde().serialize(topic.name(), event))).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic.name(), e);
    }
  }

  private void stop() {
    running = false;
    gateway.close();
    producer.close();
    kafka.destroy();
  }
}
