package com.voiceagent.twiliokit.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Twilio's side of one Media Streams WebSocket, speaking the protocol as Twilio does (see
 * {@link MediaStreamMessages}). Two ways to drive it:
 * <ul>
 *   <li>step by step, for protocol tests: send {@code connected}, {@code start}, media frames, marks, dtmf and
 *   {@code stop} when the test says so; nothing is echoed unless the test echoes it;</li>
 *   <li>as a phone line ({@link #startLine()}): every 20 ms the next frame of what the caller {@link #say says}
 *   (line silence otherwise) goes out and 20 ms of the agent's buffered audio plays; a mark is echoed when
 *   the audio sent before it has played (at once if none is buffered), and {@code clear} drops the buffer
 *   and echoes every pending mark, as Twilio does.</li>
 * </ul>
 * Whatever the server sends is kept in arrival order and checked against Twilio's rules: what Twilio would
 * reject is listed in {@link #protocolErrors()}.
 *
 * <p>A load benchmark runs dozens of these beside the system it measures, so they share one HttpClient,
 * their lines share a clock and waiting for a message blocks instead of polling: otherwise the benchmark
 * would measure its own harness.
 */
public final class MediaStreamClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What a running call reports as it happens, for a caller that follows it live (the call simulator). */
  public interface Listener {
    /**
     * Agent audio arrived (and, on a running line, was buffered to be played).
     *
     * @param lineWasSilent nothing the agent sent before was still waiting to be played
     */
    default void agentAudio(byte[] muLaw, boolean lineWasSilent) {}

    /** A {@code clear} arrived: how much unplayed audio it dropped, and the marks it echoed. */
    default void cleared(long droppedBytes, List<String> echoedMarks) {}

    /** Every 20 ms of a running line: the agent audio the caller heard (shorter than a frame when it ran out). */
    default void played(byte[] muLaw) {}

    /** The server sent something Twilio would reject (with Twilio's error code). */
    default void protocolError(String error) {}

    /** The server closed the stream, which ends the call. */
    default void hungUp(int statusCode, String reason) {}
  }

  /**
   * Frames the phone lines of this JVM have sent, and how many went out more than 20 ms after their time: a load
   * generator short of CPU sends late, and a server that times frames on arrival sees that as its own delay.
   */
  public record LineFrames(long sent, long late) {
    public LineFrames since(LineFrames before) {
      return new LineFrames(sent - before.sent, late - before.late);
    }
  }

  /** {@link LineFrames} of every running line in this JVM so far. */
  public static LineFrames lineFrames() {
    return PhoneLine.frames();
  }

  private final MediaStreamMessages messages;
  private final Listener listener;
  private final Inbox inbox = new Inbox();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
  private final StringBuilder partialText = new StringBuilder(); // only the socket's listener thread touches it
  // A lock rather than a monitor: callers may be virtual threads.
  private final ReentrantLock lock = new ReentrantLock();

  private final PhoneLine line;

  // Guarded by lock.
  private long chunk;
  private int marksEchoed;
  private boolean stopped;

  private volatile WebSocket socket;
  private volatile Outbox outbox;
  private volatile boolean closing;
  private volatile long startSentAt;

  private MediaStreamClient(StreamIds ids, Listener listener) {
    this.messages = new MediaStreamMessages(ids);
    this.listener = listener;
    this.line = new PhoneLine(new PhoneLine.Wire() {
      @Override
      public void sendFrame(byte[] payload, LongConsumer handedOff) {
        MediaStreamClient.this.sendFrame(payload, handedOff);
      }

      @Override
      public void echoMark(String name) {
        echo(name);
      }
    }, listener::played);
  }

  /** A client on a socket opened elsewhere (tests give it a fake one): hand {@link #socketListener()} to the socket. */
  static MediaStreamClient detached(StreamIds ids, Listener listener) {
    return new MediaStreamClient(ids, listener);
  }

  WebSocket.Listener socketListener() {
    return new SocketListener();
  }

  /** Opens a stream without a signature (to a server that does not check it). */
  public static MediaStreamClient connect(URI webSocket, StreamIds ids) {
    return connect(webSocket, ids, Map.of(), new Listener() {});
  }

  /**
   * Opens the WebSocket as Twilio does; nothing is sent yet.
   *
   * @param signature the {@code x-twilio-signature} of the upgrade, or null for none
   * @throws IllegalStateException when the server refuses the upgrade or does not answer within 10 s
   */
  public static MediaStreamClient connect(URI webSocket, StreamIds ids, String signature, Listener listener) {
    return connect(webSocket, ids, signature == null ? Map.of() : Map.of("x-twilio-signature", signature), listener);
  }

  /**
   * Opens the WebSocket with these upgrade headers (the signature, or what a proxy in front of the server
   * adds, such as X-Forwarded-Host); nothing is sent yet.
   *
   * @throws IllegalStateException when the server refuses the upgrade or does not answer within 10 s
   */
  public static MediaStreamClient connect(URI webSocket, StreamIds ids, Map<String, String> upgradeHeaders,
      Listener listener) {
    MediaStreamClient client = new MediaStreamClient(Objects.requireNonNull(ids, "ids"),
        Objects.requireNonNull(listener, "listener"));
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    upgradeHeaders.forEach(builder::header);
    try {
      builder.buildAsync(webSocket, client.socketListener()).get(10, TimeUnit.SECONDS);
      return client;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        throw new IllegalStateException("the server refused the media WebSocket at " + webSocket + " with HTTP "
            + handshake.getResponse().statusCode(), handshake);
      }
      throw new IllegalStateException("cannot open the media WebSocket at " + webSocket + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the media WebSocket at " + webSocket + " did not open within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening " + webSocket, e);
    }
  }

  public StreamIds ids() {
    return messages.ids();
  }

  public String callSid() {
    return messages.ids().callSid();
  }

  public String streamSid() {
    return messages.ids().streamSid();
  }

  // ---- what Twilio sends ----

  public MediaStreamClient connected() {
    outbox.send(messages.connected());
    return this;
  }

  /** The start message, with the TwiML's {@code <Parameter>}s as customParameters. */
  public MediaStreamClient start(Map<String, String> customParameters) {
    outbox.sendNumbered(n -> messages.start(n, customParameters), at -> startSentAt = at);
    return this;
  }

  /** Sends the audio at once as 20 ms frames (the last padded with line silence), without waiting in real time. */
  public MediaStreamClient media(byte[] muLaw) {
    if (line.running()) {
      throw new IllegalStateException("the line is running: the caller speaks with say()");
    }
    for (int frame = 0; frame * Speech.FRAME_BYTES < muLaw.length; frame++) {
      sendFrame(Speech.frameOf(muLaw, frame), Outbox.UNTIMED);
    }
    return this;
  }

  /** {@code millis} of line silence, sent at once. */
  public MediaStreamClient silence(int millis) {
    return media(silentAudio(millis));
  }

  /** A key the caller pressed. */
  public MediaStreamClient dtmf(String digit) {
    outbox.sendNumbered(n -> messages.dtmf(n, digit), Outbox.UNTIMED);
    return this;
  }

  /** Echoes a mark, for a test that decides itself when the caller has heard it. */
  public MediaStreamClient mark(String name) {
    echo(name);
    return this;
  }

  /** The caller hung up: stops the line and sends {@code stop}, the stream's last message. */
  public MediaStreamClient stop() {
    line.stop();
    lock.lock();
    try {
      if (!stopped && !closeCode.isDone()) {
        stopped = true;
        outbox.sendLast(messages::stop);
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** Any text, as it is: for tests of what a server does with malformed or hostile input. */
  public MediaStreamClient sendText(String text) {
    outbox.send(text);
    return this;
  }

  public MediaStreamClient sendBinary(byte[] bytes) {
    outbox.sendBinary(bytes);
    return this;
  }

  // ---- the phone line ----

  /** From now on a frame goes out every 20 ms and the agent's audio plays in real time (marks echoed as played). */
  public MediaStreamClient startLine() {
    line.start();
    return this;
  }

  /**
   * The caller says this (8 kHz mu-law) on the line, instead of anything still being said; before the line
   * runs, it is what the line starts with.
   */
  public Speech say(byte[] muLaw) {
    return line.say(muLaw);
  }

  /** Whether agent audio is buffered on the line and not yet heard. */
  public boolean agentSpeaking() {
    return line.agentSpeaking();
  }

  /** Waits until the agent audio received so far has played out on the line; false on timeout. */
  public boolean awaitAgentSilent(Duration timeout) throws InterruptedException {
    return line.awaitAgentSilent(timeout);
  }

  private void sendFrame(byte[] payload, LongConsumer handedOff) {
    lock.lock();
    try {
      long number = ++chunk;
      outbox.sendNumbered(n -> messages.media(n, number, (number - 1) * PhoneLine.FRAME_MS, payload), handedOff);
    } finally {
      lock.unlock();
    }
  }

  private void echo(String name) {
    lock.lock();
    try {
      outbox.sendNumbered(n -> messages.mark(n, name), Outbox.UNTIMED);
      marksEchoed++;
    } finally {
      lock.unlock();
    }
  }

  // ---- what the server sent ----

  /** Every message received so far, in order (a text that is not JSON as a JSON string). */
  public List<JsonNode> received() {
    return inbox.all();
  }

  public List<JsonNode> events(String event) {
    return inbox.events(event);
  }

  public int count(String event) {
    return inbox.count(event);
  }

  /** The index-th (from 0) message of that event, waiting for it to arrive; null on timeout. */
  public JsonNode awaitEvent(String event, int index, Duration timeout) throws InterruptedException {
    return inbox.await(event, index, timeout.toNanos());
  }

  public boolean hasMark(String name) {
    return events("mark").stream().anyMatch(m -> name.equals(m.path("mark").path("name").asString("")));
  }

  /** When the message arrived (System.nanoTime). */
  public long receivedAt(JsonNode message) {
    return inbox.receivedAt(message);
  }

  /** When the start message was handed to the socket (System.nanoTime); 0 before. */
  public long startSentAt() {
    return startSentAt;
  }

  /** What the server sent that Twilio would reject, with Twilio's error code. */
  public List<String> protocolErrors() {
    return List.copyOf(protocolErrors);
  }

  /** Marks echoed so far, by the line or by the test. */
  public int marksEchoed() {
    lock.lock();
    try {
      return marksEchoed;
    } finally {
      lock.unlock();
    }
  }

  /** Completes with the close code when the socket closes (1006 when it ended without a close frame). */
  public CompletableFuture<Integer> closeCode() {
    return closeCode;
  }

  public boolean isOpen() {
    return !closeCode.isDone() && !socket.isInputClosed();
  }

  /** Completes when everything sent so far has been handed to the socket. */
  public CompletableFuture<?> flushed() {
    return outbox.flushed();
  }

  private void onServerText(String text) {
    long at = System.nanoTime();
    JsonNode json = MediaStreamMessages.json(text);
    MediaStreamMessages.ServerMessage message;
    try {
      message = messages.read(json, text);
    } catch (MediaStreamMessages.ProtocolViolation e) {
      protocolErrors.add(e.getMessage());
      inbox.add(json == null ? JsonNodeFactory.instance.stringNode(text) : json, at);
      listener.protocolError(e.getMessage());
      return;
    }
    // Only a running line plays and echoes; step by step, the test does.
    boolean playing = line.running();
    switch (message) {
      case MediaStreamMessages.Media media -> {
        boolean wasSilent = !playing || line.agentAudio(media.muLaw());
        inbox.add(json, at); // after buffering, so whoever sees the message also sees the audio it buffered
        listener.agentAudio(media.muLaw(), wasSilent);
      }
      case MediaStreamMessages.Mark mark -> {
        if (playing) {
          line.mark(mark.name());
        }
        inbox.add(json, at);
      }
      case MediaStreamMessages.Clear clear -> {
        PhoneLine.Cleared cleared = playing ? line.clear() : new PhoneLine.Cleared(0, List.of());
        inbox.add(json, at);
        listener.cleared(cleared.droppedBytes(), cleared.echoedMarks());
      }
    }
  }

  // ---- hanging up ----

  /** The connection breaks: no {@code stop}, no close frame (a network failure, or a crash on either side). */
  public void breakConnection() {
    closing = true;
    socket.abort();
  }

  /** Ends the call as Twilio does: {@code stop} (unless sent already), then the WebSocket close. */
  @Override
  public void close() {
    closing = true;
    stop();
    if (closeCode.isDone()) {
      return;
    }
    try {
      outbox.flushed().exceptionally(failed -> socket)
          .thenCompose(sent -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended"))
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The server may be gone already; the shared client must not keep the socket.
      socket.abort();
    }
  }

  private static byte[] silentAudio(int millis) {
    byte[] quiet = new byte[millis * 8];
    Arrays.fill(quiet, Speech.SILENCE);
    return quiet;
  }

  private final class SocketListener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      outbox = new Outbox(webSocket); // before any message can arrive, so a mark can always be echoed
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partialText.append(data);
      if (last) {
        String text = partialText.toString();
        partialText.setLength(0);
        onServerText(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      String error = "31950 binary WebSocket frame";
      protocolErrors.add(error);
      listener.protocolError(error);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended(1006, String.valueOf(error));
    }

    private void ended(int statusCode, String reason) {
      line.stop();
      boolean first = closeCode.complete(statusCode);
      if (first && !closing) {
        listener.hungUp(statusCode, reason);
      }
    }
  }
}
