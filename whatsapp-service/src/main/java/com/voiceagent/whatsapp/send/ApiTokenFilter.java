package com.voiceagent.whatsapp.send;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires "Authorization: Bearer WHATSAPP_API_TOKEN" on /api/whatsapp/**. No token configured means
 * the API is closed (503), never open: nobody sends WhatsApp messages in our name anonymously.
 */
final class ApiTokenFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);
  private static final String BEARER = "Bearer ";
  private final byte[] token;

  ApiTokenFilter(String token) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    if (this.token == null) {
      log.warn("WHATSAPP_API_TOKEN is not set: the WhatsApp send/query API refuses every request (503)");
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (token == null) {
      reject(response, 503, "api_disabled", "the WhatsApp API is disabled: set WHATSAPP_API_TOKEN to enable it");
      return;
    }
    String header = request.getHeader("Authorization");
    byte[] presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    // Constant time: a timing difference must not reveal how much of a guessed token was right.
    if (!MessageDigest.isEqual(token, presented)) {
      response.setHeader("WWW-Authenticate", "Bearer");
      reject(response, 401, "unauthorized", "a valid bearer token is required (Authorization: Bearer <WHATSAPP_API_TOKEN>)");
      return;
    }
    chain.doFilter(request, response);
  }

  private static void reject(HttpServletResponse response, int status, String error, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }
}
