package com.voiceagent.gateway.call;

import java.util.Optional;

/** What the gateway can say by itself, without the pipeline: audio made once, ready at once. */
public interface Phrases {

  enum Phrase {
    /** A turn has no reply within its budget (a dialog instance died; another answers a moment later). */
    HOLD,
    /** The call came back on a new stream after its gateway died: the turn in flight was lost. */
    RESUMED,
    /** A transfer to a person was asked for and could not start (no TRANSFER_NUMBER, Twilio refused): the agent stays. */
    TRANSFER_FAILED,
    /** The call came back from a transfer the person did not take (no answer, busy). */
    TRANSFER_UNANSWERED
  }

  /** @param audio 8 kHz mu-law */
  record Spoken(String text, byte[] audio) {}

  /** Empty until the audio exists (tts-service has not answered yet). */
  Optional<Spoken> get(Phrase phrase);
}
