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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays Twilio's part of a call: the signed voice webhook, then a Media Streams WebSocket carrying a WAV
 * file as 20 ms mu-law frames at real-time pace followed by line silence, echoing every mark back.
 *
 * <p>The load benchmark runs dozens of these next to the system it measures, so they share one HttpClient
 * and a two-thread clock, no clock task ever waits for the network, and waiting for a message blocks
 * instead of polling: otherwise the benchmark would measure the harness.
 */
final class TwilioCall implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Frame timers and playback marks of every call. */
  private static final ScheduledThreadPoolExecutor CLOCK = clock();
  private static final int FRAME_BYTES = 160;
  private static final String SILENT_PAYLOAD = Base64.getEncoder().encodeToString(silentFrame());
  private static final String ACCOUNT_SID = "ACe2e00000000000000000000000000000";
  private static final Pattern STREAM_URL = Pattern.compile("<Stream[^>]*url=\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"token\" value=\"([^\"]*)\"");

  final String callSid;
  final String streamSid;
  final String twiml;
  /** System.nanoTime when the start message was handed to the socket. */
  volatile long startSentAt;
  private final WebSocket socket;
  private final Outbox outbox;
  private final Inbox inbox = new Inbox();
  private final Playback playback = new Playback(CLOCK);
  private final long startedAtNanos = System.nanoTime();
  /** The constant part of a media message between its sequenceNumber and its chunk. */
  private final String mediaMiddle;
  private volatile Speech speech = new Speech(new byte[0]);
  private int chunk; // only the frame task, which never runs concurrently with itself, touches it
  private ScheduledFuture<?> frames;

  private TwilioCall(String callSid, String twiml, WebSocket socket) {
    this.callSid = callSid;
    this.streamSid = "MZ" + callSid.substring(2);
    this.twiml = twiml;
    this.socket = socket;
    this.outbox = new Outbox(socket);
    this.mediaMiddle = "\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"";
  }

  /** Places a call to the gateway at host:port whose public host is publicHost, signed with authToken. */
  static TwilioCall dial(String host, int port, String publicHost, String authToken, String callSid) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("CallSid", callSid);
    form.put("AccountSid", ACCOUNT_SID);
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    form.put("CallStatus", "ringing");
    form.put("Direction", "inbound");
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .reduce((a, b) -> a + "&" + b).orElse("");
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/webhook/incoming_call"))
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
    WebSocket socket = HTTP.newWebSocketBuilder()
        .header("x-twilio-signature", TwilioSigner.sign(authToken, streamUrl, Map.of()))
        .buildAsync(URI.create("ws://" + host + ":" + port + URI.create(streamUrl).getPath()), listener)
        .get(10, TimeUnit.SECONDS);
    TwilioCall call = new TwilioCall(callSid, twiml, socket);
    listener.call = call;
    socket.request(1); // the listener asks for nothing until it has a call to deliver to
    call.outbox.sendUnnumbered(JSON.createObjectNode().put("event", "connected").put("protocol", "Call").put("version", "1.0.0").toString());
    call.outbox.send(sequence -> call.start(sequence, token.group(1)), at -> call.startSentAt = at);
    call.frames = CLOCK.scheduleAtFixedRate(call::sendFrame, 20, 20, TimeUnit.MILLISECONDS);
    return call;
  }

  private String start(int sequence, String token) {
    ObjectNode start = numbered("start", sequence);
    ObjectNode startBody = start.putObject("start").put("accountSid", ACCOUNT_SID).put("streamSid", streamSid).put("callSid", callSid);
    startBody.putArray("tracks").add("inbound");
    startBody.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
    startBody.putObject("customParameters").put("token", token);
    return start.toString();
  }

  private ObjectNode numbered(String event, int sequence) {
    return JSON.createObjectNode().put("event", event).put("sequenceNumber", String.valueOf(sequence)).put("streamSid", streamSid);
  }

  /** Queues the WAV file's audio (any rate; 8 kHz mu-law expected) to be spoken by the caller, replacing any speech still going. */
  void say(byte[] wavFile) {
    speech = new Speech(MuLaw.encode(Wav.read(wavFile).toMonoPcm16()));
  }

  /** System.nanoTime when the frame holding sample index {@code sample} of the current speech was sent; 0 until then. */
  long sentAt(int sample) {
    return speech.sentAt(sample);
  }

  /** Waits until the last frame of the current speech has been sent; false on timeout. */
  boolean awaitFinishedSpeaking(Duration timeout) throws InterruptedException {
    try {
      speech.spoken.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Twilio sends a frame every 20 ms, speech or the line's silence. */
  private void sendFrame() {
    Speech current = speech;
    int frame = current.nextFrame();
    String payload = frame < 0 ? SILENT_PAYLOAD : current.payload(frame);
    LongConsumer sent = frame < 0 ? Outbox.UNTIMED : at -> current.sent(frame, at);
    int chunkNumber = ++chunk;
    long timestamp = (System.nanoTime() - startedAtNanos) / 1_000_000;
    outbox.send(sequence -> "{\"event\":\"media\",\"sequenceNumber\":\"" + sequence + mediaMiddle + chunkNumber
        + "\",\"timestamp\":\"" + timestamp + "\",\"payload\":\"" + payload + "\"}}", sent);
  }

  /** Every message received so far, in order. */
  List<JsonNode> received() {
    return inbox.all();
  }

  List<JsonNode> events(String event) {
    return inbox.events(event);
  }

  int count(String event) {
    return inbox.count(event);
  }

  /** The index-th (0-based) message of that event, waiting until it arrives; null on timeout. */
  JsonNode awaitEvent(String event, int index, Duration timeout) throws InterruptedException {
    return inbox.await(event, index, timeout.toNanos());
  }

  boolean hasMark(String name) {
    return events("mark").stream().anyMatch(m -> name.equals(m.path("mark").path("name").asString("")));
  }

  /** When the message arrived (System.nanoTime). */
  long receivedAt(JsonNode message) {
    return inbox.receivedAt(message);
  }

  /** Whether agent audio is still playing (buffered and not yet heard). */
  boolean agentSpeaking() {
    return playback.playing();
  }

  /** Waits until the agent audio received so far has played out; false on timeout. */
  boolean awaitAgentSilent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // The end of playback is known, so sleep until then; audio arriving meanwhile moves it, hence the loop.
    for (long left = playback.remainingNanos(); left > 0; left = playback.remainingNanos()) {
      long wait = Math.min(left, deadline - System.nanoTime());
      if (wait <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return true;
  }

  private void onMessage(JsonNode message, long receivedAt) {
    String event = message.path("event").asString("");
    switch (event) {
      case "media" -> playback.append(decodedLength(message.path("media").path("payload").asString("")));
      // Twilio echoes a mark when the audio sent before it has finished playing.
      case "mark" -> playback.markAt(message.path("mark").path("name").asString(), this::echoMark);
      case "clear" -> playback.clear(this::echoMark);
      default -> { }
    }
    // After the playback update, so whoever sees the message also sees the audio it buffered.
    inbox.add(event, message, receivedAt);
  }

  private void echoMark(String name) {
    outbox.send(sequence -> {
      ObjectNode echo = numbered("mark", sequence);
      echo.putObject("mark").put("name", name);
      return echo.toString();
    }, Outbox.UNTIMED);
  }

  @Override
  public void close() {
    frames.cancel(false);
    playback.clear(name -> { }); // drops its timers from the shared clock
    try {
      outbox.sendLast(sequence -> {
        ObjectNode stop = numbered("stop", sequence);
        stop.putObject("stop").put("accountSid", ACCOUNT_SID).put("callSid", callSid);
        return stop.toString();
      }).thenCompose(sent -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")).get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // The gateway may already have closed the stream; the shared client must not keep it.
      socket.abort();
    }
  }

  /** Bytes a base64 string (no line breaks) decodes to, without decoding it. */
  private static int decodedLength(String base64) {
    int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
    return base64.length() / 4 * 3 - padding;
  }

  private static byte[] silentFrame() {
    byte[] frame = new byte[FRAME_BYTES];
    Arrays.fill(frame, MuLaw.SILENCE);
    return frame;
  }

  private static ScheduledThreadPoolExecutor clock() {
    // Two threads suffice because no task waits for I/O; daemon so a failed run still exits.
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().daemon().name("twilio-clock-", 0).factory());
    clock.setRemoveOnCancelPolicy(true);
    return clock;
  }

  /** The caller's current utterance, sent frame by frame, and when each frame went out. */
  private static final class Speech {
    private final byte[] muLaw;
    private final AtomicLongArray frameSentAt;
    final CompletableFuture<Void> spoken = new CompletableFuture<>();
    private int next; // only the frame task touches it

    Speech(byte[] muLaw) {
      this.muLaw = muLaw;
      this.frameSentAt = new AtomicLongArray((muLaw.length + FRAME_BYTES - 1) / FRAME_BYTES);
      if (muLaw.length == 0) {
        spoken.complete(null);
      }
    }

    /** The next frame to send, or -1 once all are. */
    int nextFrame() {
      return next < frameSentAt.length() ? next++ : -1;
    }

    /** A frame's audio, the last one padded with silence. */
    String payload(int frame) {
      byte[] bytes = silentFrame();
      int from = frame * FRAME_BYTES;
      System.arraycopy(muLaw, from, bytes, 0, Math.min(FRAME_BYTES, muLaw.length - from));
      return Base64.getEncoder().encodeToString(bytes);
    }

    void sent(int frame, long at) {
      frameSentAt.set(frame, at);
      if (frame == frameSentAt.length() - 1) {
        spoken.complete(null); // frames go out in order, so every earlier time is recorded too
      }
    }

    long sentAt(int sample) {
      int frame = sample / FRAME_BYTES;
      return frame < frameSentAt.length() ? frameSentAt.get(frame) : 0L;
    }
  }

  /**
   * One socket's sends in order, never waited for: java.net.http allows one outstanding send per socket, so
   * each starts when the previous completes, on whichever thread completes it.
   */
  private static final class Outbox {
    static final LongConsumer UNTIMED = at -> { };
    private final WebSocket socket;
    private CompletableFuture<WebSocket> tail = CompletableFuture.completedFuture(null);
    private int sequence = 1;
    private boolean closed;

    Outbox(WebSocket socket) {
      this.socket = socket;
    }

    /**
     * Sends a message given the stream's next sequenceNumber (numbered here, so numbers follow the send
     * order); handedOff gets the System.nanoTime at which the socket takes it.
     */
    synchronized CompletableFuture<WebSocket> send(IntFunction<String> message, LongConsumer handedOff) {
      return closed ? tail : enqueue(message.apply(sequence++), handedOff);
    }

    synchronized void sendUnnumbered(String message) {
      enqueue(message, UNTIMED);
    }

    /** Sends the stream's last message; later sends (a frame or mark timer still firing) are dropped. */
    synchronized CompletableFuture<WebSocket> sendLast(IntFunction<String> message) {
      CompletableFuture<WebSocket> last = send(message, UNTIMED);
      closed = true;
      return last;
    }

    private CompletableFuture<WebSocket> enqueue(String message, LongConsumer handedOff) {
      tail = tail.exceptionally(failed -> socket).thenCompose(ready -> {
        handedOff.accept(System.nanoTime());
        return socket.sendText(message, true);
      });
      return tail;
    }
  }

  /** Messages from the gateway in arrival order, also kept per event so counting and waiting never scan. */
  private static final class Inbox {
    private final ReentrantLock lock = new ReentrantLock(); // not a monitor: benchmark callers wait on virtual threads
    private final List<JsonNode> all = new ArrayList<>();
    private final Map<String, Event> byEvent = new HashMap<>();
    private final Map<JsonNode, Long> receivedAt = new IdentityHashMap<>();

    private record Event(List<JsonNode> messages, Condition grew) { }

    void add(String event, JsonNode message, long at) {
      locked(() -> {
        all.add(message);
        receivedAt.put(message, at);
        Event messages = event(event);
        messages.messages.add(message);
        messages.grew.signalAll();
        return null;
      });
    }

    JsonNode await(String event, int index, long timeoutNanos) throws InterruptedException {
      lock.lock();
      try {
        Event messages = event(event);
        for (long left = timeoutNanos; messages.messages.size() <= index; left = messages.grew.awaitNanos(left)) {
          if (left <= 0) {
            return null;
          }
        }
        return messages.messages.get(index);
      } finally {
        lock.unlock();
      }
    }

    List<JsonNode> all() {
      return locked(() -> List.copyOf(all));
    }

    List<JsonNode> events(String event) {
      return locked(() -> List.copyOf(event(event).messages));
    }

    int count(String event) {
      return locked(() -> event(event).messages.size());
    }

    long receivedAt(JsonNode message) {
      return locked(() -> receivedAt.getOrDefault(message, 0L));
    }

    private Event event(String event) {
      return byEvent.computeIfAbsent(event, name -> new Event(new ArrayList<>(), lock.newCondition()));
    }

    private <T> T locked(Supplier<T> action) {
      lock.lock();
      try {
        return action.get();
      } finally {
        lock.unlock();
      }
    }
  }

  private static final class Listener implements WebSocket.Listener {
    volatile TwilioCall call;
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      // Requests nothing yet: dial asks for the first message once the call exists.
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (last) {
        long receivedAt = System.nanoTime();
        String message = text.isEmpty() ? data.toString() : text.append(data).toString();
        text.setLength(0);
        call.onMessage(JSON.readTree(message), receivedAt);
      } else {
        text.append(data);
      }
      webSocket.request(1);
      return null;
    }
  }
}
