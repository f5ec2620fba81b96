package com.voiceagent.simulator;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * Sends text frames to the gateway one after another (java.net.http.WebSocket allows one outstanding
 * send) and numbers them: Twilio's sequenceNumber counts every message after {@code connected}, in the
 * order they go out, whichever thread produced them (media ticks or mark echoes).
 */
final class OutboundMessages {
  private final WebSocket socket;
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
  private long sequenceNumber;

  OutboundMessages(WebSocket socket) {
    this.socket = socket;
  }

  /** Sends a message without a sequence number ({@code connected}). */
  synchronized void send(String text) {
    last = last.thenCompose(ignored -> socket.sendText(text, true));
  }

  /** Gives the message the next sequence number (from 1) and sends it after everything before it. */
  synchronized long sendNumbered(LongFunction<String> message) {
    long n = ++sequenceNumber;
    String text = message.apply(n);
    last = last.thenCompose(ignored -> socket.sendText(text, true));
    return n;
  }

  /** Completes when everything queued so far has been handed to the socket. */
  synchronized CompletableFuture<?> flushed() {
    return last;
  }
}
