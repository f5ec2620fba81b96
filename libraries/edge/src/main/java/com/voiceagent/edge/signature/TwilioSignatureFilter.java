package com.voiceagent.edge.signature;

import com.twilio.security.RequestValidator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (403) every request on a signed path whose X-Twilio-Signature does not match, before any
 * controller or WebSocket handshake runs. The check itself is twilio-java's {@link RequestValidator}:
 * this class only rebuilds what Twilio signed (the public URL and the POSTed form fields).
 */
final class TwilioSignatureFilter extends OncePerRequestFilter {
  static final String HEADER = "X-Twilio-Signature";
  private static final Logger log = LoggerFactory.getLogger(TwilioSignatureFilter.class);

  private final RequestValidator validator;
  private final PublicUrls publicUrls;
  private final SignedPaths signedPaths;

  /** @param validator null when no auth token is configured: every signed path is then refused */
  TwilioSignatureFilter(RequestValidator validator, PublicUrls publicUrls, SignedPaths signedPaths) {
    this.validator = validator;
    this.publicUrls = publicUrls;
    this.signedPaths = signedPaths;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !signedPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String signature = request.getHeader(HEADER); // header names are case-insensitive: x-twilio-signature too
    String path = request.getRequestURI();
    if (signature == null || signature.isBlank()) {
      refuse(response, "missing " + HEADER, request);
      return;
    }
    if (validator == null) {
      refuse(response, "no Twilio auth token configured (TWILIO_AUTH_TOKEN)", request);
      return;
    }
    String url = publicUrls.requestUrl(request);
    Map<String, String> params = signedFormParams(request);
    boolean valid;
    if (isWebSocketUpgrade(request)) {
      // What Twilio signs on the media upgrade is unconfirmed: accept the ws(s):// URL and its http(s):// twin.
      valid = validator.validate(toWebSocketScheme(url), params, signature) || validator.validate(url, params, signature);
    } else {
      valid = validator.validate(url, params, signature);
    }
    if (!valid) {
      refuse(response, "signature does not match " + url, request);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void refuse(HttpServletResponse response, String why, HttpServletRequest request) throws IOException {
    // Neither the token nor the presented signature is logged: only what was wrong and where.
    log.warn("refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), why);
    // Written directly (no error dispatch): a refused WebSocket upgrade must stay a plain 403.
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write("Invalid Twilio signature");
  }

  static boolean isWebSocketUpgrade(HttpServletRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  static String toWebSocketScheme(String url) {
    if (url.regionMatches(true, 0, "https://", 0, 8)) {
      return "wss://" + url.substring(8);
    }
    if (url.regionMatches(true, 0, "http://", 0, 7)) {
      return "ws://" + url.substring(7);
    }
    return url;
  }

  /**
   * The POSTed form fields, which Twilio signs in addition to the URL. The servlet container merges the
   * query string into the parameter map, but the query is already part of the signed URL, so its values
   * are taken out again. Reading the parameter map does not consume the body for the controller.
   */
  static Map<String, String> signedFormParams(HttpServletRequest request) {
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !isForm(request.getContentType())) {
      return Map.of();
    }
    Map<String, List<String>> queryValues = parseQuery(request.getQueryString());
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
      List<String> values = new ArrayList<>(List.of(entry.getValue()));
      for (String fromQuery : queryValues.getOrDefault(entry.getKey(), List.of())) {
        values.remove(fromQuery);
      }
      if (!values.isEmpty()) {
        // RequestValidator takes one value per key; Twilio's voice and messaging callbacks never repeat a key.
        params.put(entry.getKey(), values.getFirst());
      }
    }
    return params;
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
    } catch (RuntimeException e) {
      return contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }
  }

  private static Map<String, List<String>> parseQuery(String query) {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> values = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }
}
