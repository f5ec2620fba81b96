package com.voiceagent.edge.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * /health: the process answers (liveness). /health/ready: it can do its work, i.e. its broker and
 * database links answer (readiness): 200 or 503, with each link's state.
 */
@RestController
public final class HealthController {
  private final ReadinessProbe probe;

  public HealthController(ReadinessProbe probe) {
    this.probe = probe;
  }

  @GetMapping("/health")
  public Map<String, String> health() {
    return Map.of("status", "UP");
  }

  @GetMapping("/health/ready")
  public ResponseEntity<Map<String, Object>> ready() {
    ReadinessProbe.Readiness readiness = probe.readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", readiness.ready() ? "UP" : "DOWN");
    body.put("links", new java.util.TreeMap<>(readiness.links()));
    body.put("checkedAt", readiness.checkedAt().toString());
    return ResponseEntity.status(readiness.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }
}
