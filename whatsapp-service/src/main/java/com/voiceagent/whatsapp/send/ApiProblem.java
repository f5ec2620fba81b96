package com.voiceagent.whatsapp.send;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An API error with its HTTP status, a stable machine-readable code and a sentence for humans. */
public final class ApiProblem extends RuntimeException {
  private final HttpStatus status;
  private final String error;
  private final Map<String, Object> details = new LinkedHashMap<>();

  public ApiProblem(HttpStatus status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public ApiProblem with(String key, Object value) {
    if (value != null) {
      details.put(key, value);
    }
    return this;
  }

  public HttpStatus status() {
    return status;
  }

  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", getMessage());
    body.putAll(details);
    return body;
  }
}
