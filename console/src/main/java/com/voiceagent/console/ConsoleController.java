package com.voiceagent.console;

import com.voiceagent.analyst.CallView;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's pages and the data behind them. Every path here is one of edge's API paths (console.yml): a
 * request without a valid token (header or the login's cookie) never gets here.
 */
@RestController
final class ConsoleController {
  static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
  private static final MediaType WAV = MediaType.parseMediaType("audio/wav");

  private final LiveCalls calls;

  ConsoleController(LiveCalls calls) {
    this.calls = calls;
  }

  @GetMapping("/")
  ResponseEntity<Resource> livePage() {
    return page("console/index.html");
  }

  @GetMapping("/calls/{callSid}")
  ResponseEntity<Resource> callPage(@PathVariable String callSid) {
    return page("console/call.html");
  }

  /** The live calls and the histogram now (what the live stream starts with). */
  @GetMapping("/api/calls")
  LiveCalls.Snapshot snapshot() {
    return calls.snapshot();
  }

  /** Server-sent events: "snapshot" once, then "call" (a call that changed) and "histogram" as the topics move. */
  @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events() {
    return calls.open();
  }

  /** The call as ./voice replay --json shows it. */
  @GetMapping("/api/calls/{callSid}")
  ResponseEntity<CallView> call(@PathVariable String callSid) {
    return ResponseEntity.of(calls.view(callSid));
  }

  /** The call's stereo recording (caller left, agent right), as ./voice replay --wav writes it. */
  @GetMapping("/api/calls/{callSid}/recording.wav")
  ResponseEntity<byte[]> recording(@PathVariable String callSid) {
    return calls.recording(callSid)
        .map(wav -> ResponseEntity.ok().contentType(WAV).cacheControl(CacheControl.noStore()).body(wav))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  static ResponseEntity<Resource> page(String path) {
    return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noStore()).body(new ClassPathResource(path));
  }
}
