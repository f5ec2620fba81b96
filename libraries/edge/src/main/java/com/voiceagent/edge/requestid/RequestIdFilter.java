package com.voiceagent.edge.requestid;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's X-Request-ID when it is sane, a fresh UUID otherwise. The id
 * goes back on the response, and into the MDC ("requestId") for every log line of the request; the
 * platform's EventPublisher copies it into the x-request-id Kafka header, so one id follows the work.
 */
public final class RequestIdFilter extends OncePerRequestFilter {
  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = "requestId";
  /** Request attribute holding the id, for code that runs outside the MDC (async work). */
  public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";
  /** Anything longer or stranger could forge log lines or blow up headers downstream. */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // An error or async dispatch of the same request keeps the id chosen on the first pass.
    String requestId = request.getAttribute(ATTRIBUTE) instanceof String chosen ? chosen : chooseId(request.getHeader(HEADER));
    request.setAttribute(ATTRIBUTE, requestId);
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, requestId);
    response.setHeader(HEADER, requestId);
    try {
      chain.doFilter(request, response);
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }

  static String chooseId(String offered) {
    return offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
