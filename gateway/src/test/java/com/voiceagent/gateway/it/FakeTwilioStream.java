package com.voiceagent.gateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plays Twilio's side of a Media Streams socket with the JDK WebSocket client. */
final class FakeTwilioStream implements WebSocket.Listener, AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final String callSid;
  final String streamSid;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private long nextTimestamp;
  private int sequence;

  private FakeTwilioStream(String callSid, String streamSid) {
    this.callSid = callSid;
    this.streamSid = streamSid;
  }

  static FakeTwilioStream connect(int port, String callSid, String streamSid) {
    FakeTwilioStream stream = new FakeTwilioStream(callSid, streamSid);
    stream.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://localhost:" + port + "/ws/twilio-media"), stream).join();
    return stream;
  }

  FakeTwilioStream connected() {
    return send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
  }

  FakeTwilioStream start(String token) {
    return start(token, "");
  }

  /** {@code moreParameters}: further customParameters members as JSON, e.g. {@code ,"campaign":"spring"}. */
  FakeTwilioStream start(String token, String moreParameters) {
    return send("{\"event\":\"start\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + streamSid + "\","
        + "\"start\":{\"accountSid\":\"AC00000000000000000000000000000000\",\"streamSid\":\"" + streamSid + "\",\"callSid\":\"" + callSid
        + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
        + "\"customParameters\":{\"token\":\"" + token + "\"" + moreParameters + "}}}");
  }

  /** Sends audio as Twilio does: 20 ms frames with stream timestamps. */
  FakeTwilioStream media(byte[] muLaw) {
    for (int offset = 0; offset < muLaw.length; offset += 160) {
      byte[] frame = java.util.Arrays.copyOfRange(muLaw, offset, Math.min(muLaw.length, offset + 160));
      send("{\"event\":\"media\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + streamSid + "\",\"media\":"
          + "{\"track\":\"inbound\",\"chunk\":\"" + sequence + "\",\"timestamp\":\"" + nextTimestamp + "\",\"payload\":\""
          + Base64.getEncoder().encodeToString(frame) + "\"}}");
      nextTimestamp += 20;
    }
    return this;
  }

  FakeTwilioStream silence(int millis) {
    byte[] quiet = new byte[millis * 8];
    java.util.Arrays.fill(quiet, (byte) 0xFF);
    return media(quiet);
  }

  FakeTwilioStream mark(String name) {
    return send("{\"event\":\"mark\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + streamSid
        + "\",\"mark\":{\"name\":\"" + name + "\"}}");
  }

  FakeTwilioStream stop() {
    return send("{\"event\":\"stop\",\"sequenceNumber\":\"" + (++sequence) + "\",\"streamSid\":\"" + streamSid
        + "\",\"stop\":{\"accountSid\":\"AC00000000000000000000000000000000\",\"callSid\":\"" + callSid + "\"}}");
  }

  FakeTwilioStream send(String text) {
    if (!closeCode.isDone()) {
      try {
        socket.sendText(text, true).join();
      } catch (RuntimeException closedMeanwhile) {
        // the server may close while we send: closeCode tells the test why
      }
    }
    return this;
  }

  FakeTwilioStream sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    return this;
  }

  List<JsonNode> events(String event) {
    return received.stream().filter(n -> event.equals(n.path("event").stringValue(""))).toList();
  }

  boolean isOpen() {
    return !closeCode.isDone() && !socket.isInputClosed();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(JSON.readTree(partial.toString()));
      partial.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.complete(-1);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
  }
}
