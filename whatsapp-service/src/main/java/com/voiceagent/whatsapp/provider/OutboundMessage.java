package com.voiceagent.whatsapp.provider;

import java.util.Objects;

/**
 * A message to send: either free-form text ({@code body}) or a template ({@code contentSid} with its
 * {@code contentVariables} as a JSON object string). Addresses are in the whatsapp:+E164 form.
 */
public record OutboundMessage(String to, String from, String body, String contentSid, String contentVariables,
    String statusCallback) {

  public OutboundMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    if ((body == null) == (contentSid == null)) {
      throw new IllegalArgumentException("exactly one of body and contentSid must be given");
    }
  }

  public boolean isTemplate() {
    return contentSid != null;
  }
}
