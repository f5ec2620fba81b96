package com.voiceagent.gateway.call;

import java.util.Optional;

/** How a call is handed to a person: the TwiML the live call is re-pointed to. */
public interface CallTransfer {
  /** The TwiML that dials the person for {@code callSid}; empty when no one is set up to take calls (TRANSFER_NUMBER). */
  Optional<String> dialTwiml(String callSid);
}
