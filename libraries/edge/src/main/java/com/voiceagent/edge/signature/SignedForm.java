package com.voiceagent.edge.signature;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * The POSTed form fields of a Twilio webhook as Twilio signed them: every value of every key. The servlet
 * container merges the query string into the parameters, but the query is part of the signed URL, so its
 * values are taken out again. Reading the parameters does not consume the body for the controller.
 */
final class SignedForm {
  /** Keys that name what a webhook is about; Twilio never repeats them, and a controller must not see two. */
  static final List<String> IDENTIFYING_KEYS = List.of("CallSid", "MessageSid", "AccountSid");

  private final Map<String, List<String>> values;

  private SignedForm(Map<String, List<String>> values) {
    this.values = values;
  }

  static SignedForm of(HttpServletRequest request) {
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !isForm(request.getContentType())) {
      return new SignedForm(Map.of());
    }
    Map<String, List<String>> queryValues = parseQuery(request.getQueryString());
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
      List<String> formValues = new ArrayList<>(List.of(entry.getValue()));
      for (String fromQuery : queryValues.getOrDefault(entry.getKey(), List.of())) {
        formValues.remove(fromQuery);
      }
      if (!formValues.isEmpty()) {
        values.put(entry.getKey(), List.copyOf(formValues));
      }
    }
    return new SignedForm(values);
  }

  /**
   * The first identifying key the request carries more than once, query and form together (Spring would
   * join the values with a comma: "CA1,OTHER"), or null.
   */
  static String repeatedIdentifyingKey(HttpServletRequest request) {
    for (String key : IDENTIFYING_KEYS) {
      String[] given = request.getParameterValues(key);
      if (given != null && given.length > 1) {
        return key;
      }
    }
    return null;
  }

  /**
   * The fields in the one-value-per-key form twilio-java's RequestValidator takes, with the same data
   * string as Twilio's: for a repeated key Twilio appends key+value for each value, values sorted, and
   * RequestValidator appends key+value once per key. So the values of a repeated key are joined with the
   * key itself: v1 + key + v2 gives key v1 key v2 once the validator puts the key in front.
   */
  Map<String, String> forValidator() {
    Map<String, String> params = new LinkedHashMap<>();
    values.forEach((key, keyValues) -> {
      List<String> sorted = keyValues.stream().sorted().toList();
      params.put(key, String.join(key, sorted));
    });
    return params;
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
    } catch (RuntimeException e) {
      return contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }
  }

  private static Map<String, List<String>> parseQuery(String query) {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> values = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }
}
