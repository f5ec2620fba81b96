package com.voiceagent.edge.signature;

import com.voiceagent.edge.TwilioProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Objects;

/**
 * Rebuilds the URL Twilio called. Behind a TLS-terminating proxy the app sees http://internal:8080,
 * while Twilio signed https://public-host/...; the signature only matches the public form. Order of
 * trust: the configured public base (PUBLIC_BASE_URL, or PUBLIC_HOST as https), then the
 * X-Forwarded-Proto/X-Forwarded-Host of a trusted proxy (TRUSTED_PROXIES), then the request itself
 * (direct exposure, local tunnels). Forwarded headers from anyone else are ignored: they would let the
 * client choose the URL its signature is checked against.
 */
public final class PublicUrls {
  private final String configuredBase;
  private final TrustedProxies trustedProxies;

  public PublicUrls(TwilioProperties twilio, TrustedProxies trustedProxies) {
    Objects.requireNonNull(twilio, "twilio");
    this.configuredBase = twilio.configuredPublicBase();
    this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
  }

  /** The configured public base, or null when only requests can tell (never in the prod profile). */
  public String configuredBase() {
    return configuredBase;
  }

  /** scheme://host[:port] as Twilio sees this service, without a trailing slash. */
  public String baseUrl(HttpServletRequest request) {
    if (configuredBase != null) {
      return configuredBase;
    }
    if (!trustedProxies.trusts(request.getRemoteAddr())) {
      return requestBase(request);
    }
    String forwardedHost = nearest(request.getHeader("X-Forwarded-Host"));
    if (forwardedHost != null) {
      String proto = nearest(request.getHeader("X-Forwarded-Proto"));
      String scheme = proto == null ? request.getScheme() : proto.toLowerCase(Locale.ROOT);
      String port = nearest(request.getHeader("X-Forwarded-Port"));
      String host = forwardedHost;
      if (port != null && !hasPort(host) && !isDefaultPort(scheme, port)) {
        host = host + ":" + port;
      }
      return scheme + "://" + host;
    }
    String proto = nearest(request.getHeader("X-Forwarded-Proto"));
    String scheme = proto == null ? request.getScheme() : proto.toLowerCase(Locale.ROOT);
    return scheme + "://" + requestHost(request, scheme);
  }

  private static String requestBase(HttpServletRequest request) {
    return request.getScheme() + "://" + requestHost(request, request.getScheme());
  }

  private static String requestHost(HttpServletRequest request, String scheme) {
    String host = request.getHeader("Host");
    if (host == null || host.isBlank()) {
      host = request.getServerName() + (isDefaultPort(scheme, String.valueOf(request.getServerPort())) ? "" : ":" + request.getServerPort());
    }
    return host;
  }

  /** The full public URL of this request: base + path + query exactly as received (still encoded). */
  public String requestUrl(HttpServletRequest request) {
    String query = request.getQueryString();
    return baseUrl(request) + request.getRequestURI() + (query == null ? "" : "?" + query);
  }

  /**
   * The value our trusted proxy added: the last of a comma-separated list, since a proxy that appends
   * keeps whatever the client sent in front of it.
   */
  private static String nearest(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.lastIndexOf(',');
    String value = (comma < 0 ? header : header.substring(comma + 1)).trim();
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
