package com.voiceagent.tts.engine;

/** An engine could not speak a sentence (error, timeout, unusable audio); the message says why. */
public class SpeechFailedException extends RuntimeException {
  public SpeechFailedException(String message) {
    super(message);
  }

  public SpeechFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
