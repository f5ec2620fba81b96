package com.voiceagent.dialog.tools;

import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ToolDeclarations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A business tool from the business file: {@code POST url} with the arguments as the JSON body (and the
 * conversation in {@code X-Conversation-Id}), the optional auth header's value read once from its
 * environment variable. A 2xx answer's body is the result; anything else fails the call. The secret
 * stays in this object: {@link #toString()} and every error name the header, never its value.
 */
public final class HttpTool implements Tool {
  public static final String CONVERSATION_HEADER = "X-Conversation-Id";
  private final ToolSpec spec;
  private final URI url;
  private final String authHeader;
  private final String authValue;
  private final HttpClient http;

  HttpTool(ToolSpec spec, URI url, String authHeader, String authValue, HttpClient http) {
    this.spec = spec;
    this.url = url;
    this.authHeader = authHeader;
    this.authValue = authValue;
    this.http = http;
  }

  /**
   * The business file's tools, with their auth values from {@code env}. A tool whose environment variable
   * is unset or blank is a startup error naming the variable.
   */
  public static List<Tool> fromBusiness(Business business, Function<String, String> env, HttpClient http) {
    List<Tool> tools = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Business.ToolDeclaration declaration : business.toolsOrEmpty()) {
      String header = null;
      String value = null;
      if (declaration.auth() != null) {
        header = declaration.auth().header();
        value = env.apply(declaration.auth().env());
        if (value == null || value.isBlank()) {
          missing.add(declaration.auth().env() + " (auth header " + header + " of tool " + declaration.name() + ")");
          continue;
        }
      }
      Map<String, Object> parameters = declaration.parameters() == null
          ? Map.of("type", "object", "properties", Map.of()) : new LinkedHashMap<>(declaration.parameters());
      ToolSpec spec = new ToolSpec(declaration.name(), declaration.description().strip(), parameters,
          ToolDeclarations.timeout(declaration));
      tools.add(new HttpTool(spec, URI.create(declaration.url()), header, value, http));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("business file tools need environment variables that are not set: " + String.join(", ", missing));
    }
    return tools;
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public CompletableFuture<String> call(ToolCall call) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(spec.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header(CONVERSATION_HEADER, call.conversationId())
        .POST(HttpRequest.BodyPublishers.ofString(call.arguments(), StandardCharsets.UTF_8));
    if (authHeader != null) {
      request.header(authHeader, authValue);
    }
    CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    CompletableFuture<String> result = sent.thenApply(response -> {
      if (response.statusCode() / 100 != 2) {
        throw new ToolFailure(spec.name() + " answered HTTP " + response.statusCode());
      }
      return response.body();
    });
    // Cancelling or timing out the result must abort the request itself (a dependent future does not).
    result.whenComplete((body, error) -> {
      if (error != null) {
        sent.cancel(true);
      }
    });
    return result;
  }

  @Override
  public String toString() {
    return "HttpTool[" + spec.name() + " -> " + url + (authHeader == null ? "" : ", " + authHeader + ": (set)") + "]";
  }

  /** A tool answered, but not with a result. */
  static final class ToolFailure extends RuntimeException {
    ToolFailure(String message) {
      super(message, null, false, false);
    }
  }
}
