package com.voiceagent.gateway.token;

/** Why a call's media stream ended, and so whether the call goes on on a new stream. */
public enum StreamEnd {
  /** Twilio sent {@code stop}: the call ended, or we re-pointed it (a transfer). */
  STOPPED,
  /** This gateway was shutting down and closed the stream at a turn boundary: the call resumes elsewhere, unnoticed. */
  DRAINED,
  /** The socket broke or its gateway died mid-call: the call resumes elsewhere, and the caller is told a turn was lost. */
  LOST;

  /** Whether Twilio follows the TwiML's Redirect to a new stream (the conversation must be kept for it). */
  public boolean resumes() {
    return this != STOPPED;
  }
}
