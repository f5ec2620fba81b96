package com.voiceagent.edge.api;

import com.voiceagent.edge.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires "Authorization: Bearer TOKEN" on the API paths, before the rate limit, so a request that is
 * not a client's cannot spend a client's budget. No token configured means the API is closed (503),
 * never open. A CORS preflight never gets here: the CORS filter answers it.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);
  private static final String BEARER = "Bearer ";

  private final ApiClients clients;
  private final PathPatterns apiPaths;

  public ApiTokenFilter(ApiClients clients, PathPatterns apiPaths) {
    this.clients = clients;
    this.apiPaths = apiPaths;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !apiPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (clients.none()) {
      reject(response, 503, "api_disabled", "the API is disabled: no API token is configured"
          + " (WHATSAPP_API_TOKEN on whatsapp-service, GATEWAY_API_TOKEN on the gateway)");
      return;
    }
    String header = request.getHeader("Authorization");
    String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? header.substring(BEARER.length()).strip()
        : null;
    Optional<ApiClient> client = presented == null ? Optional.empty() : clients.identify(presented);
    if (client.isEmpty()) {
      log.warn("refused {} {} from {}: no valid bearer token", request.getMethod(), request.getRequestURI(),
          request.getRemoteAddr());
      response.setHeader("WWW-Authenticate", "Bearer");
      reject(response, 401, "unauthorized", "a valid bearer token is required (Authorization: Bearer <API token>)");
      return;
    }
    request.setAttribute(ApiClient.ATTRIBUTE, client.get());
    chain.doFilter(request, response);
  }

  private static void reject(HttpServletResponse response, int status, String error, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }
}
