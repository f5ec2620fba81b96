package com.voiceagent.gateway.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * twilio-java's HTTP client with the scheme and host of every request replaced by a configured base URL
 * (TWILIO_API_BASE_URL): the SDK hard-codes https://api.twilio.com, and a local fixture or a regional
 * proxy must receive the very same requests the SDK would send to Twilio.
 */
final class TwilioApiHttpClient extends NetworkHttpClient {
  private final URI base;

  TwilioApiHttpClient(URI base) {
    Objects.requireNonNull(base, "base");
    if (base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException("TWILIO_API_BASE_URL must be scheme://host[:port], was '" + base + "'");
    }
    this.base = base;
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(new Redirected(request, base));
  }

  /** A copy of the SDK's request whose URL points at the base. */
  private static final class Redirected extends Request {
    private final URI base;

    Redirected(Request original, URI base) {
      super(original.getMethod(), original.getUrl());
      this.base = base;
      // region/edge only pick the twilio.com host, which the base replaces.
      copy(original.getQueryParams(), this::addQueryParam);
      copy(original.getPostParams(), this::addPostParam);
      copy(original.getHeaderParams(), this::addHeaderParam);
      if (original.getAuthStrategy() != null) {
        setAuth(original.getAuthStrategy());
      } else if (original.getUsername() != null) {
        setAuth(original.getUsername(), original.getPassword());
      }
      if (original.getContentType() != null) {
        setContentType(original.getContentType());
      }
      if (original.getBody() != null) {
        setBody(original.getBody());
      }
      if (original.getFormParameters() != null) {
        setFormParameters(original.getFormParameters());
      }
      setUserAgentExtensions(original.getUserAgentExtensions());
    }

    @Override
    protected String buildURL() {
      URI sdk = URI.create(super.buildURL());
      String port = base.getPort() < 0 ? "" : ":" + base.getPort();
      return base.getScheme() + "://" + base.getHost() + port + sdk.getRawPath()
          + (sdk.getRawQuery() == null ? "" : "?" + sdk.getRawQuery());
    }

    private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
      from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
    }
  }
}
