package com.voiceagent.whatsapp.send;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The authenticated send API (the bearer token is checked by {@link ApiTokenFilter}). */
@RestController
class SendController {
  private final SendService service;
  private final JsonMapper json;

  SendController(SendService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  record TextRequest(String to, String body) {}

  /** contentVariables: a JSON object, or a string holding one (Twilio's own form). */
  record TemplateRequest(String to, String contentSid, JsonNode contentVariables) {}

  @PostMapping("/api/whatsapp/send")
  ResponseEntity<?> send(@RequestBody TextRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    var result = service.sendText(request.to(), request.body(), idempotencyKey);
    return ResponseEntity.status(result.status()).body(result.body());
  }

  @PostMapping("/api/whatsapp/send/template")
  ResponseEntity<?> sendTemplate(@RequestBody TemplateRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    var result = service.sendTemplate(request.to(), request.contentSid(), contentVariables(request.contentVariables()), idempotencyKey);
    return ResponseEntity.status(result.status()).body(result.body());
  }

  private String contentVariables(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    JsonNode object = node;
    if (node.isString()) {
      try {
        object = json.readTree(node.asString());
      } catch (RuntimeException e) {
        throw invalidVariables();
      }
    }
    if (!object.isObject()) {
      throw invalidVariables();
    }
    return json.writeValueAsString(object);
  }

  private static ApiProblem invalidVariables() {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_content_variables",
        "contentVariables must be a JSON object such as {\"1\":\"Dana\"}, or a string holding one");
  }
}
