package com.voiceagent.analyst;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The analyst's calls kept up to date while they happen, for the web console: the topics read from a point in
 * time, then followed, each call worked out as {@code ./voice replay} works it out ({@link Conversation}). The
 * follower thread writes the records while web requests read them: both hold the archive's lock.
 */
public final class CallFollower implements AutoCloseable {
  private final TopicReader reader;
  private final Archive archive = new Archive();
  private final Clock clock;

  public CallFollower(String bootstrapServers, Clock clock) {
    this.reader = new TopicReader(bootstrapServers);
    this.clock = clock;
  }

  /**
   * Reads the topics from {@code since} and keeps reading what is written to them while {@code running} holds;
   * after each batch {@code changed} hears which calls it touched. Blocks: run it on its own thread.
   */
  public void follow(Instant since, Consumer<Set<String>> changed, BooleanSupplier running) {
    reader.follow(since, archive, changed, running);
  }

  /** The call as replay shows it, if its records were read. */
  public Optional<CallView> view(String callSid) {
    synchronized (archive) {
      CallRecords records = archive.calls.get(callSid);
      return records == null ? Optional.empty() : Optional.of(new Conversation(records).view(clock.instant()));
    }
  }

  /** The call as a stereo WAV (caller left, agent right), as {@code ./voice replay --wav} writes it. */
  public Optional<byte[]> recording(String callSid) {
    synchronized (archive) {
      CallRecords records = archive.calls.get(callSid);
      return records == null ? Optional.empty() : Optional.of(StereoRecording.wav(new Conversation(records)));
    }
  }

  /** Keeps the {@code keep} calls seen most recently first, forgetting older ones; returns the forgotten. */
  public List<String> forgetAllBut(int keep) {
    synchronized (archive) {
      List<String> sids = List.copyOf(archive.calls.keySet());
      List<String> forgotten = sids.subList(0, Math.max(0, sids.size() - keep));
      forgotten.forEach(archive.calls::remove);
      return forgotten;
    }
  }

  /** The median (p = 50) or another nearest-rank percentile of latencies, as ./voice calls computes them. */
  public static Long percentile(List<Long> values, int p) {
    return Percentiles.nearestRank(values, p);
  }

  @Override
  public void close() {
    reader.close();
  }
}
