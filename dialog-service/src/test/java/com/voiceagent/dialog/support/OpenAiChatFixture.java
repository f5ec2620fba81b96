package com.voiceagent.dialog.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking OpenAI's streaming chat completions protocol (POST /v1/chat/completions,
 * Server-Sent Events, {@code data: {chunk}} blank-line separated, ended by {@code data: [DONE]}), so the
 * real openai-java client code runs against it. Each request is answered by the first script whose
 * marker appears in the request body; scripts write chunks with flushes and may block on latches.
 */
public final class OpenAiChatFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the fixture does for one request. */
  @FunctionalInterface
  public interface Script {
    void play(Exchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Script> scripts = new LinkedHashMap<>();
  private volatile Script defaultScript = ex -> ex.stream("בשמחה, אני כאן כדי לעזור. ", "מה עוד תרצו לדעת?");

  public OpenAiChatFixture() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers requests whose body contains {@code marker} with {@code script}. */
  public synchronized OpenAiChatFixture on(String marker, Script script) {
    scripts.put(marker, script);
    return this;
  }

  public void otherwise(Script script) {
    defaultScript = script;
  }

  /** Bodies of the requests received so far (JSON). */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void handle(HttpExchange http) throws IOException {
    String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(body);
    String said = lastUserMessage(body);
    Script script;
    synchronized (this) {
      script = scripts.entrySet().stream().filter(e -> said.contains(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(defaultScript);
    }
    try {
      script.play(new Exchange(http));
    } catch (Exception e) {
      // the client went away or the script was interrupted: nothing more to send
    } finally {
      http.close();
    }
  }

  /** Scripts match on what the caller just said, not on the history that repeats earlier turns. */
  @SuppressWarnings("unchecked")
  private static String lastUserMessage(String body) {
    try {
      List<Map<String, Object>> messages = (List<Map<String, Object>>) parse(body).get("messages");
      return messages.reversed().stream().filter(m -> "user".equals(m.get("role"))).map(m -> String.valueOf(m.get("content")))
          .findFirst().orElse("");
    } catch (RuntimeException e) {
      return body;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** One request being answered. */
  public static final class Exchange {
    private final HttpExchange http;
    private final AtomicInteger chunkIds = new AtomicInteger();
    private OutputStream out;

    Exchange(HttpExchange http) {
      this.http = http;
    }

    /** An HTTP error with OpenAI's error body. */
    public void error(int status, String message) throws IOException {
      byte[] bytes = JSON.writeValueAsBytes(Map.of("error", Map.of("message", message, "type", "server_error", "code", "server_error")));
      http.getResponseHeaders().set("Content-Type", "application/json");
      http.sendResponseHeaders(status, bytes.length);
      http.getResponseBody().write(bytes);
    }

    /** Starts the event stream (200, text/event-stream). */
    public Exchange begin() throws IOException {
      if (out == null) {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.sendResponseHeaders(200, 0);
        out = http.getResponseBody();
        send(Map.of("role", "assistant", "content", ""), null);
      }
      return this;
    }

    /** One content delta, flushed at once. */
    public Exchange content(String text) throws IOException {
      begin();
      return send(Map.of("content", text), null);
    }

    /** A tool call in two deltas (name, then arguments), as OpenAI streams it. */
    public Exchange toolCall(String name, String arguments) throws IOException {
      begin();
      send(Map.of("tool_calls", List.of(Map.of("index", 0, "id", "call_" + name, "type", "function",
          "function", Map.of("name", name, "arguments", "")))), null);
      return send(Map.of("tool_calls", List.of(Map.of("index", 0, "function", Map.of("arguments", arguments)))), null);
    }

    /** The final chunk with a finish reason, then [DONE]. */
    public void finish(String reason) throws IOException {
      begin();
      send(Map.of(), reason);
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Content deltas, then finish "stop". */
    public void stream(String... deltas) throws IOException {
      for (String delta : deltas) {
        content(delta);
      }
      finish("stop");
    }

    private Exchange send(Map<String, Object> delta, String finishReason) throws IOException {
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("index", 0);
      choice.put("delta", delta);
      choice.put("finish_reason", finishReason);
      Map<String, Object> chunk = new LinkedHashMap<>();
      chunk.put("id", "chatcmpl-fixture");
      chunk.put("object", "chat.completion.chunk");
      chunk.put("created", 1_700_000_000L + chunkIds.incrementAndGet());
      chunk.put("model", "gpt-4o-mini");
      chunk.put("choices", List.of(choice));
      out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return this;
    }
  }
}
