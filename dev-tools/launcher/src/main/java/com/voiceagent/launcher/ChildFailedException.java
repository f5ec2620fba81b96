package com.voiceagent.launcher;

/** A child process did not come up; carries its last output lines so the user sees why. */
final class ChildFailedException extends RuntimeException {
  private final transient ChildProcess child;

  ChildFailedException(ChildProcess child, String message) {
    super(message);
    this.child = child;
  }

  ChildProcess child() {
    return child;
  }
}
