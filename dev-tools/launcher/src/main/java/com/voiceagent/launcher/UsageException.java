package com.voiceagent.launcher;

/** The command line of {@code ./voice up} is wrong; the launcher prints the message and the usage, exit 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
