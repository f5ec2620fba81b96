package com.voiceagent.e2e;

import static org.awaitility.Awaitility.await;

import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/** A call's media stream as the caller's phone uses it in the failover tests: ask, then wait for the agent's reply. */
final class StackCall implements AutoCloseable {
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  final MediaStreamClient stream;
  final StreamIds ids;

  /** A new call into that gateway, once the greeting has been heard in full. */
  StackCall(Stack stack, String gateway) throws Exception {
    this.ids = StreamIds.forCall(Stack.ACCOUNT_SID, Stack.newCallSid());
    this.stream = stack.dialer(gateway).dial(ids, Stack.CALLER, Stack.NUMBER).startLine();
    stream.awaitEvent("mark", 0, ANSWER_TIMEOUT); // the greeting
    stream.awaitAgentSilent(ANSWER_TIMEOUT);
    // On a busy machine the greeting's next sentence can come after a gap; a question asked into it would be a
    // barge-in on the greeting, not the plain turn the tests measure.
    awaitQuiet(Duration.ofSeconds(1));
  }

  /** A stream the test opened itself (a resumed call). */
  StackCall(MediaStreamClient stream, StreamIds ids) {
    this.stream = stream;
    this.ids = ids;
  }

  /** Says the question; returns when it started (System.nanoTime). */
  long ask() throws Exception {
    long asked = System.nanoTime();
    stream.say(VoiceLoopEndToEndIT.question());
    return asked;
  }

  /** Asks and waits for the first reply sentence; returns ms from the question to it. */
  long askAndAwaitReply() throws Exception {
    long asked = ask();
    long replied = ms(stream.receivedAt(awaitMarkAfter(asked, "t")) - asked);
    stream.awaitAgentSilent(ANSWER_TIMEOUT);
    return replied;
  }

  /** The first mark named with the prefix that arrived after that instant: the end of a sentence's audio. */
  JsonNode awaitMarkAfter(long since, String prefix) {
    return await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> stream.events("mark").stream()
        .filter(m -> m.path("mark").path("name").asString("").startsWith(prefix) && stream.receivedAt(m) > since)
        .findFirst(), Optional::isPresent).orElseThrow();
  }

  /** Waits until nothing has come from the agent for that long. */
  void awaitQuiet(Duration quiet) {
    AtomicInteger seen = new AtomicInteger(-1);
    AtomicLong since = new AtomicLong();
    await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
      int now = stream.received().size();
      if (now != seen.getAndSet(now)) {
        since.set(System.nanoTime());
        return false;
      }
      return System.nanoTime() - since.get() >= quiet.toNanos() && !stream.agentSpeaking();
    });
  }

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Override
  public void close() {
    stream.close();
  }
}
