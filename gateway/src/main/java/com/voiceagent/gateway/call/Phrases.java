package com.voiceagent.gateway.call;

import java.util.Optional;

/** What the gateway can say by itself, without the pipeline: audio made once, ready at once. */
public interface Phrases {

  enum Phrase {
    /** A turn has no reply within its budget (a dialog instance died; another answers a moment later). */
    HOLD,
    /** The call came back on a new stream after its gateway died: the turn in flight was lost. */
    RESUMED
  }

  /** @param audio 8 kHz mu-law */
  record Spoken(String text, byte[] audio) {}

  /** Empty until the audio exists (tts-service has not answered yet). */
  Optional<Spoken> get(Phrase phrase);
}
