package com.voiceagent.gateway.media;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the gateway drains, Twilio's requests (webhooks, media upgrades) get 503 before anything runs, so
 * the load balancer passes them to another gateway (nginx: {@code proxy_next_upstream http_503 non_idempotent}).
 */
final class DrainFilter extends OncePerRequestFilter {
  private final GatewayDrain drain;

  DrainFilter(GatewayDrain drain) {
    this.drain = drain;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !drain.draining() || !(path.startsWith("/webhook/") || path.equals(MediaStreamConfiguration.PATH));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Retry-After", "1");
    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "this gateway is stopping");
  }
}
