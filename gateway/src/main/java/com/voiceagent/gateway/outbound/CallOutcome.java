package com.voiceagent.gateway.outbound;

import java.util.Locale;
import java.util.Set;

/**
 * What became of an outbound call, as Twilio's status and answering machine detection callbacks tell it. PLACED
 * until the callee's side answers; MACHINE, BUSY, NO_ANSWER and FAILED are final (a later callback does not undo
 * them: callbacks arrive out of order); ANSWERED turns into MACHINE when detection says so.
 */
public enum CallOutcome {
  PLACED, ANSWERED, MACHINE, BUSY, NO_ANSWER, FAILED;

  /** The call.lifecycle attribute that carries an outbound call's outcome. */
  public static final String ATTRIBUTE = "outcome";

  private static final Set<String> MACHINE_VERDICTS =
      Set.of("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax");

  /** As shown in JSON and on Kafka: lower case, no-answer with a hyphen like Twilio's CallStatus. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean isFinal() {
    return this == MACHINE || this == BUSY || this == NO_ANSWER || this == FAILED;
  }

  /** The outcome after a status callback (Twilio's CallStatus). */
  CallOutcome afterStatus(String callStatus) {
    if (isFinal()) {
      return this;
    }
    return switch (callStatus) {
      case "in-progress", "answered", "completed" -> this == PLACED ? ANSWERED : this;
      case "busy" -> BUSY;
      case "no-answer" -> NO_ANSWER;
      case "failed", "canceled" -> FAILED;
      default -> this; // queued, initiated, ringing
    };
  }

  /** The outcome after the asynchronous AMD callback (Twilio's AnsweredBy). */
  CallOutcome afterDetection(String answeredBy) {
    if (answeredBy != null && MACHINE_VERDICTS.contains(answeredBy)) {
      return this == PLACED || this == ANSWERED ? MACHINE : this;
    }
    return this == PLACED ? ANSWERED : this; // human or unknown: a conversation
  }

  /** A voicemail is left after the beep only once the machine's greeting has ended (DetectMessageEnd). */
  static boolean greetingEnded(String answeredBy) {
    return answeredBy != null && answeredBy.startsWith("machine_end_");
  }
}
