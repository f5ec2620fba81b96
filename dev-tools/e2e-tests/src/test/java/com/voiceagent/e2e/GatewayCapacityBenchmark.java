package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.Speech;
import com.voiceagent.twiliokit.media.StreamIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How many calls one gateway carries with every inbound frame handled within 20 ms of its time and every reply's
 * audio ahead of the caller's playback, with the whole pipeline behind it (broker, stt, dialog, tts, engines
 * modelled at about 850 ms). All calls are connected and streaming (50 frames a second each, as Twilio sends),
 * then held for {@code bench.seconds}; during the hold, questions are asked at random moments at about
 * {@code bench.turnsPerSecond} in all (each call asks at most one), so the pipeline answers at a steady rate
 * while the gateway carries every call's frames. Measured:
 * <ul>
 *   <li>the gateway's own {@code voice_gateway_frame_delay_seconds} over the hold: every frame's delay against its
 *   call's best-timed frame (the callers' lateness counts against the gateway: the figure is an upper bound);</li>
 *   <li>gaps inside the agent's audio at the caller: the line ran out and more of the same reply came later;</li>
 *   <li>the gateway's CPU, and its memory with every call held (heap after a full collection, and RSS) against the
 *   same before the calls, per call.</li>
 * </ul>
 * Run: {@code mvn -B -pl dev-tools/e2e-tests verify -Dtest=GatewayCapacityBenchmark -Dbench.excluded=none
 * -Dbench.calls=200 [-Dbench.seconds=60] [-Dbench.turnsPerSecond=2] [-Dbench.jvmOptions="..."]
 * [-Dbench.profile=folder]} (after the services are packaged). Fails when a call could not be placed, a question went unanswered or a stream dropped:
 * the figures of such a run describe fewer calls than asked.
 */
@Tag("benchmark")
class GatewayCapacityBenchmark {
  static final int CALLS = Integer.getInteger("bench.calls", 200);
  static final int SECONDS = Integer.getInteger("bench.seconds", 60);
  static final double TURNS_PER_SECOND = Double.parseDouble(System.getProperty("bench.turnsPerSecond", "2"));
  static final String GATEWAY = "gw-cap";
  /** Agent audio that stops and starts again within this is one reply with a hole in it, not two utterances. */
  static final long GAP_WITHIN_REPLY_MS = 1000;
  static final Duration CONNECT_WITHIN = Duration.ofSeconds(120);
  private static final Pattern BUCKET = Pattern.compile(
      "^voice_gateway_frame_delay_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE);
  /** G1 and Serial print "used 34567K"; ZGC "used 34M" (so with ZGC the heap per call is within 1 MB / calls). */
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");

  /** What the calls of one run saw; their lists are written concurrently. */
  private record Round(List<Long> turnLatencies, List<Long> gaps, List<String> failures, AtomicLong asked) {
    Round() {
      this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new AtomicLong());
    }
  }

  @Test
  void callsHeldByOneGatewayWithEveryFrameOnTime() throws Exception {
    RecordedQuestion question = RecordedQuestion.load();
    String report;
    Round measured = new Round();
    FrameDelays delays;
    try (Stack stack = new Stack(LatencyModel.benchmark()).withProductionJvm()
        .withEnv("VOICE_GATEWAY_INBOUND_MAXSOCKETS", Integer.toString(CALLS + 10)) // the default (200) is a guard, not a limit
        .withGateway(GATEWAY).withStages().awaitStarted()) {
      ServiceProcess gateway = stack.services("gateway").getFirst();
      List<ServiceProcess> services = stack.services("");
      // Unmeasured first, at the same script: the JIT compiles the frame path and the pools grow (see VoiceLoadBenchmark).
      Round warmUp = new Round();
      hold(stack, question, Math.min(CALLS, 100), 20, warmUp, () -> {});
      assertThat(warmUp.failures()).as("failed calls of the warm-up round").isEmpty();
      Memory idle = Memory.of(gateway);

      Window window = new Window(stack, gateway, services);
      hold(stack, question, CALLS, SECONDS, measured, window::measure);
      delays = window.frameDelays();
      long expectedFrames = (long) CALLS * SECONDS * 50;
      int answered = measured.turnLatencies().size();
      report = String.format("%d calls on one gateway, held %d s; questions asked %d, answered %d%n",
              CALLS, SECONDS, measured.asked().get(), answered)
          + String.format("turn latency (last speech sample -> first reply audio) ms: p50=%d p95=%d max=%d%n",
              TimelineBreakdown.percentile(measured.turnLatencies(), 50), TimelineBreakdown.percentile(measured.turnLatencies(), 95),
              TimelineBreakdown.percentile(measured.turnLatencies(), 100))
          + delays.report(expectedFrames)
          + window.callersLateness()
          + (measured.gaps().isEmpty() ? "gaps inside the agent's audio at the callers: none\n"
              : String.format("gaps inside the agent's audio at the callers: %d (longest %d ms)%n", measured.gaps().size(),
                  TimelineBreakdown.percentile(measured.gaps(), 100)))
          + window.held().reportAgainst(idle, CALLS)
          + window.memoryOverTime()
          + window.cpuReport(CALLS, Math.max(1, answered));
      System.out.println(report);
      measured.failures().stream().distinct().limit(5).forEach(f -> System.out.println("failure: " + f));
      Files.writeString(Path.of("target", "gateway-capacity-results.txt"), report);
      assertThat(delays.frames()).as("frames the gateway timed in the window (a caller that fell behind sends fewer)")
          .isGreaterThanOrEqualTo((long) (expectedFrames * 0.95));
    }
    assertThat(measured.failures()).as("failed calls").isEmpty();
    assertThat(measured.turnLatencies()).as("answered questions").hasSize((int) measured.asked().get());
  }

  /** What is measured while the calls are held: frame delays and CPU over {@link #SECONDS}, then memory. */
  private static final class Window {
    private final Stack stack;
    private final ServiceProcess gateway;
    private final List<ServiceProcess> services;
    private FrameDelays before;
    private FrameDelays after;
    private CpuUse cpuBefore;
    private CpuUse cpuAfter;
    private Memory held;
    private final List<String> memoryOverTime = new ArrayList<>();
    private MediaStreamClient.LineFrames sent;

    Window(Stack stack, ServiceProcess gateway, List<ServiceProcess> services) {
      this.stack = stack;
      this.gateway = gateway;
      this.services = services;
    }

    void measure() throws Exception {
      Profiles profiles = Profiles.startIfAsked(services);
      MediaStreamClient.LineFrames sentBefore = MediaStreamClient.lineFrames();
      before = FrameDelays.scrape(stack.gatewayPort(GATEWAY));
      cpuBefore = CpuUse.now(services);
      long sampleEveryMs = Math.min(60_000, SECONDS * 1000L / 4);
      long start = System.nanoTime();
      for (long elapsed = 0; elapsed < SECONDS * 1000L; elapsed = (System.nanoTime() - start) / 1_000_000) {
        Thread.sleep(Math.min(sampleEveryMs, SECONDS * 1000L - elapsed));
        // No collection forced during the window: the old generation's size after the last one the JVM chose.
        memoryOverTime.add(String.format("  %4d s: live heap after the last collection %d MB, RSS %d MB",
            (System.nanoTime() - start) / 1_000_000_000L, Math.round(scraped(stack, "jvm_gc_live_data_size_bytes") / 1048576),
            Memory.rssKb(gateway) / 1024));
      }
      after = FrameDelays.scrape(stack.gatewayPort(GATEWAY));
      sent = MediaStreamClient.lineFrames().since(sentBefore);
      cpuAfter = CpuUse.now(services);
      if (profiles != null) {
        profiles.close();
      }
      held = Memory.of(gateway); // after the window: the full collection it forces stops every call
      Files.writeString(Path.of("target", "gateway-capacity-heap-histogram.txt"),
          Profiles.jcmd(gateway, "GC.class_histogram").lines().limit(60).collect(Collectors.joining("\n")));
    }

    String memoryOverTime() {
      return "gateway memory during the hold:\n" + String.join("\n", memoryOverTime) + "\n";
    }

    FrameDelays frameDelays() {
      return after.since(before);
    }

    String callersLateness() {
      return String.format("  of them sent by the callers more than 20 ms after their time: %d of %d sent%n", sent.late(), sent.sent());
    }

    Memory held() {
      return held;
    }

    String cpuReport(int calls, int turns) {
      return cpuAfter.reportSince(cpuBefore, SECONDS, calls, turns);
    }
  }

  /** The measurement a round runs while its calls are held. */
  @FunctionalInterface
  private interface WhileHeld {
    void run() throws Exception;
  }

  /**
   * Connects {@code calls} calls over a few seconds, each hearing its greeting; once all are connected, runs
   * {@code whileHeld} (the measurement) while each call asks its question, if it has one, at a random moment of
   * the {@code seconds}; then every call hangs up.
   */
  private static void hold(Stack stack, RecordedQuestion question, int calls, int seconds, Round into, WhileHeld whileHeld)
      throws Exception {
    CountDownLatch connected = new CountDownLatch(calls);
    CountDownLatch hangUp = new CountDownLatch(1);
    double askShare = Math.min(1, TURNS_PER_SECOND * seconds / calls);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      long rampMs = Math.max(5_000, calls * 20L); // 50 new calls a second at most, as a busy number would get them
      for (int i = 0; i < calls; i++) {
        long startAfterMs = i * rampMs / calls;
        running.add(callers.submit(() -> {
          String callSid = Stack.newCallSid();
          try {
            Thread.sleep(startAfterMs);
            call(stack, question, callSid, ThreadLocalRandom.current().nextDouble() < askShare, seconds, connected, hangUp, into);
          } catch (Exception e) {
            into.failures().add(callSid + ": " + e);
          } finally {
            connected.countDown(); // a failed call must not hold the others
          }
          return null;
        }));
      }
      if (!connected.await(CONNECT_WITHIN.toMillis() + rampMs, TimeUnit.MILLISECONDS)) {
        into.failures().add(connected.getCount() + " calls not connected within " + CONNECT_WITHIN);
      }
      try {
        whileHeld.run();
      } finally {
        hangUp.countDown();
      }
      for (Future<?> call : running) {
        call.get();
      }
    }
  }

  /** One caller: connects, hears the greeting, maybe asks its question during the hold, hangs up when told. */
  private static void call(Stack stack, RecordedQuestion question, String callSid, boolean asks, int seconds,
      CountDownLatch connected, CountDownLatch hangUp, Round into) throws Exception {
    ReplyGaps gaps = new ReplyGaps(into.gaps());
    StreamIds ids = StreamIds.forCall(Stack.ACCOUNT_SID, callSid);
    var dialer = stack.dialer(GATEWAY);
    try (MediaStreamClient call = dialer.connect(dialer.answer(ids, Stack.CALLER, Stack.NUMBER), ids, Map.of(), gaps)
        .startLine()) {
      if (call.awaitEvent("media", 0, Duration.ofSeconds(30)) == null) {
        throw new IllegalStateException("no greeting within 30 s");
      }
      call.awaitAgentSilent(Duration.ofSeconds(30));
      connected.countDown();
      if (!connected.await(CONNECT_WITHIN.toMillis() * 2, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the other calls did not connect");
      }
      if (asks) {
        // Late enough in the hold that the answer (about 2 s after the question) plays before it ends.
        Thread.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, (seconds - 10) * 1000L)));
        into.asked().incrementAndGet();
        int mediaBefore = call.count("media");
        Speech asked = call.say(question.muLaw());
        JsonNode reply = call.awaitEvent("media", mediaBefore, Duration.ofSeconds(30));
        if (reply == null) {
          throw new IllegalStateException("no answer within 30 s of the question");
        }
        into.turnLatencies().add((call.receivedAt(reply) - asked.sentAt(question.lastSpeech())) / 1_000_000);
      }
      hangUp.await();
      if (!call.protocolErrors().isEmpty()) {
        throw new IllegalStateException("the gateway broke Twilio's protocol: " + call.protocolErrors().getFirst());
      }
      if (!call.isOpen()) {
        throw new IllegalStateException("dropped: the gateway closed the stream with " + call.closeCode().getNow(null));
      }
    }
  }

  /**
   * Holes in the agent's audio as the caller hears it: the line ran out of agent audio, and more came less than
   * {@link #GAP_WITHIN_REPLY_MS} later (two utterances of the agent are further apart: the caller speaks between).
   */
  private static final class ReplyGaps implements MediaStreamClient.Listener {
    private final List<Long> into;
    private final AtomicLong ranOutAt = new AtomicLong();
    private volatile boolean playing;

    ReplyGaps(List<Long> into) {
      this.into = into;
    }

    @Override
    public void played(byte[] muLaw) {
      if (muLaw.length > 0) {
        playing = true;
      }
      if (muLaw.length < 160 && playing) {
        playing = false;
        ranOutAt.set(System.nanoTime());
      }
    }

    @Override
    public void agentAudio(byte[] muLaw, boolean lineWasSilent) {
      long ranOut = ranOutAt.getAndSet(0);
      if (lineWasSilent && ranOut != 0) {
        long gapMs = (System.nanoTime() - ranOut) / 1_000_000;
        if (gapMs < GAP_WITHIN_REPLY_MS) {
          into.add(gapMs);
        }
      }
    }
  }

  /** What Prometheus would scrape from the gateway. */
  static String metrics(int gatewayPort) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gatewayPort + "/actuator/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  /** The sum over a metric's series (all tags) in the gateway's scrape. */
  static double scraped(Stack stack, String metric) throws Exception {
    return metrics(stack.gatewayPort(GATEWAY)).lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /** The gateway's frame delay histogram as scraped: cumulative frame counts by upper bound (seconds). */
  record FrameDelays(TreeMap<Double, Double> cumulative) {
    static FrameDelays scrape(int gatewayPort) throws Exception {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      Matcher m = BUCKET.matcher(metrics(gatewayPort));
      while (m.find()) {
        buckets.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
            Double.parseDouble(m.group(2)));
      }
      if (buckets.isEmpty()) {
        throw new IllegalStateException("the gateway exports no voice_gateway_frame_delay_seconds");
      }
      return new FrameDelays(buckets);
    }

    FrameDelays since(FrameDelays before) {
      TreeMap<Double, Double> delta = new TreeMap<>();
      cumulative.forEach((le, count) -> delta.put(le, count - before.cumulative.getOrDefault(le, 0.0)));
      return new FrameDelays(delta);
    }

    long frames() {
      return cumulative.lastEntry().getValue().longValue();
    }

    String report(long expected) {
      StringBuilder line = new StringBuilder(String.format("inbound frames timed in the hold: %d (%d expected at 50 a second per call)%n",
          frames(), expected));
      line.append("  handled within");
      cumulative.forEach((le, count) -> {
        if (!le.isInfinite()) {
          line.append(String.format(" %d ms: %.4f%%;", Math.round(le * 1000), 100.0 * count / Math.max(1, frames())));
        }
      });
      long over = frames() - cumulative.getOrDefault(0.02, 0.0).longValue();
      line.append(String.format("%n  frames later than 20 ms: %d%n", over));
      return line.toString();
    }
  }

  /** The gateway's memory: heap in use after a full collection, and the process's resident set. */
  record Memory(long heapAfterGcKb, long rssKb) {
    static Memory of(ServiceProcess service) throws Exception {
      Profiles.jcmd(service, "GC.run");
      Matcher used = HEAP_USED.matcher(Profiles.jcmd(service, "GC.heap_info"));
      if (!used.find()) {
        throw new IllegalStateException("no heap figure in jcmd GC.heap_info of " + service.name());
      }
      long kb = Long.parseLong(used.group(1)) << switch (used.group(2)) {
        case "G" -> 20;
        case "M" -> 10;
        default -> 0;
      };
      return new Memory(kb, rssKb(service));
    }

    /** The process's resident set, as the operating system counts it. */
    static long rssKb(ServiceProcess service) throws Exception {
      Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB")
          .matcher(Files.readString(Path.of("/proc", Long.toString(service.pid()), "status")));
      return rss.find() ? Long.parseLong(rss.group(1)) : -1;
    }

    String reportAgainst(Memory idle, int calls) {
      return String.format("gateway memory with the calls held: heap after a full GC %d MB (before the calls %d MB), "
              + "%d KB per call; RSS %d MB (before %d MB), %d KB per call%n",
          heapAfterGcKb / 1024, idle.heapAfterGcKb / 1024, (heapAfterGcKb - idle.heapAfterGcKb) / calls,
          rssKb / 1024, idle.rssKb / 1024, (rssKb - idle.rssKb) / calls);
    }
  }
}
