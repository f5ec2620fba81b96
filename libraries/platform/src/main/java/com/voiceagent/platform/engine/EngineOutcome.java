package com.voiceagent.platform.engine;

/** How a call to an engine ended: with its answer, past its deadline, or with a failure. Never an exception. */
public sealed interface EngineOutcome<T> {
  /** How long the stage waited, in milliseconds. */
  long elapsedMs();

  record Done<T>(T value, long elapsedMs) implements EngineOutcome<T> {}

  record TimedOut<T>(long elapsedMs) implements EngineOutcome<T> {}

  record Failed<T>(Throwable cause, long elapsedMs) implements EngineOutcome<T> {}
}
