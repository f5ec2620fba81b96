package com.voiceagent.console;

import com.voiceagent.edge.EdgeAutoConfiguration;
import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.PathPatterns;
import com.voiceagent.edge.api.ApiClients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Just before edge's API token filter: a browser's login cookie is presented to it as the bearer token it holds,
 * so one check (edge's, constant time, 503 without tokens) guards both. A browser asking for a page without
 * a valid login gets the 401 with the login form as its body instead of edge's JSON; no data either way.
 */
final class SessionCookieFilter extends OncePerRequestFilter {
  static final String LOGIN_PAGE = "console/login.html";

  private final PathPatterns protectedPaths;
  private final ApiClients clients;

  SessionCookieFilter(PathPatterns protectedPaths, ApiClients clients) {
    this.protectedPaths = protectedPaths;
    this.clients = clients;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !protectedPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      chain.doFilter(request, response);
      return;
    }
    String token = cookie(request);
    boolean browser = !clients.none() && acceptsHtml(request);
    if (token != null && !(browser && clients.identify(token).isEmpty())) {
      chain.doFilter(new WithBearer(request, token), response);
    } else if (browser) { // no login, or one whose token is no longer configured: the form again
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType(ConsoleController.HTML.toString());
      try (InputStream page = new ClassPathResource(LOGIN_PAGE).getInputStream()) {
        page.transferTo(response.getOutputStream());
      }
    } else {
      chain.doFilter(request, response); // edge answers: 401 without a token, 503 when none is configured
    }
  }

  private static String cookie(HttpServletRequest request) {
    if (request.getCookies() == null) {
      return null;
    }
    for (Cookie cookie : request.getCookies()) {
      if (ConsoleLogin.COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
        return cookie.getValue();
      }
    }
    return null;
  }

  private static boolean acceptsHtml(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  /** The request as if it carried "Authorization: Bearer TOKEN". */
  private static final class WithBearer extends HttpServletRequestWrapper {
    private final String authorization;

    WithBearer(HttpServletRequest request, String token) {
      super(request);
      this.authorization = "Bearer " + token;
    }

    @Override
    public String getHeader(String name) {
      return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(authorization))
          : super.getHeaders(name);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<SessionCookieFilter> consoleSessionCookieFilter(EdgeProperties edge) {
      FilterRegistrationBean<SessionCookieFilter> registration = new FilterRegistrationBean<>(
          new SessionCookieFilter(new PathPatterns(edge.apiPaths()), new ApiClients(edge.apiTokens())));
      registration.setOrder(EdgeAutoConfiguration.API_TOKEN_ORDER - 1);
      registration.setName("consoleSessionCookieFilter");
      registration.addUrlPatterns("/*");
      registration.setAsyncSupported(true);
      return registration;
    }
  }
}
