package com.voiceagent.twiliokit.media;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * One socket's sends, in order and never waited for: java.net.http allows one outstanding send per socket,
 * so each starts when the previous one completes, on whichever thread completes it. Numbers the messages
 * as Twilio does: sequenceNumber counts every message after {@code connected}, in the order they go out,
 * whichever thread produced them (frame ticks, mark echoes, the test itself).
 */
final class Outbox {
  static final LongConsumer UNTIMED = at -> { };

  private final WebSocket socket;
  // A lock rather than a monitor: callers may be virtual threads.
  private final ReentrantLock lock = new ReentrantLock();
  private CompletableFuture<WebSocket> tail = CompletableFuture.completedFuture(null);
  private long sequenceNumber;
  private boolean closed;

  Outbox(WebSocket socket) {
    this.socket = socket;
  }

  /** Sends a message without a sequence number ({@code connected}, or raw text). */
  void send(String text) {
    lock.lock();
    try {
      if (!closed) {
        enqueue(() -> socket.sendText(text, true), UNTIMED);
      }
    } finally {
      lock.unlock();
    }
  }

  void sendBinary(byte[] bytes) {
    lock.lock();
    try {
      if (!closed) {
        enqueue(() -> socket.sendBinary(ByteBuffer.wrap(bytes.clone()), true), UNTIMED);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives the message the next sequence number (from 1) and sends it after everything before it;
   * {@code handedOff} gets the System.nanoTime at which the socket takes it.
   */
  void sendNumbered(LongFunction<String> message, LongConsumer handedOff) {
    lock.lock();
    try {
      if (!closed) {
        String text = message.apply(++sequenceNumber);
        enqueue(() -> socket.sendText(text, true), handedOff);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends the stream's last message; later sends (a frame or an echo still on its way) are dropped. */
  void sendLast(LongFunction<String> message) {
    lock.lock();
    try {
      sendNumbered(message, UNTIMED);
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Completes when everything queued so far has been handed to the socket. */
  CompletableFuture<WebSocket> flushed() {
    lock.lock();
    try {
      return tail;
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Supplier<CompletableFuture<WebSocket>> send, LongConsumer handedOff) {
    // A failed send (the server closed meanwhile) must not stop the ones after it from being tried.
    tail = tail.exceptionally(failed -> socket).thenCompose(ready -> {
      handedOff.accept(System.nanoTime());
      return send.get();
    });
  }
}
