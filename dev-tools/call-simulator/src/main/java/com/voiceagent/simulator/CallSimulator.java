package com.voiceagent.simulator;

import com.voiceagent.audio.Wav;
import com.voiceagent.twiliokit.TwilioSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code ./voice call FILE.wav}: places a call into the gateway exactly as Twilio would -- the signed
 * voice webhook, the TwiML answer, the signed Media Streams WebSocket with 20 ms mu-law frames -- and
 * plays the phone's part: Twilio's playback buffer with marks and clear. It prints what the pipeline
 * heard and answered with each stage's latency (read from the pipeline's own Kafka topics) and saves
 * the agent's audio as a WAV file.
 */
public final class CallSimulator {
  static final String WEBHOOK_PATH = "/webhook/incoming_call";

  private final CallOptions options;
  private final PrintStream console;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, String> extraStreamParameters;

  public CallSimulator(CallOptions options, PrintStream console, Clock clock) {
    this(options, console, clock, Map.of());
  }

  /**
   * {@code extraStreamParameters}: sent in the stream's start message beside the TwiML's own Parameters, as
   * if the TwiML had them too (the TwiML's win on a clash).
   */
  CallSimulator(CallOptions options, PrintStream console, Clock clock, Map<String, String> extraStreamParameters) {
    this.options = options;
    this.console = console;
    this.clock = clock;
    this.extraStreamParameters = Map.copyOf(extraStreamParameters);
  }

  public static void main(String[] args) {
    // Kafka's client is chatty at INFO; the simulator prints its own progress.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(CallOptions.USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    try {
      CallOptions options = CallOptions.parse(args, System.getenv());
      CallResult result = new CallSimulator(options, System.out, Clock.systemUTC()).call();
      System.exit(result.succeeded(options.turns()) ? 0 : 1);
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      System.err.println("call failed: " + e.getMessage());
      System.exit(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  /** Places the call, waits until it is over, saves the agent's audio and prints the report. */
  public CallResult call() throws IOException, InterruptedException {
    CallerAudio caller;
    try {
      caller = CallerAudio.fromWav(Files.readAllBytes(options.wav()));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such WAV file: " + options.wav());
    }
    String callSid = CallOptions.randomSid("CA");
    String streamSid = CallOptions.randomSid("MZ");
    LiveCall call = new LiveCall(options, caller, new MediaStreamProtocol(streamSid, callSid, options.accountSid()),
        console, clock);

    TurnObserver observer = options.kafka() == null ? null : TurnObserver.start(options.kafka(), callSid, call);
    String ended;
    try {
      StreamInstruction stream = answer(callSid);
      WebSocket socket = connect(stream, call);
      console.println("call " + callSid + ": streaming " + options.wav() + " (" + caller.durationMs() + " ms) into "
          + stream.localWebSocket(options.gateway()) + (stream.parameters().isEmpty() ? "" : " with parameters "
          + stream.parameters().keySet()));
      Map<String, String> parameters = new LinkedHashMap<>(extraStreamParameters);
      parameters.putAll(stream.parameters());
      ended = call.stream(socket, parameters);
    } finally {
      if (observer != null) {
        observer.close();
      }
    }
    CallResult result = new CallResult(callSid, call.timelines(), call.answers(), call.heardAudio(), call.marksEchoed(),
        call.clears(), call.protocolErrors(), ended.equals("timeout"), call.hungUp());
    Files.write(options.out(), Wav.muLaw(result.agentAudio(), CallerAudio.SAMPLE_RATE));
    report(result, ended, call);
    return result;
  }

  /** The voice webhook, signed like Twilio; the TwiML answer must connect a stream. */
  StreamInstruction answer(String callSid) throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", options.accountSid());
    form.put("ApiVersion", "2010-04-01");
    form.put("CallSid", callSid);
    form.put("CallStatus", "ringing");
    form.put("Called", options.to());
    form.put("Caller", options.from());
    form.put("Direction", "inbound");
    form.put("From", options.from());
    form.put("To", options.to());
    String signedUrl = "https://" + options.publicHost() + WEBHOOK_PATH;
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + options.gateway() + WEBHOOK_PATH))
        .timeout(Duration.ofSeconds(15)) // Twilio's own limit for a webhook
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSigner.sign(options.authToken(), signedUrl, form))
        .header("User-Agent", "TwilioProxy/1.1 (voice-agent call simulator)")
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.net.ConnectException e) {
      throw new IllegalStateException("the gateway does not answer at http://" + options.gateway()
          + " -- is ./voice up running? (--gateway HOST:PORT)");
    }
    if (response.statusCode() != 200) {
      String hint = response.statusCode() == 403 ? " (signature rejected: the gateway's TWILIO_AUTH_TOKEN or PUBLIC_HOST "
          + "differs from the simulator's; signed URL was " + signedUrl + ")" : "";
      throw new IllegalStateException("the voice webhook answered HTTP " + response.statusCode() + hint + ": "
          + abbreviate(response.body()));
    }
    return StreamInstruction.parse(response.body());
  }

  /** The Media Streams WebSocket, with Twilio's signature over the wss:// Stream URL. */
  WebSocket connect(StreamInstruction stream, LiveCall call) throws InterruptedException {
    URI local = stream.localWebSocket(options.gateway());
    try {
      return http.newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .header("x-twilio-signature", TwilioSigner.sign(options.authToken(), stream.signedUrl(), Map.of()))
          .buildAsync(local, call)
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        throw new IllegalStateException("the gateway refused the media WebSocket at " + local + " with HTTP "
            + handshake.getResponse().statusCode() + " (signed URL " + stream.signedUrl() + ")");
      }
      throw new IllegalStateException("cannot open the media WebSocket at " + local + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the media WebSocket at " + local + " did not open within 10 s");
    }
  }

  private void report(CallResult result, String ended, LiveCall call) {
    console.println();
    console.println("call " + result.callSid() + " ended: " + ended);
    for (TurnTimeline turn : result.turns()) {
      console.println(turn.render(call.streamStart()));
    }
    if (options.kafka() == null) {
      console.println("(no timeline: called with --kafka none)");
    } else if (result.turns().isEmpty()) {
      console.println("no turn was completed by the pipeline (nothing on voice.turns for this call)");
    }
    console.printf("answers: %d of %d awaited | marks echoed: %d | clears: %d | protocol errors: %d%n",
        result.answers(), options.turns(), result.marksEchoed(), result.clears(), result.protocolErrors().size());
    result.protocolErrors().forEach(e -> console.println("  protocol error: " + e));
    console.printf("agent audio (%.1f s as heard, silence where nothing played) saved to %s%n",
        result.agentAudio().length / (double) CallerAudio.SAMPLE_RATE, options.out().toAbsolutePath());
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }
}
