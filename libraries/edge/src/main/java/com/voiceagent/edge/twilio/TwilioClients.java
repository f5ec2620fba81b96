package com.voiceagent.edge.twilio;

import com.twilio.http.TwilioRestClient;
import com.voiceagent.edge.TwilioProperties;

/**
 * Builds twilio-java REST clients. twilio-java hard-codes https://{domain}.twilio.com; with an API base
 * URL (TWILIO_API_BASE_URL) every request's scheme and host are rewritten to it, so the real SDK code
 * path runs against a local fixture or a recording proxy.
 */
public final class TwilioClients {
  private TwilioClients() {}

  /**
   * @throws IllegalArgumentException when the account SID or auth token is not set
   */
  public static TwilioRestClient create(TwilioProperties twilio) {
    return create(twilio.accountSid(), twilio.authToken(), twilio.apiBaseUrl());
  }

  /**
   * @param apiBaseUrl scheme://host[:port] replacing https://*.twilio.com, or null/blank for Twilio itself
   * @throws IllegalArgumentException when the account SID or auth token is blank, or the base URL is not http(s)://host[:port]
   */
  public static TwilioRestClient create(String accountSid, String authToken, String apiBaseUrl) {
    if (accountSid == null || accountSid.isBlank()) {
      throw new IllegalArgumentException("TWILIO_ACCOUNT_SID is required to build a Twilio REST client");
    }
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("TWILIO_AUTH_TOKEN is required to build a Twilio REST client");
    }
    TwilioRestClient.Builder builder = new TwilioRestClient.Builder(accountSid, authToken);
    if (apiBaseUrl != null && !apiBaseUrl.isBlank()) {
      builder.httpClient(new BaseUrlHttpClient(apiBaseUrl.trim()));
    }
    return builder.build();
  }
}
