package com.voiceagent.edge.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.voiceagent.edge.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a repeat of a Twilio webhook with the answer already given, without running the controller
 * again and without spending the endpoint's budget. A repeat is the same event: the same path, query and
 * form, for a CallSid or MessageSid (Twilio re-sending a request it could not deliver, or a captured
 * request replayed). It runs after the signature check, so only requests Twilio signed are remembered
 * and answered. Only successful answers are kept: a refused or failed request is handled afresh.
 */
public final class RepeatedWebhookFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(RepeatedWebhookFilter.class);

  record Answer(int status, String contentType, byte[] body) {}

  private final Cache<String, Answer> answers;
  private final PathPatterns signedPaths;

  /**
   * @param window how long an answer is kept
   * @param capacity how many answers are kept at most, least recently used dropped first
   */
  public RepeatedWebhookFilter(PathPatterns signedPaths, Duration window, int capacity) {
    this.signedPaths = signedPaths;
    this.answers = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(capacity).build();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equalsIgnoreCase(request.getMethod()) || !signedPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String event = eventKey(request);
    if (event == null) {
      chain.doFilter(request, response);
      return;
    }
    Answer known = answers.getIfPresent(event);
    if (known != null) {
      log.info("repeated webhook {} for {}: answered as before ({})", request.getRequestURI(), subject(request), known.status());
      response.setStatus(known.status());
      if (known.contentType() != null) {
        response.setContentType(known.contentType());
      }
      response.getOutputStream().write(known.body());
      return;
    }
    ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, recording);
      int status = recording.getStatus();
      if (status >= 200 && status < 300) {
        answers.put(event, new Answer(status, recording.getContentType(), recording.getContentAsByteArray()));
      }
    } finally {
      recording.copyBodyToResponse();
    }
  }

  private static String subject(HttpServletRequest request) {
    String callSid = request.getParameter("CallSid");
    return callSid != null ? callSid : request.getParameter("MessageSid");
  }

  /** A digest of everything the event is: null for a request about no call and no message. */
  static String eventKey(HttpServletRequest request) {
    if (subject(request) == null) {
      return null;
    }
    StringBuilder event = new StringBuilder(request.getRequestURI()).append('?')
        .append(request.getQueryString() == null ? "" : request.getQueryString());
    // Lengths in front of every part, so that no two different forms give the same text.
    for (Map.Entry<String, String[]> field : new TreeMap<>(request.getParameterMap()).entrySet()) {
      event.append('\n').append(field.getKey().length()).append(':').append(field.getKey());
      for (String value : field.getValue()) {
        event.append('|').append(value.length()).append(':').append(value);
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(event.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
