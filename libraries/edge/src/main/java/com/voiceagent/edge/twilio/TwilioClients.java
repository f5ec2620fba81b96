package com.voiceagent.edge.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.voiceagent.edge.TwilioProperties;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

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
    requireCredentials(accountSid, authToken);
    TwilioRestClient.Builder builder = new TwilioRestClient.Builder(accountSid, authToken);
    if (apiBaseUrl != null && !apiBaseUrl.isBlank()) {
      builder.httpClient(new BaseUrlHttpClient(apiBaseUrl.trim()));
    }
    return builder.build();
  }

  private static void requireCredentials(String accountSid, String authToken) {
    if (accountSid == null || accountSid.isBlank()) {
      throw new IllegalArgumentException("TWILIO_ACCOUNT_SID is required to build a Twilio REST client");
    }
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("TWILIO_AUTH_TOKEN is required to build a Twilio REST client");
    }
  }

  /** As {@link #create(TwilioProperties)}, with our own HTTP timeouts instead of twilio-java's. */
  public static TwilioRestClient create(TwilioProperties twilio, HttpTimeouts timeouts) {
    return create(twilio.accountSid(), twilio.authToken(), twilio.apiBaseUrl(), timeouts);
  }

  /** As {@link #create(String, String, String)}, with our own HTTP timeouts instead of twilio-java's. */
  public static TwilioRestClient create(String accountSid, String authToken, String apiBaseUrl, HttpTimeouts timeouts) {
    requireCredentials(accountSid, authToken);
    HttpClientBuilder http = httpClient(timeouts);
    HttpClient client = apiBaseUrl != null && !apiBaseUrl.isBlank() ? new BaseUrlHttpClient(apiBaseUrl.trim(), http)
        : new NetworkHttpClient(http);
    return new TwilioRestClient.Builder(accountSid, authToken).httpClient(client).build();
  }

  /**
   * twilio-java sets its own default RequestConfig on every request it makes (NetworkHttpClient.makeRequest),
   * which would override a client-wide one; an interceptor at the head of the chain puts ours back before any
   * connection is asked for. The pool's connection and socket settings carry the same figures. The HTTP
   * library's own retries are off: twilio-java's repeats are the only ones, so the longest call is known.
   */
  static HttpClientBuilder httpClient(HttpTimeouts timeouts) {
    Timeout connect = Timeout.ofMilliseconds(timeouts.connect().toMillis());
    Timeout read = Timeout.ofMilliseconds(timeouts.read().toMillis());
    RequestConfig requestConfig = RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read)
        .setConnectionKeepAlive(HttpClient.CONNECTION_KEEP_ALIVE).build();
    return HttpClientBuilder.create().useSystemProperties().disableAutomaticRetries()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setSoKeepAlive(true).build())
            .setMaxConnPerRoute(10).setMaxConnTotal(20)
            .build())
        .setDefaultRequestConfig(requestConfig)
        .addExecInterceptorFirst("voice-timeouts", (request, scope, chain) -> {
          scope.clientContext.setRequestConfig(requestConfig);
          return chain.proceed(request, scope);
        });
  }
}
