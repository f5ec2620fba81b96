package com.voiceagent.edge.health;

import java.time.Duration;

/** One link the service needs to do its work (the broker, the database). Beans of this type are probed by /health/ready. */
public interface ReadinessCheck {
  /** The link is down for a reason the service states itself (no secret in it): shown in the readiness answer. */
  final class NotReady extends Exception {
    public NotReady(String reason) {
      super(reason);
    }
  }

  /** Short name shown in the readiness answer, e.g. "kafka". */
  String name();

  /**
   * @param timeout how long the check may wait
   * @throws Exception when the link is down; the message is shown (so it must hold no secret)
   */
  void check(Duration timeout) throws Exception;
}
