import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one JDK Flight Recording says about where a process spent its CPU and memory: CPU samples by thread and by
 * method, garbage collection pauses, and allocation by thread and by method. It also writes the samples as folded
 * stacks ({@code <out>.cpu.folded}, {@code <out>.alloc.folded}: one line per stack, root first, then its weight), the
 * input every flame graph tool reads, for example:
 *
 * <pre>
 * java dev-tools/profiling/JfrProfile.java target/profiles/gateway-gw-bench.jfr target/profiles/gateway
 * npx --yes stackvis@0.5.0 collapsed flamegraph-svg &lt; target/profiles/gateway.cpu.folded &gt; gateway-cpu.svg
 * </pre>
 *
 * A single-file program (run by {@code java}, JDK 21 or later), because it is a tool for the recordings, not part of a service.
 */
public class JfrProfile {
  private static final int TOP = 15;

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java JfrProfile.java <recording.jfr> <output prefix>");
      System.exit(2);
    }
    Path recording = Path.of(args[0]);
    Map<String, Long> cpuStacks = new HashMap<>();
    Map<String, Long> allocStacks = new HashMap<>();
    Map<String, Long> cpuByThread = new HashMap<>();
    Map<String, Long> cpuByMethod = new HashMap<>();
    Map<String, Long> allocByThread = new HashMap<>();
    Map<String, Long> allocByMethod = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    long gcs = 0;
    Duration gcPauses = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    Instant first = null;
    Instant last = null;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
      last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
      switch (event.getEventType().getName()) {
        case "jdk.ExecutionSample" -> {
          samples++;
          String thread = threadName(event.getThread("sampledThread"));
          cpuByThread.merge(thread, 1L, Long::sum);
          cpuByMethod.merge(leaf(event.getStackTrace()), 1L, Long::sum);
          cpuStacks.merge(folded(thread, event.getStackTrace()), 1L, Long::sum);
        }
        case "jdk.ObjectAllocationSample" -> {
          long weight = event.getLong("weight");
          allocated += weight;
          String thread = threadName(event.getThread("eventThread"));
          allocByThread.merge(thread, weight, Long::sum);
          allocByMethod.merge(leaf(event.getStackTrace()), weight, Long::sum);
          allocStacks.merge(folded(thread, event.getStackTrace()), weight, Long::sum);
        }
        case "jdk.GarbageCollection" -> {
          gcs++;
          gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
          Duration longest = event.getDuration("longestPause");
          longestPause = longest.compareTo(longestPause) > 0 ? longest : longestPause;
        }
        default -> { }
      }
    }
    double seconds = first == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
    System.out.printf("%s: %.0f s recorded%n", recording.getFileName(), seconds);
    System.out.printf("CPU samples: %d%n", samples);
    top("  by thread", cpuByThread, samples, "%");
    top("  by method (where the sample was taken)", cpuByMethod, samples, "%");
    System.out.printf("GC: %d collections, pauses %d ms in total, longest %.1f ms%n", gcs, gcPauses.toMillis(),
        longestPause.toNanos() / 1e6);
    System.out.printf("allocated (estimated from samples): %.0f MB, %.1f MB/s%n", allocated / 1e6,
        seconds == 0 ? 0 : allocated / 1e6 / seconds);
    top("  by thread", allocByThread, allocated, "%");
    top("  by method", allocByMethod, allocated, "%");
    write(Path.of(args[1] + ".cpu.folded"), cpuStacks, 1);
    write(Path.of(args[1] + ".alloc.folded"), allocStacks, 1024); // in KB: flame graph tools want whole numbers
  }

  /** Thread names without their numbers, so a pool's threads add up ("kafka-producer-network-thread | producer-N"). */
  private static String threadName(RecordedThread thread) {
    String name = thread == null ? "unknown" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    return name == null ? "unknown" : name.replaceAll("\\d+", "N");
  }

  private static String leaf(RecordedStackTrace stack) {
    return stack == null || stack.getFrames().isEmpty() ? "(no stack)" : frame(stack.getFrames().getFirst());
  }

  private static String folded(String thread, RecordedStackTrace stack) {
    StringBuilder line = new StringBuilder(thread.replace(';', ':').replace(' ', '_'));
    if (stack != null) {
      List<RecordedFrame> frames = stack.getFrames();
      for (int i = frames.size() - 1; i >= 0; i--) {
        line.append(';').append(frame(frames.get(i)));
      }
    }
    return line.toString();
  }

  private static String frame(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void top(String title, Map<String, Long> counts, long total, String unit) {
    System.out.println(title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
        .forEach(e -> System.out.printf("    %5.1f%s  %s%n", 100.0 * e.getValue() / Math.max(1, total), unit, e.getKey()));
  }

  private static void write(Path file, Map<String, Long> stacks, long divisor) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      stacks.forEach((stack, weight) -> {
        long value = weight / divisor;
        if (value > 0) {
          out.println(stack + " " + value);
        }
      });
    }
  }
}
