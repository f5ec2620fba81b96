package com.voiceagent.twiliokit.media;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Messages from the server in arrival order, also kept per event, so that counting and waiting never scan:
 * a load benchmark runs dozens of calls and must not measure its own harness.
 */
final class Inbox {
  // Not a monitor: benchmark callers wait on virtual threads.
  private final ReentrantLock lock = new ReentrantLock();
  private final List<JsonNode> all = new ArrayList<>();
  private final Map<String, Event> byEvent = new HashMap<>();
  private final Map<JsonNode, Long> receivedAt = new IdentityHashMap<>();

  private record Event(List<JsonNode> messages, Condition grew) {}

  void add(JsonNode message, long atNanos) {
    locked(() -> {
      all.add(message);
      receivedAt.put(message, atNanos);
      Event messages = event(message.path("event").asString(""));
      messages.messages.add(message);
      messages.grew.signalAll();
      return null;
    });
  }

  /** The index-th (from 0) message of that event, waiting up to the timeout for it; null if it did not come. */
  JsonNode await(String event, int index, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      Event messages = event(event);
      for (long left = timeoutNanos; messages.messages.size() <= index; left = messages.grew.awaitNanos(left)) {
        if (left <= 0) {
          return null;
        }
      }
      return messages.messages.get(index);
    } finally {
      lock.unlock();
    }
  }

  List<JsonNode> all() {
    return locked(() -> List.copyOf(all));
  }

  List<JsonNode> events(String event) {
    return locked(() -> List.copyOf(event(event).messages));
  }

  int count(String event) {
    return locked(() -> event(event).messages.size());
  }

  long receivedAt(JsonNode message) {
    return locked(() -> receivedAt.getOrDefault(message, 0L));
  }

  private Event event(String event) {
    return byEvent.computeIfAbsent(event, name -> new Event(new ArrayList<>(), lock.newCondition()));
  }

  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
