package com.voiceagent.edge.ratelimit;

import com.voiceagent.edge.api.ApiClient;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Answers 429 with Retry-After once a budget is spent. An authenticated API client spends its own budget
 * for the rule, so one client (or a stranger) cannot use up another's. Every other request spends the
 * endpoint's budget: Twilio calls from many addresses, and only requests with a valid signature get this
 * far on its paths. When the shared bucket store fails, the request is let through: a broken limiter
 * must not turn Twilio's callbacks away.
 */
final class RateLimitFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

  /** @param bucketFor the bucket of an API client by id, or the endpoint's bucket for null */
  record Limit(PathPattern pattern, int perMinute, Function<String, Bucket> bucketFor) {}

  private final List<Limit> limits;

  RateLimitFilter(List<Limit> limits) {
    this.limits = List.copyOf(limits);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Limit limit = limitFor(request);
    if (limit != null && !"OPTIONS".equalsIgnoreCase(request.getMethod())) {
      ConsumptionProbe probe;
      try {
        ApiClient client = ApiClient.of(request);
        probe = limit.bucketFor().apply(client == null ? null : client.id()).tryConsumeAndReturnRemaining(1);
      } catch (RuntimeException e) {
        log.warn("rate limit store failed for {}, letting the request through: {}", limit.pattern(), e.toString());
        probe = null;
      }
      if (probe != null && !probe.isConsumed()) {
        long retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        log.warn("rate limit {} per minute reached for {} {}; retry after {}s", limit.perMinute(), request.getMethod(),
            request.getRequestURI(), retryAfterSeconds);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Too many requests");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private Limit limitFor(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    PathContainer container = PathContainer.parsePath(path);
    for (Limit limit : limits) {
      if (limit.pattern().matches(container)) {
        return limit;
      }
    }
    return null;
  }
}
