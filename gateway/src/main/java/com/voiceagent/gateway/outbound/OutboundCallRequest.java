package com.voiceagent.gateway.outbound;

import java.util.Optional;

/**
 * The body of POST /api/calls.
 *
 * @param to whom to call, E.164 (+9725...)
 * @param context why we call, in the business's words ("תזכורת לתור שלך מחר ב-9:30"): the agent opens the call with it
 *     and an answering machine hears it in the voicemail
 */
public record OutboundCallRequest(String to, String context) {

  /** What is wrong with the request, as a sentence for a 400 answer; empty when it can be placed. */
  public Optional<String> problem(int maxContextChars) {
    if (to == null || to.isBlank()) {
      return Optional.of("\"to\" is required: the number to call in E.164, e.g. +972501234567");
    }
    if (!PhoneNumbers.isE164(to)) {
      return Optional.of("\"to\" must be an E.164 number: a plus, the country code and the number, digits only"
          + " (e.g. +972501234567)");
    }
    if (context == null || context.isBlank()) {
      return Optional.of("\"context\" is required: why we call, in a sentence the agent opens the call with");
    }
    if (context.strip().length() > maxContextChars) {
      return Optional.of("\"context\" is " + context.strip().length() + " characters long; at most " + maxContextChars
          + " are accepted");
    }
    if (context.codePoints().anyMatch(c -> Character.isISOControl(c) && c != ' ')) {
      return Optional.of("\"context\" must be one line of text, without control characters");
    }
    return Optional.empty();
  }
}
