package com.voiceagent.simulator;

import com.voiceagent.audio.Wav;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Map;

/**
 * {@code ./voice call FILE.wav}: places a call into the gateway exactly as Twilio would -- the signed
 * voice webhook, the TwiML answer, the signed Media Streams WebSocket with 20 ms mu-law frames -- and
 * plays the phone's part: Twilio's playback buffer with marks and clear. It prints what the pipeline
 * heard and answered with each stage's latency (read from the pipeline's own Kafka topics) and saves
 * the agent's audio as a WAV file.
 */
public final class CallSimulator {
  private final CallOptions options;
  private final PrintStream console;
  private final Clock clock;
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
    StreamIds ids = StreamIds.forCall(options.accountSid(), StreamIds.randomSid("CA"));
    LiveCall call = new LiveCall(options, caller, console, clock);
    TwilioDialer twilio = new TwilioDialer(options.gateway(), options.publicHost(), options.authToken());

    TurnObserver observer = options.kafka() == null ? null : TurnObserver.start(options.kafka(), ids.callSid(), call);
    String ended;
    try {
      StreamInstruction stream = answer(twilio, ids);
      console.println("call " + ids.callSid() + ": streaming " + options.wav() + " (" + caller.durationMs() + " ms) into "
          + stream.localWebSocket(options.gateway()) + (stream.parameters().isEmpty() ? "" : " with parameters "
          + stream.parameters().keySet()));
      call.begin();
      ended = call.stream(twilio.connect(stream, ids, extraStreamParameters, call));
    } finally {
      if (observer != null) {
        observer.close();
      }
    }
    CallResult result = new CallResult(ids.callSid(), call.timelines(), call.answers(), call.heardAudio(), call.marksEchoed(),
        call.clears(), call.protocolErrors(), ended.equals("timeout"), call.hungUp());
    Files.write(options.out(), Wav.muLaw(result.agentAudio(), CallerAudio.SAMPLE_RATE));
    report(result, ended, call);
    return result;
  }

  /** The voice webhook, signed like Twilio; the TwiML answer must connect a stream. */
  private StreamInstruction answer(TwilioDialer twilio, StreamIds ids) throws IOException, InterruptedException {
    try {
      return twilio.answer(ids, options.from(), options.to());
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof ConnectException) {
        throw new IllegalStateException(e.getMessage() + " -- is ./voice up running? (--gateway HOST:PORT)", e);
      }
      throw e;
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
}
