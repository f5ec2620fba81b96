package com.voiceagent.twiliokit.media;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The phone line of a running stream, as Twilio keeps it: every 20 ms the caller's next frame goes out
 * (what they {@link #say}, else line silence) and 20 ms of the agent's buffered audio plays; a mark is
 * echoed when the audio before it has played (at once if none is buffered); clear drops the buffer and
 * echoes every pending mark.
 *
 * <p>The lines of every client share a two-thread clock: no tick waits for the network, so a load
 * benchmark running dozens of calls measures the system, not its harness.
 */
final class PhoneLine {
  static final int FRAME_MS = 20;
  private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(FRAME_MS);
  private static final ScheduledThreadPoolExecutor CLOCK = clock();
  /** Every line's frames, and those that went out more than a frame after their time (the clock fell behind). */
  private static final LongAdder FRAMES = new LongAdder();
  private static final LongAdder FRAMES_LATE = new LongAdder();
  private static final byte[] SILENT_FRAME = Speech.frameOf(new byte[0], 0);

  /** How the line reaches the socket. */
  interface Wire {
    /** Sends one inbound frame; {@code handedOff} gets the System.nanoTime at which the socket took it. */
    void sendFrame(byte[] payload, LongConsumer handedOff);

    void echoMark(String name);
  }

  /** What a clear did: the unplayed audio it dropped and the marks it echoed. */
  record Cleared(long droppedBytes, List<String> echoedMarks) {}

  private final Wire wire;
  private final Consumer<byte[]> heard;
  // A lock rather than a monitor: callers may be virtual threads.
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final PlaybackBuffer playback = new PlaybackBuffer();
  private Speech speech = Speech.NONE;
  private ScheduledFuture<?> ticks;
  private long startedAt;
  private long ticked;

  /** {@code heard} gets, every 20 ms, the agent audio the caller heard (shorter than a frame when it ran out). */
  PhoneLine(Wire wire, Consumer<byte[]> heard) {
    this.wire = wire;
    this.heard = heard;
  }

  void start() {
    locked(() -> {
      if (ticks == null) {
        startedAt = System.nanoTime();
        ticks = CLOCK.scheduleAtFixedRate(this::tick, 0, FRAME_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** No frame goes out any more (a tick already running may still finish). */
  void stop() {
    locked(() -> {
      if (ticks != null) {
        ticks.cancel(false);
      }
    });
  }

  boolean running() {
    lock.lock();
    try {
      return ticks != null && !ticks.isCancelled();
    } finally {
      lock.unlock();
    }
  }

  Speech say(byte[] muLaw) {
    lock.lock();
    try {
      speech = new Speech(muLaw);
      return speech;
    } finally {
      lock.unlock();
    }
  }

  /** Buffers agent audio; true when nothing the agent sent before was still waiting to be played. */
  boolean agentAudio(byte[] muLaw) {
    lock.lock();
    try {
      boolean silent = playback.bufferedBytes() == 0;
      playback.appendAudio(muLaw);
      return silent;
    } finally {
      lock.unlock();
    }
  }

  /** A mark from the server: echoed at once when nothing is buffered before it, else when playback reaches it. */
  void mark(String name) {
    locked(() -> playback.addMark(name).forEach(wire::echoMark));
  }

  Cleared clear() {
    lock.lock();
    try {
      long dropped = playback.bufferedBytes();
      List<String> pending = playback.clear();
      pending.forEach(wire::echoMark);
      return new Cleared(dropped, pending);
    } finally {
      lock.unlock();
    }
  }

  boolean agentSpeaking() {
    return bufferedNanos() > 0;
  }

  /** Waits until the agent audio received so far has played out; false on timeout. */
  boolean awaitAgentSilent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // How long the buffer has left to play is known, so sleep that long; audio arriving meanwhile adds to it.
    for (long left = bufferedNanos(); left > 0; left = bufferedNanos()) {
      long wait = Math.min(left, deadline - System.nanoTime());
      if (wait <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return true;
  }

  private long bufferedNanos() {
    lock.lock();
    try {
      return playback.bufferedBytes() * TimeUnit.SECONDS.toNanos(1) / 8000;
    } finally {
      lock.unlock();
    }
  }

  /** One 20 ms step: the caller's next frame goes out, then 20 ms of the agent's audio plays. */
  private void tick() {
    byte[] played;
    lock.lock();
    try {
      FRAMES.increment();
      if (System.nanoTime() - (startedAt + ticked++ * FRAME_NANOS) > FRAME_NANOS) {
        FRAMES_LATE.increment();
      }
      Speech current = speech;
      int frame = current.nextFrame();
      if (frame < 0) {
        wire.sendFrame(SILENT_FRAME, Outbox.UNTIMED);
      } else {
        wire.sendFrame(current.payload(frame), at -> current.sent(frame, at));
      }
      PlaybackBuffer.Played step = playback.play(Speech.FRAME_BYTES);
      step.marksReached().forEach(wire::echoMark);
      played = step.audio();
    } finally {
      lock.unlock();
    }
    heard.accept(played);
  }

  /** Frames every line of this JVM sent so far, and how many of them more than 20 ms after their time. */
  static MediaStreamClient.LineFrames frames() {
    return new MediaStreamClient.LineFrames(FRAMES.sum(), FRAMES_LATE.sum());
  }

  private void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private static ScheduledThreadPoolExecutor clock() {
    // Two threads suffice because no tick waits for I/O; daemon threads, so a failed run still exits.
    ScheduledThreadPoolExecutor clock =
        new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().daemon().name("twilio-line-", 0).factory());
    clock.setRemoveOnCancelPolicy(true);
    return clock;
  }
}
