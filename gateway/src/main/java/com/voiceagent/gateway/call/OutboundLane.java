package com.voiceagent.gateway.call;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's outbound messages, sent one at a time on a virtual thread so a slow socket never holds the
 * Kafka consumer or another call. Control messages (clear) overtake queued audio: a barge-in must reach
 * Twilio at once, not after the seconds of speech queued before it.
 */
final class OutboundLane {
  /** One socket send; failures end the lane. */
  interface Send {
    void run(CallOutput output) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(OutboundLane.class);

  private final CallOutput output;
  private final Executor executor;
  private final String callSid;
  private final ConcurrentLinkedQueue<Send> control = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Send> audio = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;

  OutboundLane(String callSid, CallOutput output, Executor executor) {
    this.callSid = callSid;
    this.output = output;
    this.executor = executor;
  }

  void audio(Send send) {
    if (!closed) {
      audio.add(send);
      schedule();
    }
  }

  /** Drops queued audio and sends this control message before anything else still queued. */
  void dropAudioThenControl(Send send) {
    audio.clear();
    if (!closed) {
      control.add(send);
      schedule();
    }
  }


  void close() {
    closed = true;
    audio.clear();
    control.clear();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try (var ctx = com.voiceagent.platform.CallContext.open(callSid)) {
      while (true) {
        Send next = control.poll();
        if (next == null) {
          next = audio.poll();
        }
        if (next == null) {
          scheduled.set(false);
          // Something may have been queued after the last poll but before the flag was cleared.
          if ((control.isEmpty() && audio.isEmpty()) || !scheduled.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        if (closed) {
          continue;
        }
        try {
          next.run(output);
        } catch (Exception e) {
          log.warn("outbound send failed, ending the stream: {}", e.toString());
          close();
          output.hangUp("outbound send failed");
        }
      }
    }
  }
}
