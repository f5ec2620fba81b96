package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.Speech;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The latency benchmark of issue 5: it prints figures for docs/benchmarks.md, and fails when a call fails
 * (figures of calls that did not work would flatter the system). Engines are modelled at fixed latencies
 * (STT 300 ms; LLM first sentence after 400 ms, then 30 tokens/s; TTS 150 ms per sentence) and CALLS calls
 * run concurrently. Each call asks a question, then barges in while the answer plays: two turns per call,
 * each answered. Measured on the caller's side, as Twilio would see it:
 * <ul>
 *   <li>turn latency: last speech sample sent -> first audio of the answer received (a holding phrase before it is
 *   counted apart, not as the answer);</li>
 *   <li>barge-in: first sample of the interrupting speech sent -> {@code clear} received.</li>
 * </ul>
 * Run: {@code mvn -B -pl dev-tools/e2e-tests verify -Dtest=VoiceLoadBenchmark -Dbench.excluded=none [-Dbench.calls=50]
 * [-Dbench.warmUpCalls=N (default: as many as measured)] [-Dbench.profile=folder (JFR of every process during the
 * measured calls, see {@link Profiles})] [-Dbench.jvmOptions="..." (the services' JVM options instead of
 * `./voice up`'s)]} (after the services are packaged). The report ends with what the broker
 * served and the CPU each process used ({@link CpuUse}), per call and per turn.
 */
@Tag("benchmark")
class VoiceLoadBenchmark {
  static final int CALLS = Integer.getInteger("bench.calls", 50);
  /** A whole round of the measured script first, by default as many calls as measured (see {@link #warmUp}). */
  static final int WARM_UP_CALLS = Integer.getInteger("bench.warmUpCalls", CALLS);
  /** The question, then the barge-in: each is a turn the pipeline must answer. */
  static final int TURNS_PER_CALL = 2;

  /** What one round of calls measured. Thread-safe: the calls of a round add to it concurrently. */
  private record Round(List<Long> turnLatencies, List<Long> clearLatencies, List<Long> greetingLatencies,
      List<String> failures, Set<String> callSids, AtomicInteger holdingPhrases) {
    Round() {
      this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
          new CopyOnWriteArrayList<>(), ConcurrentHashMap.newKeySet(), new AtomicInteger());
    }
  }

  @Test
  void fiftyConcurrentCallsWithModelledEngines() throws Exception {
    RecordedQuestion question = RecordedQuestion.load();
    Round measured = new Round();
    Round warmUp;
    String breakdown;
    String traffic;
    try (Stack stack = new Stack(LatencyModel.benchmark()).withProductionJvm().withGateway("gw-bench").withStages().awaitStarted()) {
      warmUp = warmUp(stack, question);
      List<ServiceProcess> services = stack.services("");
      Profiles profiles = Profiles.startIfAsked(services);
      BrokerTraffic trafficBefore = BrokerTraffic.now();
      CpuUse cpuBefore = CpuUse.now(services);
      long measuredFrom = System.nanoTime();
      run(stack, question, CALLS, measured);
      double seconds = (System.nanoTime() - measuredFrom) / 1e9;
      int turns = measured.turnLatencies().size();
      traffic = BrokerTraffic.now().reportSince(trafficBefore, seconds, turns)
          + CpuUse.now(services).reportSince(cpuBefore, seconds, CALLS, turns);
      if (profiles != null) {
        profiles.close();
      }
      breakdown = TopicReader.readAll(stack.bootstrapServers(), com.voiceagent.schemas.Topics.TURNS.name(),
          com.voiceagent.schemas.Topics.TURNS.serde()).stream()
          .map(org.apache.kafka.clients.consumer.ConsumerRecord::value)
          .filter(t -> t.getTurn() > 0 && measured.callSids().contains(t.getCallSid().toString())) // not the warm-up calls
          .collect(TimelineBreakdown::new, TimelineBreakdown::add, (a, b) -> { })
          .report()
          + String.format("warm-up round (not measured): calls=%d completed-turns=%d failures=%d%n",
              WARM_UP_CALLS, warmUp.turnLatencies().size(), warmUp.failures().size());
    }
    List<Long> turns = measured.turnLatencies();
    List<Long> clears = measured.clearLatencies();
    List<Long> greetings = measured.greetingLatencies();
    String report = breakdown + String.format("calls=%d completed-turns=%d failures=%d%n"
            + "turn latency (last speech sample -> first reply audio) ms: p50=%d p95=%d max=%d%n"
            + "barge-in (speech onset -> clear) ms: p50=%d p95=%d max=%d (n=%d)%n"
            + "greeting (stream start -> first audio) ms: p50=%d p95=%d max=%d%n"
            + "holding phrases heard (an answer slower than 2.5 s; not counted as its first audio): %d%n",
        CALLS, turns.size(), measured.failures().size(),
        percentile(turns, 50), percentile(turns, 95), percentile(turns, 100),
        percentile(clears, 50), percentile(clears, 95), percentile(clears, 100), clears.size(),
        percentile(greetings, 50), percentile(greetings, 95), percentile(greetings, 100), measured.holdingPhrases().get())
        + traffic;
    System.out.println(report);
    measured.failures().stream().distinct().limit(5).forEach(f -> System.out.println("failure: " + f));
    Files.writeString(Path.of("target", "benchmark-results.txt"), report);

    assertThat(warmUp.failures()).as("failed calls of the warm-up round").isEmpty();
    assertThat(measured.failures()).as("failed calls").isEmpty();
    assertThat(turns).as("completed turns: %d per call", TURNS_PER_CALL).hasSize(TURNS_PER_CALL * CALLS);
  }

  /**
   * A round of unmeasured calls first, running the measured script at the measured concurrency, as JMH
   * runs warm-up iterations of the measured code. A fresh JVM interprets, then compiles what runs hot;
   * with a shorter warm-up (10 calls that never barged in) the JIT compiler threads still took about 60%
   * of a core during the measured calls, competing with them for the two cores. A deployed service runs
   * for hours and has long finished compiling.
   */
  private static Round warmUp(Stack stack, RecordedQuestion question) throws Exception {
    Round warmUp = new Round();
    run(stack, question, WARM_UP_CALLS, warmUp);
    return warmUp;
  }

  /** Places {@code calls} calls arriving over 5 s, each running {@link #call}, and waits for them all. */
  private static void run(Stack stack, RecordedQuestion question, int calls, Round into) throws Exception {
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int index = i;
        running.add(callers.submit(() -> {
          String callSid = Stack.newCallSid();
          try {
            Thread.sleep(index * 5000L / calls); // calls arrive over 5 s, then all talk at once
            call(stack, question, callSid, into);
          } catch (Exception e) {
            into.failures().add(callSid + ": " + e);
          }
          return null;
        }));
      }
      for (Future<?> call : running) {
        call.get();
      }
    }
  }

  /**
   * One caller: hears the greeting, asks the question, then barges in while the answer plays. Throws when
   * any of it does not happen: a call that lost a turn or was dropped is a failed call.
   */
  private static void call(Stack stack, RecordedQuestion question, String callSid, Round into) throws Exception {
    into.callSids().add(callSid);
    try (MediaStreamClient call = stack.dial("gw-bench", callSid)) {
      JsonNode greeting = awaitMedia(call, 0, Duration.ofSeconds(20), "greeting");
      into.greetingLatencies().add((call.receivedAt(greeting) - call.startSentAt()) / 1_000_000);
      awaitQuiet(call, Duration.ofSeconds(20)); // the greeting plays first
      int receivedBefore = call.received().size();
      Speech asked = call.say(question.muLaw());
      JsonNode firstReply = awaitAnswer(call, receivedBefore, Duration.ofSeconds(30), "answer to the question", into);
      into.turnLatencies().add((call.receivedAt(firstReply) - asked.sentAt(question.lastSpeech())) / 1_000_000);

      // Barge in while the answer is still playing.
      Thread.sleep(400);
      if (!call.agentSpeaking()) {
        throw new IllegalStateException("the answer stopped within 400 ms: nothing to barge in on");
      }
      int clearsBefore = call.count("clear");
      Speech bargeIn = call.say(question.muLaw());
      JsonNode clear = call.awaitEvent("clear", clearsBefore, Duration.ofSeconds(10));
      if (clear == null) {
        throw new IllegalStateException("no clear within 10 s of speaking over the answer");
      }
      into.clearLatencies().add((call.receivedAt(clear) - bargeIn.sentAt(question.firstSpeech())) / 1_000_000);
      JsonNode secondReply = awaitAnswer(call, indexOf(call.received(), clear) + 1, Duration.ofSeconds(30),
          "answer to the barge-in", into);
      if (!bargeIn.awaitSpoken(Duration.ofSeconds(60))) {
        throw new IllegalStateException("the barge-in was not sent within 60 s");
      }
      if (call.receivedAt(secondReply) <= bargeIn.sentAt(question.lastSpeech())) {
        throw new IllegalStateException("reply audio arrived after the clear, before the caller stopped speaking");
      }
      into.turnLatencies().add((call.receivedAt(secondReply) - bargeIn.sentAt(question.lastSpeech())) / 1_000_000);
      if (!call.protocolErrors().isEmpty()) {
        throw new IllegalStateException("the gateway broke Twilio's protocol: " + call.protocolErrors().getFirst());
      }
      if (!call.isOpen()) {
        throw new IllegalStateException("dropped: the gateway closed the stream with " + call.closeCode().getNow(null));
      }
    }
  }

  /** Until some agent audio has arrived and all of it has played (gives up quietly at the timeout). */
  private static void awaitQuiet(MediaStreamClient call, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Thread.sleep(300);
    if (call.awaitEvent("media", 0, Duration.ofNanos(deadline - System.nanoTime())) != null) {
      call.awaitAgentSilent(Duration.ofNanos(deadline - System.nanoTime()));
    }
  }

  private static JsonNode awaitMedia(MediaStreamClient call, int after, Duration timeout, String what)
      throws InterruptedException {
    JsonNode media = call.awaitEvent("media", after, timeout);
    if (media == null) {
      throw new IllegalStateException("no " + what + " within " + timeout);
    }
    return media;
  }

  /**
   * The first audio of an answer among the messages from index {@code from}: the gateway's holding phrase (said when
   * an answer is slower than 2.5 s) is not one, so the caller waits on through it, as a person would, and neither
   * its latency nor a barge-in over it is counted as the answer's. A segment's audio comes before its mark, and
   * the mark's name tells a turn's segment ({@code t<turn>-s<seq>}) from a phrase of the gateway's own
   * ({@code own-<phrase>-<n>}).
   */
  private static JsonNode awaitAnswer(MediaStreamClient call, int from, Duration timeout, String what, Round into)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int mark = (int) call.received().subList(0, from).stream().filter(m -> "mark".equals(m.path("event").asString(""))).count();
    while (true) {
      JsonNode next = call.awaitEvent("mark", mark, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (next == null) {
        throw new IllegalStateException("no " + what + " within " + timeout);
      }
      String name = next.path("mark").path("name").asString("");
      if (name.startsWith("own-hold-")) {
        into.holdingPhrases().incrementAndGet();
      }
      if (name.startsWith("t")) {
        List<JsonNode> received = call.received();
        JsonNode first = null;
        for (JsonNode message : received.subList(from, indexOf(received, next))) {
          String event = message.path("event").asString("");
          if (event.equals("media") && first == null) {
            first = message;
          } else if (!event.equals("media")) {
            first = null; // the audio before a phrase's mark (or a clear) was not this answer's
          }
        }
        if (first == null) {
          throw new IllegalStateException(what + ": a mark with no audio before it");
        }
        return first;
      }
      mark++;
    }
  }

  /** By identity: two messages of one call can be equal (every clear is). */
  private static int indexOf(List<JsonNode> messages, JsonNode message) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) == message) {
        return i;
      }
    }
    throw new IllegalStateException("not a message of this call: " + message);
  }

  private static long percentile(List<Long> values, int p) {
    return TimelineBreakdown.percentile(values, p);
  }
}
