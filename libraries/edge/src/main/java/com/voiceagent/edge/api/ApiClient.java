package com.voiceagent.edge.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An API client, known by its bearer token. The id names the client in logs and budgets without
 * revealing the token: "client-" and the first hex digits of the token's SHA-256.
 */
public record ApiClient(String id) {
  /** Request attribute holding the authenticated client, set by {@link ApiTokenFilter}. */
  public static final String ATTRIBUTE = ApiClient.class.getName();

  /** The client the request was authenticated as, or null when it was not (a path outside the API). */
  public static ApiClient of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof ApiClient client ? client : null;
  }
}
