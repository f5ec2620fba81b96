package com.voiceagent.gateway.call;

import java.io.IOException;

/**
 * Where a call's outbound audio goes: the transport (a Twilio media-stream socket) behind a
 * wire-neutral interface. Called only from the call's outbound lane, one message at a time.
 */
public interface CallOutput {
  void sendAudio(byte[] muLaw) throws IOException;

  void sendMark(String name) throws IOException;

  void sendClear() throws IOException;

  /** Ends the stream from our side (with nothing after &lt;Connect&gt; in the TwiML, this ends the call). */
  void hangUp(String reason);
}
