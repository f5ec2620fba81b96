package com.voiceagent.gateway.twilio;

/**
 * Text a peer chose (an event name, Twilio's error text) made safe for one log line: at most 40
 * characters, anything unprintable (line breaks included) replaced, so it can neither flood a log nor
 * forge a line of it.
 */
public final class PeerText {
  private static final int MAX_LENGTH = 40;

  private PeerText() {}

  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    return cut.replaceAll("[^\\p{Print}…]", "?");
  }
}
