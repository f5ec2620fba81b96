package com.voiceagent.twiliokit.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Twilio's playback buffer for a bidirectional stream: outbound audio is queued and played in order at
 * real time; a {@code mark} is echoed when the audio queued before it has been played (at once if
 * nothing is queued); {@code clear} drops the queued audio and echoes every pending mark. The simulator
 * calls {@link #play(int)} once per 20 ms tick. Not thread-safe: callers synchronise.
 */
final class PlaybackBuffer {
  private sealed interface Entry permits Audio, Mark {}

  private static final class Audio implements Entry {
    final byte[] bytes;
    int offset;

    Audio(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - offset;
    }
  }

  private record Mark(String name) implements Entry {}

  /** What one tick played: audio (possibly shorter than asked) and the marks it reached, in order. */
  record Played(byte[] audio, List<String> marksReached) {}

  private final Deque<Entry> queue = new ArrayDeque<>();
  private long bufferedBytes;

  void appendAudio(byte[] muLaw) {
    Objects.requireNonNull(muLaw, "muLaw");
    if (muLaw.length > 0) {
      queue.addLast(new Audio(muLaw.clone()));
      bufferedBytes += muLaw.length;
    }
  }

  /** Queues a mark; returns it at once if nothing is waiting to be played before it. */
  List<String> addMark(String name) {
    Objects.requireNonNull(name, "name");
    if (queue.isEmpty()) {
      return List.of(name);
    }
    queue.addLast(new Mark(name));
    return List.of();
  }

  /** Plays up to {@code bytes} of audio and returns the marks whose preceding audio is now fully played. */
  Played play(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
    ByteArrayOutputStream played = new ByteArrayOutputStream(bytes);
    List<String> marks = new ArrayList<>();
    int left = bytes;
    while (!queue.isEmpty()) {
      Entry head = queue.peekFirst();
      if (head instanceof Mark mark) {
        marks.add(mark.name());
        queue.removeFirst();
      } else if (head instanceof Audio audio) {
        if (left == 0) {
          break;
        }
        int n = Math.min(left, audio.remaining());
        played.write(audio.bytes, audio.offset, n);
        audio.offset += n;
        left -= n;
        bufferedBytes -= n;
        if (audio.remaining() == 0) {
          queue.removeFirst();
        }
      }
    }
    return new Played(played.toByteArray(), List.copyOf(marks));
  }

  /** Drops everything queued; returns the pending marks, which Twilio echoes on clear. */
  List<String> clear() {
    List<String> marks = new ArrayList<>();
    for (Entry entry : queue) {
      if (entry instanceof Mark mark) {
        marks.add(mark.name());
      }
    }
    queue.clear();
    bufferedBytes = 0;
    return List.copyOf(marks);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  long bufferedBytes() {
    return bufferedBytes;
  }
}
