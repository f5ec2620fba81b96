package com.voiceagent.whatsapp.send;

import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns API errors into JSON bodies: {"error": code, "message": sentence, ...details}. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Map<String, Object>> problem(ApiProblem problem) {
    return ResponseEntity.status(problem.status()).body(problem.body());
  }

  /** The outbox cannot be written, so nothing is sent: the client may retry (with the same Idempotency-Key). */
  @ExceptionHandler(DataAccessException.class)
  ResponseEntity<Map<String, Object>> databaseDown(DataAccessException e) {
    return problem(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
        "the message database is unavailable, nothing was sent; retry later with the same Idempotency-Key"));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return problem(new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_json", "the request body must be a JSON object"));
  }
}
