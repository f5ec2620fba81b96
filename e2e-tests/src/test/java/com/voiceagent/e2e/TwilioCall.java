package com.voiceagent.e2e;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays Twilio's part of a call: the signed voice webhook, then a Media Streams WebSocket carrying a WAV
 * file as 20 ms mu-law frames at real-time pace followed by line silence, echoing every mark back.
 */
final class TwilioCall implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern STREAM_URL = Pattern.compile("<Stream[^>]*url=\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"token\" value=\"([^\"]*)\"");

  final String callSid;
  final String streamSid;
  final String twiml;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger sequence = new AtomicInteger(1);
  private final AtomicInteger chunk = new AtomicInteger();
  private volatile byte[] pending = new byte[0];
  private volatile int pendingOffset;
  private final Map<Integer, Long> sampleSentAt = new java.util.concurrent.ConcurrentHashMap<>();
  private final long startedAtNanos = System.nanoTime();
  /** System.nanoTime when the start message was sent. */
  volatile long startSentAt;
  private final Map<JsonNode, Long> receivedAtNanos = new java.util.concurrent.ConcurrentHashMap<>();
  private final Playback playback = new Playback(clock);

  private TwilioCall(String callSid, String twiml, WebSocket socket) {
    this.callSid = callSid;
    this.streamSid = "MZ" + callSid.substring(2);
    this.twiml = twiml;
    this.socket = socket;
  }

  /** Places a call to the gateway at host:port whose public host is publicHost, signed with authToken. */
  static TwilioCall dial(String host, int port, String publicHost, String authToken, String callSid) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("CallSid", callSid);
    form.put("AccountSid", "ACe2e00000000000000000000000000000");
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    form.put("CallStatus", "ringing");
    form.put("Direction", "inbound");
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .reduce((a, b) -> a + "&" + b).orElse("");
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/webhook/incoming_call"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, "https://" + publicHost + "/webhook/incoming_call", form))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("incoming_call answered " + answer.statusCode() + ": " + answer.body());
    }
    String twiml = answer.body();
    Matcher url = STREAM_URL.matcher(twiml);
    Matcher token = TOKEN.matcher(twiml);
    if (!url.find() || !token.find()) {
      throw new IllegalStateException("no <Stream url> with a token parameter in " + twiml);
    }
    String streamUrl = url.group(1);
    Listener listener = new Listener();
    WebSocket socket = http.newWebSocketBuilder()
        .header("x-twilio-signature", TwilioSigner.sign(authToken, streamUrl, Map.of()))
        .buildAsync(URI.create("ws://" + host + ":" + port + URI.create(streamUrl).getPath()), listener)
        .get(10, TimeUnit.SECONDS);
    TwilioCall call = new TwilioCall(callSid, twiml, socket);
    listener.call = call;
    call.send(JSON.createObjectNode().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
    ObjectNode start = JSON.createObjectNode().put("event", "start").put("sequenceNumber", String.valueOf(call.sequence.getAndIncrement()))
        .put("streamSid", call.streamSid);
    ObjectNode startBody = start.putObject("start").put("accountSid", "ACe2e00000000000000000000000000000")
        .put("streamSid", call.streamSid).put("callSid", callSid);
    startBody.putArray("tracks").add("inbound");
    startBody.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
    startBody.putObject("customParameters").put("token", token.group(1));
    call.startSentAt = System.nanoTime();
    call.send(start);
    call.clock.scheduleAtFixedRate(call::sendFrame, 20, 20, TimeUnit.MILLISECONDS);
    return call;
  }

  /** Queues the WAV file's audio (any rate; 8 kHz mu-law expected) to be spoken by the caller. */
  void say(byte[] wavFile) {
    short[] pcm = Wav.read(wavFile).toMonoPcm16();
    pending = MuLaw.encode(pcm);
    pendingOffset = 0;
  }

  /** System.nanoTime when the frame holding sample index {@code sample} of the current speech was sent. */
  long sentAt(int sample) {
    return sampleSentAt.getOrDefault(sample / 160, 0L);
  }

  boolean finishedSpeaking() {
    return pendingOffset >= pending.length;
  }

  /** Twilio sends a frame every 20 ms, speech or the line's silence. */
  private void sendFrame() {
    byte[] frame = new byte[160];
    java.util.Arrays.fill(frame, MuLaw.SILENCE);
    byte[] source = pending;
    int offset = pendingOffset;
    if (offset < source.length) {
      int n = Math.min(160, source.length - offset);
      System.arraycopy(source, offset, frame, 0, n);
      pendingOffset = offset + n;
      sampleSentAt.put(offset / 160, System.nanoTime());
    }
    long timestamp = (System.nanoTime() - startedAtNanos) / 1_000_000;
    ObjectNode media = JSON.createObjectNode().put("event", "media").put("sequenceNumber", String.valueOf(sequence.getAndIncrement()))
        .put("streamSid", streamSid);
    media.putObject("media").put("track", "inbound").put("chunk", String.valueOf(chunk.incrementAndGet()))
        .put("timestamp", String.valueOf(timestamp)).put("payload", Base64.getEncoder().encodeToString(frame));
    send(media);
  }

  private synchronized void send(ObjectNode message) {
    socket.sendText(message.toString(), true).join();
  }

  List<JsonNode> events(String event) {
    return received.stream().filter(m -> event.equals(m.path("event").asString(""))).toList();
  }

  boolean hasMark(String name) {
    return events("mark").stream().anyMatch(m -> name.equals(m.path("mark").path("name").asString("")));
  }

  private void onMessage(JsonNode message) {
    receivedAtNanos.put(message, System.nanoTime());
    received.add(message);
    switch (message.path("event").asString("")) {
      case "media" -> playback.append(Base64.getDecoder().decode(message.path("media").path("payload").asString("")).length);
      case "mark" -> {
        String name = message.path("mark").path("name").asString();
        // Twilio echoes a mark when the audio sent before it has finished playing.
        playback.markAt(name, this::echoMark);
      }
      case "clear" -> playback.clear(this::echoMark);
      default -> { }
    }
  }

  private void echoMark(String name) {
    ObjectNode echo = JSON.createObjectNode().put("event", "mark").put("sequenceNumber", String.valueOf(sequence.getAndIncrement()))
        .put("streamSid", streamSid);
    echo.putObject("mark").put("name", name);
    CompletableFuture.runAsync(() -> send(echo));
  }

  /** When the message arrived (System.nanoTime). */
  long receivedAt(JsonNode message) {
    return receivedAtNanos.getOrDefault(message, 0L);
  }

  /** Whether agent audio is still playing (buffered and not yet heard). */
  boolean agentSpeaking() {
    return playback.playing();
  }

  @Override
  public void close() {
    clock.shutdownNow();
    try {
      ObjectNode stop = JSON.createObjectNode().put("event", "stop").put("sequenceNumber", String.valueOf(sequence.getAndIncrement()))
          .put("streamSid", streamSid);
      stop.putObject("stop").put("accountSid", "ACe2e00000000000000000000000000000").put("callSid", callSid);
      send(stop);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // The gateway may already have closed the stream.
    }
  }

  private static final class Listener implements WebSocket.Listener {
    volatile TwilioCall call;
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonNode message = JSON.readTree(text.toString());
        text.setLength(0);
        while (call == null) {
          Thread.onSpinWait();
        }
        call.onMessage(message);
      }
      webSocket.request(1);
      return null;
    }
  }

}
