package com.voiceagent.edge.twilio;

import java.time.Duration;
import java.util.Objects;

/**
 * How long twilio-java's HTTP client may wait, set by us instead of the SDK's defaults (10 s for a pooled
 * connection, 30.5 s to connect, 30 s for an answer), so that the longest REST call is a known figure.
 *
 * @param connect the longest wait for a pooled connection, and again for a new connection (TCP and TLS)
 * @param read the longest wait for data of the answer (the socket and response timeout). Twilio's answers are
 *     a few kilobytes and arrive at once; a peer that trickles bytes slower than this is not bounded by it
 */
public record HttpTimeouts(Duration connect, Duration read) {

  /** How many requests one SDK call makes at most: twilio-java repeats a request Twilio answered with a 5xx. */
  public static final int SDK_REQUESTS_PER_CALL = com.twilio.http.HttpClient.RETRIES;
  /** twilio-java's pause between those repeats. */
  public static final Duration SDK_REPEAT_PAUSE = Duration.ofMillis(com.twilio.http.HttpClient.DELAY_MILLIS);

  public HttpTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
      throw new IllegalArgumentException("Twilio HTTP timeouts must be positive, were connect=" + connect + ", read=" + read);
    }
  }

  /** The longest one HTTP request can take: a pooled connection, a new connection, the answer. */
  public Duration longestRequest() {
    return connect.multipliedBy(2).plus(read);
  }

  /** The longest one twilio-java call ({@code creator.create}, {@code reader.firstPage}) can take, its own repeats included. */
  public Duration longestSdkCall() {
    return longestRequest().multipliedBy(SDK_REQUESTS_PER_CALL).plus(SDK_REPEAT_PAUSE.multipliedBy(SDK_REQUESTS_PER_CALL - 1L));
  }
}
