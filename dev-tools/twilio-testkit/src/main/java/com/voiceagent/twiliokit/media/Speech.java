package com.voiceagent.twiliokit.media;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the caller says on a running line, sent frame by frame, and when each frame went out: latency is
 * measured from the moment the socket took the frame holding a given sample.
 */
public final class Speech {
  static final int FRAME_BYTES = 160;
  static final byte SILENCE = (byte) 0xFF;
  static final Speech NONE = new Speech(new byte[0]);

  private final byte[] muLaw;
  private final AtomicLongArray frameSentAt;
  private final CompletableFuture<Void> spoken = new CompletableFuture<>();
  private int next; // only the line's tick, which never runs concurrently with itself, touches it

  Speech(byte[] muLaw) {
    this.muLaw = muLaw.clone();
    this.frameSentAt = new AtomicLongArray((muLaw.length + FRAME_BYTES - 1) / FRAME_BYTES);
    if (muLaw.length == 0) {
      spoken.complete(null);
    }
  }

  /** The next frame to send, or -1 once all are. */
  int nextFrame() {
    return next < frameSentAt.length() ? next++ : -1;
  }

  /** A frame's audio, the last one padded with line silence. */
  byte[] payload(int frame) {
    return frameOf(muLaw, frame);
  }

  void sent(int frame, long atNanos) {
    frameSentAt.set(frame, atNanos);
    if (frame == frameSentAt.length() - 1) {
      spoken.complete(null); // frames go out in order, so every earlier time is recorded too
    }
  }

  /** System.nanoTime when the frame holding sample {@code sample} (from 0) went out; 0 until then. */
  public long sentAt(int sample) {
    int frame = sample / FRAME_BYTES;
    return frame < frameSentAt.length() ? frameSentAt.get(frame) : 0L;
  }

  /** Completes once the last frame has been handed to the socket. */
  public CompletableFuture<Void> spoken() {
    return spoken;
  }

  /** Waits until the last frame has been sent; false on timeout. */
  public boolean awaitSpoken(Duration timeout) throws InterruptedException {
    try {
      spoken.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Frame {@code frame} (from 0) of {@code muLaw}, padded with line silence to a whole frame. */
  static byte[] frameOf(byte[] muLaw, int frame) {
    byte[] bytes = new byte[FRAME_BYTES];
    Arrays.fill(bytes, SILENCE);
    int from = frame * FRAME_BYTES;
    System.arraycopy(muLaw, from, bytes, 0, Math.max(0, Math.min(FRAME_BYTES, muLaw.length - from)));
    return bytes;
  }
}
