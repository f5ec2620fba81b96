package com.voiceagent.edge.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * twilio-java's own HTTP client, sending each request to another scheme://host[:port] with path and
 * query unchanged. The request is copied through its public accessors because its URL is final.
 */
final class BaseUrlHttpClient extends NetworkHttpClient {
  private final URI base;

  BaseUrlHttpClient(String baseUrl) {
    this.base = parse(baseUrl);
  }

  /** With an HTTP client of our own (timeouts), see {@link TwilioClients#create(String, String, String, HttpTimeouts)}. */
  BaseUrlHttpClient(String baseUrl, org.apache.hc.client5.http.impl.classic.HttpClientBuilder http) {
    super(http);
    this.base = parse(baseUrl);
  }

  private static URI parse(String baseUrl) {
    URI parsed;
    try {
      parsed = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("TWILIO_API_BASE_URL must be http(s)://host[:port], was '" + baseUrl + "'", e);
    }
    if (parsed.getScheme() == null || !parsed.getScheme().matches("(?i)https?") || parsed.getHost() == null
        || (parsed.getPath() != null && !parsed.getPath().isEmpty() && !parsed.getPath().equals("/"))) {
      throw new IllegalArgumentException("TWILIO_API_BASE_URL must be http(s)://host[:port], was '" + baseUrl + "'");
    }
    return parsed;
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(redirect(request));
  }

  Request redirect(Request original) {
    Request copy = new Request(original.getMethod(), rewrite(original.getUrl()));
    if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    } else if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    }
    copyAll(original.getQueryParams(), copy::addQueryParam);
    copyAll(original.getPostParams(), copy::addPostParam);
    copyAll(original.getHeaderParams(), copy::addHeaderParam);
    if (original.getContentType() != null) {
      copy.setContentType(original.getContentType());
    }
    if (original.getBody() != null) {
      copy.setBody(original.getBody());
    }
    if (original.getFormParameters() != null) {
      copy.setFormParameters(original.getFormParameters());
    }
    if (original.getUserAgentExtensions() != null) {
      copy.setUserAgentExtensions(original.getUserAgentExtensions());
    }
    return copy;
  }

  String rewrite(String url) {
    URI uri = URI.create(url);
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rawQuery = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String port = base.getPort() < 0 ? "" : ":" + base.getPort();
    return base.getScheme() + "://" + base.getHost() + port + rawPath + rawQuery;
  }

  private static void copyAll(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
    if (from == null) {
      return;
    }
    from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
  }
}
