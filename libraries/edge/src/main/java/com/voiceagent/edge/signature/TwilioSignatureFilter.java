package com.voiceagent.edge.signature;

import com.twilio.security.RequestValidator;
import com.voiceagent.edge.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every request on a signed path whose X-Twilio-Signature does not match (403), or that names its
 * call, message or account twice (400), before any controller or WebSocket handshake runs. The check
 * itself is twilio-java's {@link RequestValidator}: this class only rebuilds what Twilio signed (the
 * public URL and every POSTed form value, see {@link SignedForm}).
 */
final class TwilioSignatureFilter extends OncePerRequestFilter {
  static final String HEADER = "X-Twilio-Signature";
  private static final Logger log = LoggerFactory.getLogger(TwilioSignatureFilter.class);

  /** How signatures are checked; chosen once at startup by {@link TwilioSignatures}. */
  enum Mode {
    /** Every signature is checked with the auth token. */
    CHECK,
    /** No auth token: nothing on a signed path can be proven to come from Twilio, so all of it is refused. */
    REFUSE_ALL,
    /** Local development mode with validation switched off: signatures are not checked. */
    OFF
  }

  private final Mode mode;
  private final RequestValidator validator;
  private final PublicUrls publicUrls;
  private final PathPatterns signedPaths;

  /** @param validator null unless the mode is CHECK */
  TwilioSignatureFilter(Mode mode, RequestValidator validator, PublicUrls publicUrls, PathPatterns signedPaths) {
    this.mode = mode;
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
    // Twilio never repeats these, and a controller would see "CA1,OTHER": refused whatever the signature says.
    String repeated = SignedForm.repeatedIdentifyingKey(request);
    if (repeated != null) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, repeated + " given more than once", request);
      return;
    }
    if (mode == Mode.OFF) {
      chain.doFilter(request, response);
      return;
    }
    String signature = request.getHeader(HEADER); // header names are case-insensitive: x-twilio-signature too
    if (signature == null || signature.isBlank()) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "missing " + HEADER, request);
      return;
    }
    if (mode == Mode.REFUSE_ALL) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "no Twilio auth token configured (TWILIO_AUTH_TOKEN)", request);
      return;
    }
    String url = publicUrls.requestUrl(request);
    Map<String, String> params = SignedForm.of(request).forValidator();
    boolean valid;
    if (isWebSocketUpgrade(request)) {
      // What Twilio signs on the media upgrade is unconfirmed: accept the ws(s):// URL and its http(s):// twin.
      valid = validator.validate(toWebSocketScheme(url), params, signature) || validator.validate(url, params, signature);
    } else {
      valid = validator.validate(url, params, signature);
    }
    if (!valid) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "signature does not match " + url, request);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void refuse(HttpServletResponse response, int status, String why, HttpServletRequest request)
      throws IOException {
    // Neither the token nor the presented signature is logged: only what was wrong and where.
    log.warn("refused {} {} from {} with {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
        status, why);
    // Written directly (no error dispatch): a refused WebSocket upgrade must stay a plain 403.
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write(status == HttpServletResponse.SC_BAD_REQUEST ? why : "Invalid Twilio signature");
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
}
