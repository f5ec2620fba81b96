package com.voiceagent.twiliokit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Twilio's side of the socket as the server sees it, on a fake socket that records every frame sent. */
class MediaStreamClientTest {
  private static final StreamIds IDS = new StreamIds("AC1", "CA1", "MZ1");

  private final RecordingSocket socket = new RecordingSocket();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final MediaStreamClient.Listener listener = new MediaStreamClient.Listener() {
    @Override
    public void cleared(long droppedBytes, List<String> echoedMarks) {
      heard.add("cleared " + droppedBytes + " " + echoedMarks);
    }

    @Override
    public void hungUp(int statusCode, String reason) {
      heard.add("hung up " + statusCode);
    }
  };
  private final MediaStreamClient client = MediaStreamClient.detached(IDS, listener);
  private final WebSocket.Listener fromServer = client.socketListener();

  MediaStreamClientTest() {
    fromServer.onOpen(socket);
  }

  @AfterEach
  void hangUp() {
    client.close();
  }

  private void serverSends(String text) {
    fromServer.onText(socket, text, true);
  }

  private static String media(int bytes) {
    byte[] audio = new byte[bytes];
    Arrays.fill(audio, (byte) 0x11);
    return "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\""
        + Base64.getEncoder().encodeToString(audio) + "\"}}";
  }

  private static String mark(String name) {
    return "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"" + name + "\"}}";
  }

  @Test
  void stepByStepEveryMessageAfterConnectedIsNumberedAndFramesCountChunksAndAudioTime() {
    client.connected().start(Map.of("token", "t")).media(new byte[400]).dtmf("5").mark("m").stop();
    client.media(new byte[160]); // after stop: dropped

    List<JsonNode> sent = socket.sentJson();
    assertThat(sent).extracting(m -> m.path("event").asString())
        .containsExactly("connected", "start", "media", "media", "media", "dtmf", "mark", "stop");
    assertThat(sent.getFirst().has("sequenceNumber")).isFalse();
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).path("sequenceNumber").asString()).isEqualTo(Integer.toString(i));
    }
    List<JsonNode> media = socket.sentJson("media");
    assertThat(media).extracting(m -> m.path("media").path("chunk").asString()).containsExactly("1", "2", "3");
    assertThat(media).extracting(m -> m.path("media").path("timestamp").asString()).containsExactly("0", "20", "40");
    byte[] last = Base64.getDecoder().decode(media.getLast().path("media").path("payload").asString());
    assertThat(last).hasSize(160);
    assertThat(Arrays.copyOfRange(last, 0, 80)).containsOnly((byte) 0);
    assertThat(Arrays.copyOfRange(last, 80, 160)).as("padded with line silence").containsOnly((byte) 0xFF);
  }

  @Test
  void withoutTheLineNothingIsEchoedUntilTheTestEchoesIt() {
    client.connected().start(Map.of());
    serverSends(media(160));
    serverSends(mark("t1-s0"));

    assertThat(socket.sentJson("mark")).isEmpty();
    assertThat(client.events("mark")).extracting(m -> m.path("mark").path("name").asString()).containsExactly("t1-s0");
  }

  @Test
  void onTheLineAMarkIsEchoedOnlyOnceTheAudioBeforeItHasPlayed() {
    client.connected().start(Map.of()).startLine();
    serverSends(media(4000)); // 500 ms
    int framesAtAnswer = socket.sentJson("media").size();
    serverSends(mark("t1-s0"));

    await().atMost(Duration.ofSeconds(5)).until(() -> !socket.sentJson("mark").isEmpty());

    // Playback keeps the phone's pace: one inbound frame goes out for every 20 ms played.
    assertThat(socket.sentJson("media").size() - framesAtAnswer).isGreaterThanOrEqualTo(25);
    assertThat(socket.sentJson("mark").getFirst().path("mark").path("name").asString()).isEqualTo("t1-s0");
    assertThat(client.marksEchoed()).isEqualTo(1);
  }

  @Test
  void onTheLineAMarkWithNothingPlayingIsEchoedAtOnce() {
    client.connected().start(Map.of()).startLine();

    serverSends(mark("t0-s0"));

    assertThat(socket.sentJson("mark")).extracting(m -> m.path("mark").path("name").asString()).containsExactly("t0-s0");
  }

  @Test
  void clearDropsTheUnplayedAudioAndEchoesItsPendingMarksAtOnce() {
    client.connected().start(Map.of()).startLine();
    serverSends(media(8000)); // one second
    serverSends(mark("long-answer"));

    serverSends("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");

    assertThat(socket.sentJson("mark")).extracting(m -> m.path("mark").path("name").asString()).containsExactly("long-answer");
    assertThat(client.agentSpeaking()).isFalse();
    assertThat(heard).singleElement().asString().startsWith("cleared ").endsWith(" [long-answer]");
  }

  @Test
  void theLineCarriesWhatTheCallerSaysThenLineSilence() throws Exception {
    byte[] words = new byte[400];
    Speech speech = client.say(words);
    client.connected().start(Map.of()).startLine();

    assertThat(speech.awaitSpoken(Duration.ofSeconds(5))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> socket.sentJson("media").size() >= 4);

    List<byte[]> payloads = socket.sentJson("media").stream()
        .map(m -> Base64.getDecoder().decode(m.path("media").path("payload").asString())).toList();
    assertThat(payloads.get(0)).containsOnly((byte) 0);
    assertThat(payloads.get(2)).startsWith(new byte[80]).endsWith(silence(80));
    assertThat(payloads.get(3)).containsOnly((byte) 0xFF);
    assertThat(speech.sentAt(0)).isPositive().isLessThanOrEqualTo(speech.sentAt(399));
  }

  @Test
  void whatTwilioWouldRejectIsAProtocolErrorWithTwiliosCode() {
    client.connected().start(Map.of());
    serverSends("{\"event\":\"clear\",\"streamSid\":\"MZ2\"}");
    fromServer.onBinary(socket, ByteBuffer.wrap(new byte[] {1}), true);

    assertThat(client.protocolErrors()).hasSize(2);
    assertThat(client.protocolErrors().get(0)).startsWith("31951 wrong or missing streamSid 'MZ2'");
    assertThat(client.protocolErrors().get(1)).startsWith("31950");
  }

  @Test
  void theServerClosingTheStreamIsAHangUp() {
    client.connected().start(Map.of()).startLine();

    fromServer.onClose(socket, 1000, "goodbye");

    assertThat(client.closeCode()).isCompletedWithValue(1000);
    assertThat(heard).containsExactly("hung up 1000");
  }

  @Test
  void hangingUpSendsStopThenTheCloseAndTheServersAnswerIsNoHangUp() {
    client.connected().start(Map.of()).startLine();

    client.close();
    fromServer.onClose(socket, 1000, "");

    assertThat(socket.sentJson().getLast().path("event").asString()).isEqualTo("stop");
    assertThat(socket.closeSent).isTrue();
    assertThat(heard).isEmpty();
  }

  private static byte[] silence(int bytes) {
    byte[] quiet = new byte[bytes];
    Arrays.fill(quiet, (byte) 0xFF);
    return quiet;
  }

  /** A socket that records what is sent on it and answers every send at once. */
  private static final class RecordingSocket implements WebSocket {
    final List<String> texts = new CopyOnWriteArrayList<>();
    volatile boolean closeSent;

    List<JsonNode> sentJson() {
      List<JsonNode> all = new ArrayList<>();
      texts.forEach(text -> all.add(MediaStreamMessages.json(text)));
      return all;
    }

    List<JsonNode> sentJson(String event) {
      return sentJson().stream().filter(m -> m.path("event").asString().equals(event)).toList();
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
      texts.add(data.toString());
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
      closeSent = true;
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {}

    @Override
    public String getSubprotocol() {
      return "";
    }

    @Override
    public boolean isOutputClosed() {
      return closeSent;
    }

    @Override
    public boolean isInputClosed() {
      return false;
    }

    @Override
    public void abort() {}
  }
}
