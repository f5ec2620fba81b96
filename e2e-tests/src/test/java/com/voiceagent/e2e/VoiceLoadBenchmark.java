package com.voiceagent.e2e;

import com.voiceagent.audio.Wav;
import com.voiceagent.fixtures.LatencyModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The latency benchmark of issue 5 (not a test: it prints figures for docs/benchmarks.md). Engines are
 * modelled at fixed latencies (STT 300 ms; LLM first sentence after 400 ms, then 30 tokens/s; TTS 150 ms
 * per sentence) and CALLS calls run concurrently. Each call asks a question, then barges in while the
 * answer plays. Measured on the caller's side, as Twilio would see it:
 * <ul>
 *   <li>turn latency: last speech sample sent -> first reply audio received;</li>
 *   <li>barge-in: first sample of the interrupting speech sent -> {@code clear} received.</li>
 * </ul>
 * Run: {@code mvn -B -pl e2e-tests verify -Dtest=VoiceLoadBenchmark -Dbench.excluded=none [-Dbench.calls=50]
 * [-Dbench.warmUpCalls=10]}
 * (after the services are packaged).
 */
@Tag("benchmark")
class VoiceLoadBenchmark {
  static final int CALLS = Integer.getInteger("bench.calls", 50);
  static final int WARM_UP_CALLS = Integer.getInteger("bench.warmUpCalls", 10);
  static final int SPEECH_THRESHOLD = 800;

  @Test
  void fiftyConcurrentCallsWithModelledEngines() throws Exception {
    byte[] question = resource("hebrew-question.wav");
    short[] pcm = Wav.read(question).toMonoPcm16();
    int firstSpeech = firstLoud(pcm);
    int lastSpeech = lastLoud(pcm);
    List<Long> turnLatencies = new CopyOnWriteArrayList<>();
    List<Long> clearLatencies = new CopyOnWriteArrayList<>();
    List<Long> greetingLatencies = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    Set<String> measured = ConcurrentHashMap.newKeySet();
    String breakdown;
    try (Stack stack = new Stack(LatencyModel.benchmark()).withProductionJvm().withGateway("gw-bench").withStages().awaitStarted();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      warmUp(stack, question);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        int index = i;
        calls.add(callers.submit(() -> {
          try {
            Thread.sleep(index * 5000L / CALLS); // calls arrive over 5 s, then all talk at once
            runCall(stack, question, firstSpeech, lastSpeech, turnLatencies, clearLatencies, greetingLatencies, measured);
          } catch (Exception e) {
            failures.add(e.toString());
          }
          return null;
        }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      breakdown = TopicReader.readAll(stack.broker.getBrokersAsString(), com.voiceagent.schemas.Topics.TURNS.name(),
          com.voiceagent.schemas.Topics.TURNS.serde()).stream()
          .map(org.apache.kafka.clients.consumer.ConsumerRecord::value)
          .filter(t -> t.getTurn() > 0 && measured.contains(t.getCallSid().toString())) // not the warm-up calls
          .collect(TimelineBreakdown::new, TimelineBreakdown::add, (a, b) -> { })
          .report();
    }
    String report = breakdown + String.format("calls=%d completed-turns=%d failures=%d%n"
            + "turn latency (last speech sample -> first reply audio) ms: p50=%d p95=%d max=%d%n"
            + "barge-in (speech onset -> clear) ms: p50=%d p95=%d max=%d (n=%d)%n"
            + "greeting (stream start -> first audio) ms: p50=%d p95=%d max=%d%n",
        CALLS, turnLatencies.size(), failures.size(),
        percentile(turnLatencies, 50), percentile(turnLatencies, 95), percentile(turnLatencies, 100),
        percentile(clearLatencies, 50), percentile(clearLatencies, 95), percentile(clearLatencies, 100), clearLatencies.size(),
        percentile(greetingLatencies, 50), percentile(greetingLatencies, 95), percentile(greetingLatencies, 100));
    System.out.println(report);
    failures.stream().distinct().limit(5).forEach(f -> System.out.println("failure: " + f));
    Files.writeString(Path.of("target", "benchmark-results.txt"), report);
  }

  private static void runCall(Stack stack, byte[] question, int firstSpeech, int lastSpeech,
      List<Long> turnLatencies, List<Long> clearLatencies, List<Long> greetingLatencies, Set<String> measured) throws Exception {
    String callSid = Stack.newCallSid();
    measured.add(callSid);
    try (TwilioCall call = stack.dial("gw-bench", callSid)) {
      JsonNode greeting = awaitMedia(call, 0, Duration.ofSeconds(20));
      greetingLatencies.add((call.receivedAt(greeting) - call.startSentAt) / 1_000_000);
      awaitQuiet(call, Duration.ofSeconds(20)); // the greeting plays first
      int mediaBefore = call.count("media");
      call.say(question);
      JsonNode firstReply = awaitMedia(call, mediaBefore, Duration.ofSeconds(30));
      turnLatencies.add((call.receivedAt(firstReply) - call.sentAt(lastSpeech)) / 1_000_000);

      // Barge in while the answer is still playing.
      Thread.sleep(400);
      if (!call.agentSpeaking()) {
        return;
      }
      int clearsBefore = call.count("clear");
      call.say(question);
      JsonNode clear = call.awaitEvent("clear", clearsBefore, Duration.ofSeconds(10));
      if (clear != null) {
        clearLatencies.add((call.receivedAt(clear) - call.sentAt(firstSpeech)) / 1_000_000);
      }
      int mediaAfterClear = call.count("media");
      JsonNode secondReply = awaitMedia(call, mediaAfterClear, Duration.ofSeconds(30));
      call.awaitFinishedSpeaking(Duration.ofSeconds(60));
      if (secondReply != null && call.receivedAt(secondReply) > call.sentAt(lastSpeech)) {
        turnLatencies.add((call.receivedAt(secondReply) - call.sentAt(lastSpeech)) / 1_000_000);
      }
    }
  }

  /**
   * Unmeasured calls first, as JMH runs warm-up iterations: a freshly started JVM interprets, then compiles
   * the hot paths, and that compilation competes for the same two cores as the measured calls.
   */
  private static void warmUp(Stack stack, byte[] question) throws Exception {
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        calls.add(callers.submit(() -> {
          try (TwilioCall call = stack.dial("gw-bench", Stack.newCallSid())) {
            awaitQuiet(call, Duration.ofSeconds(30));
            int before = call.count("media");
            call.say(question);
            awaitMedia(call, before, Duration.ofSeconds(60));
          }
          return null;
        }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    }
  }

  /** Until some agent audio has arrived and all of it has played (gives up quietly at the timeout). */
  private static void awaitQuiet(TwilioCall call, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Thread.sleep(300);
    if (call.awaitEvent("media", 0, Duration.ofNanos(deadline - System.nanoTime())) != null) {
      call.awaitAgentSilent(Duration.ofNanos(deadline - System.nanoTime()));
    }
  }

  private static JsonNode awaitMedia(TwilioCall call, int after, Duration timeout) throws InterruptedException {
    JsonNode media = call.awaitEvent("media", after, timeout);
    if (media == null) {
      throw new IllegalStateException("no reply audio within " + timeout);
    }
    return media;
  }

  private static int firstLoud(short[] pcm) {
    for (int i = 0; i < pcm.length; i++) {
      if (Math.abs(pcm[i]) > SPEECH_THRESHOLD) {
        return i;
      }
    }
    return 0;
  }

  private static int lastLoud(short[] pcm) {
    for (int i = pcm.length - 1; i >= 0; i--) {
      if (Math.abs(pcm[i]) > SPEECH_THRESHOLD) {
        return i;
      }
    }
    return pcm.length - 1;
  }

  private static long percentile(List<Long> values, int p) {
    return TimelineBreakdown.percentile(values, p);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = VoiceLoadBenchmark.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
