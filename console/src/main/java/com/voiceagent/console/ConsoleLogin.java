package com.voiceagent.console;

import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.api.ApiClients;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The browser's way in: the token typed once becomes an HttpOnly cookie ({@link SessionCookieFilter} presents it
 * to edge's token check as a bearer token), so the pages, the live stream and the recording are authenticated
 * without the token ever being readable by the page's script. SameSite=Strict: another site cannot use it.
 */
@RestController
final class ConsoleLogin {
  static final String COOKIE = "voice_console";
  /** The cookie's lifetime; then the token is asked again. */
  static final Duration SESSION = Duration.ofHours(12);
  private static final Logger log = LoggerFactory.getLogger(ConsoleLogin.class);

  private final ApiClients clients;

  ConsoleLogin(EdgeProperties edge) {
    this.clients = new ApiClients(edge.apiTokens());
  }

  @GetMapping("/login")
  ResponseEntity<Resource> form() {
    return ConsoleController.page(SessionCookieFilter.LOGIN_PAGE);
  }

  @PostMapping("/login")
  ResponseEntity<?> login(@RequestParam(defaultValue = "") String token, HttpServletRequest request) {
    if (clients.none()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("the console is closed: no CONSOLE_API_TOKEN is configured");
    }
    if (clients.identify(token.strip()).isEmpty()) {
      log.warn("refused a console login from {}: wrong token", request.getRemoteAddr());
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(ConsoleController.HTML)
          .body(new org.springframework.core.io.ClassPathResource(SessionCookieFilter.LOGIN_PAGE));
    }
    ResponseCookie cookie = ResponseCookie.from(COOKIE, token.strip()).httpOnly(true).sameSite("Strict").path("/")
        .secure(request.isSecure()).maxAge(SESSION).build();
    return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie.toString())
        .header(HttpHeaders.LOCATION, "/").build();
  }

  @PostMapping("/logout")
  ResponseEntity<Void> logout() {
    ResponseCookie cookie = ResponseCookie.from(COOKIE, "").httpOnly(true).sameSite("Strict").path("/").maxAge(0).build();
    return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie.toString())
        .header(HttpHeaders.LOCATION, "/login").build();
  }
}
