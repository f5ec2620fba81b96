package com.voiceagent.edge.signature;

import com.voiceagent.edge.EdgeProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Objects;

/**
 * Rebuilds the URL Twilio called. Behind a TLS-terminating proxy the app sees http://internal:8080,
 * while Twilio signed https://public-host/...; the signature only matches the public form. Order of
 * trust: the configured public base (PUBLIC_BASE_URL, or PUBLIC_HOST as https), then the proxy's
 * X-Forwarded-Proto/X-Forwarded-Host, then the request itself (direct exposure, local tunnels).
 */
public final class PublicUrls {
  private final String configuredBase;

  public PublicUrls(EdgeProperties properties) {
    Objects.requireNonNull(properties, "properties");
    if (properties.publicBaseUrl() != null) {
      configuredBase = properties.publicBaseUrl();
    } else if (properties.publicHost() != null) {
      configuredBase = "https://" + properties.publicHost();
    } else {
      configuredBase = null;
    }
  }

  /** scheme://host[:port] as Twilio sees this service, without a trailing slash. */
  public String baseUrl(HttpServletRequest request) {
    if (configuredBase != null) {
      return configuredBase;
    }
    String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
    if (forwardedHost != null) {
      String proto = first(request.getHeader("X-Forwarded-Proto"));
      String scheme = proto == null ? request.getScheme() : proto.toLowerCase(Locale.ROOT);
      String port = first(request.getHeader("X-Forwarded-Port"));
      String host = forwardedHost;
      if (port != null && !hasPort(host) && !isDefaultPort(scheme, port)) {
        host = host + ":" + port;
      }
      return scheme + "://" + host;
    }
    String proto = first(request.getHeader("X-Forwarded-Proto"));
    String scheme = proto == null ? request.getScheme() : proto.toLowerCase(Locale.ROOT);
    String host = request.getHeader("Host");
    if (host == null || host.isBlank()) {
      host = request.getServerName() + (isDefaultPort(scheme, String.valueOf(request.getServerPort())) ? "" : ":" + request.getServerPort());
    }
    return scheme + "://" + host;
  }

  /** The full public URL of this request: base + path + query exactly as received (still encoded). */
  public String requestUrl(HttpServletRequest request) {
    String query = request.getQueryString();
    return baseUrl(request) + request.getRequestURI() + (query == null ? "" : "?" + query);
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    String value = (comma < 0 ? header : header.substring(0, comma)).trim();
    return value.isEmpty() ? null : value;
  }

  private static boolean hasPort(String host) {
    int bracket = host.lastIndexOf(']');
    return host.indexOf(':', bracket + 1) >= 0;
  }

  private static boolean isDefaultPort(String scheme, String port) {
    return ("https".equals(scheme) && "443".equals(port)) || ("http".equals(scheme) && "80".equals(port));
  }
}
