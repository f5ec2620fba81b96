package com.voiceagent.gateway.it;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.gateway.GatewayApplication;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway on a random port with a real (embedded KRaft) Kafka broker and a local Twilio REST
 * fixture. Every IT class extends this unchanged so they share one application context and one broker.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=gw-test",
    "voice.edge.local-development=true",
    "voice.edge.signature-validation=false",
    "voice.twilio.public-host=gateway.example.test",
    "voice.gateway.stream-token-secret=test-stream-token-secret-0123456789",
    "voice.twilio.account-sid=" + GatewayTestBase.ACCOUNT_SID,
    "voice.twilio.auth-token=" + GatewayTestBase.AUTH_TOKEN,
    "voice.gateway.inbound.flood-limit-per-second=1000",
    "voice.gateway.transfer.number=" + GatewayTestBase.TRANSFER_NUMBER,
    "voice.gateway.transfer.caller-id=+97239998888",
    "voice.gateway.transfer.ring-timeout=25s",
    "voice.edge.api-tokens=" + GatewayTestBase.CALLS_TOKEN,
    "voice.gateway.calls.api-token=" + GatewayTestBase.CALLS_TOKEN,
    "voice.gateway.calls.from=" + GatewayTestBase.OUR_NUMBER,
    // These tests push audio faster than real time to stay fast; LimitsIT runs the real limit.
    "voice.gateway.inbound.max-audio-ahead=1h"})
@EmbeddedKafka(partitions = 1)
abstract class GatewayTestBase {
  static final String REPLY_TOPIC = Topics.replyAudio("gw-test").name();
  static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
  static final String AUTH_TOKEN = "test-auth-token";
  static final String TRANSFER_NUMBER = "+97231112222";
  /** CALLS_API_TOKEN: POST /api/calls places outbound calls through the Twilio fixture, from OUR_NUMBER. */
  static final String CALLS_TOKEN = "test-calls-api-token-0123456789";
  static final String OUR_NUMBER = "+97231234567";
  static final TwilioRestFixture TWILIO = TwilioRestFixture.start(ACCOUNT_SID, AUTH_TOKEN);
  private static KafkaTap tap;

  @DynamicPropertySource
  static void twilioFixture(DynamicPropertyRegistry registry) {
    registry.add("voice.twilio.api-base-url", TWILIO::baseUrl);
  }

  @LocalServerPort int port;
  @Autowired StreamTokens tokens;
  @Autowired EmbeddedKafkaBroker broker;

  /** One reader for the IT classes sharing a context and broker; a daemon thread ending with the JVM. */
  KafkaTap kafka() {
    synchronized (GatewayTestBase.class) {
      if (tap == null || !tap.brokers().equals(broker.getBrokersAsString())) {
        if (tap != null) {
          tap.close(); // a class that dirtied the context (GatewayDrainIT) took its broker with it
        }
        tap = new KafkaTap(broker.getBrokersAsString(), List.of(Topics.UTTERANCES.name(), Topics.TURNS.name(),
            Topics.CONTROL.name(), Topics.CALL_LIFECYCLE.name(), Topics.REPLIES.name()));
      }
      return tap;
    }
  }

  /** Twilio's side of a new stream, connected but silent: nothing is sent yet. */
  MediaStreamClient connectStream() {
    return MediaStreamClient.connect(URI.create("ws://localhost:" + port + "/ws/twilio-media"), StreamIds.newCall());
  }

  /**
   * A started call whose token is valid, once the gateway has taken it in: the stream's claim is confirmed by
   * voice.calls before the call is registered, so reply audio sent before STREAM_STARTED would find no call.
   */
  MediaStreamClient startCall() {
    MediaStreamClient call = connectStream();
    call.connected().start(Map.of("token", tokenFor(call.callSid())));
    kafka().await(com.voiceagent.events.CallLifecycle.class, e -> e.getCallSid().equals(call.callSid())
        && e.getKind() == com.voiceagent.events.CallLifecycleKind.STREAM_STARTED);
    return call;
  }

  /** Twilio's side of a new stream of {@code callSid}, connected but silent. */
  MediaStreamClient connectStream(String callSid) {
    return MediaStreamClient.connect(URI.create("ws://localhost:" + port + "/ws/twilio-media"),
        StreamIds.forCall(ACCOUNT_SID, callSid));
  }

  /** Twilio's side of stream {@code streamSid} of {@code callSid}, connected but silent. */
  MediaStreamClient connectStream(String callSid, String streamSid) {
    return MediaStreamClient.connect(URI.create("ws://localhost:" + port + "/ws/twilio-media"),
        new StreamIds(ACCOUNT_SID, callSid, streamSid));
  }

  static String newCallSid() {
    return StreamIds.randomSid("CA");
  }

  static String newStreamSid() {
    return StreamIds.randomSid("MZ");
  }

  /** A token as the incoming-call webhook issues it now, for the account the streams' start names. */
  String tokenFor(String callSid) {
    return tokens.issue(callSid, ACCOUNT_SID, Instant.now());
  }

  static byte[] hebrewQuestion() {
    try (InputStream in = GatewayTestBase.class.getResourceAsStream("/audio/hebrew-question.ulaw")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Says the Hebrew question with quiet before (noise floor) and after (end of turn). */
  static void askQuestion(MediaStreamClient call) {
    call.silence(400).media(hebrewQuestion()).silence(1000);
  }

  void sendReply(String callSid, int turn, int seq, boolean last, boolean endCall, String text, byte[] muLaw) {
    send(replyAudio(callSid, turn, seq, last, endCall, text, muLaw));
  }

  /** The transfer phrase as tts-service sends it: the turn's last segment, flagged transfer. */
  void sendTransferPhrase(String callSid, int turn, String text, byte[] muLaw) {
    ReplyAudio audio = replyAudio(callSid, turn, 0, true, false, text, muLaw);
    audio.setTransfer(true);
    send(audio);
  }

  private static ReplyAudio replyAudio(String callSid, int turn, int seq, boolean last, boolean endCall, String text, byte[] muLaw) {
    return ReplyAudio.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("tts-test")
        .setEventTime(Instant.now()).setSeq(seq).setLast(last).setText(text).setKind(endCall ? ReplyKind.GOODBYE : ReplyKind.ANSWER)
        .setEndCall(endCall).setAudio(ByteBuffer.wrap(muLaw)).setSpeechEndedAt(Instant.now().minusMillis(700)).build();
  }

  private void send(ReplyAudio audio) {
    String callSid = audio.getCallSid();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()),
        new StringSerializer(), AvroSerde.of(ReplyAudio.class))) {
      producer.send(new ProducerRecord<>(REPLY_TOPIC, callSid, audio));
    }
  }

  /**
   * Plays tts-service's part for the gateway's own phrases: answers each phrase request the gateway published on
   * voice.replies with audio on its reply topic.
   */
  void speakTheGatewaysPhrases() {
    kafka().await(ReplySegment.class, s -> s.getCallSid().startsWith("phrase:resumed:"));
    for (ReplySegment request : kafka().all(ReplySegment.class, s -> s.getCallSid().startsWith("phrase:"))) {
      ReplyAudio audio = ReplyAudio.newBuilder().setCallSid(request.getCallSid()).setTurn(0).setProducer("tts-test")
          .setEventTime(Instant.now()).setSeq(0).setLast(true).setText(request.getText()).setKind(ReplyKind.FALLBACK)
          .setEndCall(false).setAudio(ByteBuffer.wrap(tone(400))).build();
      try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()),
          new StringSerializer(), AvroSerde.of(ReplyAudio.class))) {
        producer.send(new ProducerRecord<>(request.getReplyTo(), request.getCallSid(), audio));
      }
    }
  }

  static byte[] tone(int millis) {
    byte[] audio = new byte[millis * 8];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = com.voiceagent.audio.MuLaw.encode((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
    }
    return audio;
  }

  /** What Prometheus would scrape from this gateway. */
  String scrape() {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one series (name and labels exactly as scraped), 0 when absent. */
  static double count(String scrape, String series) {
    return scrape.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line ->
        Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst().orElse(0);
  }
}
