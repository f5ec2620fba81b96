package com.voiceagent.dialog.scripted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the scripted engine talks to a tool: the intent's argument templates filled from the caller's words
 * ({@code {said}}, {@code {said.day}}), and the reply template filled from the tool's result
 * ({@code {result}}, {@code {result.confirmation}}, nested {@code {result.slot.time}}).
 */
final class ToolReplies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RESULT_FIELD = Pattern.compile("\\{result\\.([A-Za-z0-9_.-]+)}");
  /** A day as callers say it: "ביום שלישי", "שלישי", "מחר", "היום". */
  private static final Pattern DAY = Pattern.compile(
      "(?<![\\p{L}])(?:ב|ל)?(?:יום\\s+)?(ראשון|שני|שלישי|רביעי|חמישי|שישי|מחרתיים|מחר|היום)(?![\\p{L}])");

  private ToolReplies() {}

  /** The tool's arguments: each template with the caller's words filled in. */
  static Map<String, String> arguments(Map<String, String> templates, String said, Business business) {
    Map<String, String> arguments = new LinkedHashMap<>();
    templates.forEach((name, template) -> arguments.put(name, business.render(template
        .replace("{said.day}", day(said))
        .replace("{said}", said == null ? "" : said.strip()))));
    return arguments;
  }

  /** The arguments as the JSON object the tool receives. */
  static String json(Map<String, String> arguments) {
    try {
      return JSON.writeValueAsString(arguments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write tool arguments", e);
    }
  }

  /** The first day the caller named, or "" when none. */
  static String day(String said) {
    Matcher m = DAY.matcher(said == null ? "" : said);
    return m.find() ? m.group(1) : "";
  }

  /** The reply template with the result's fields; a field the result lacks becomes "". */
  static String render(String template, String result) {
    JsonNode json = parse(result);
    Matcher m = RESULT_FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode node = json;
      for (String part : m.group(1).split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      String value = node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().replace("{result}", json != null && json.isTextual() ? json.asText() : result.strip());
  }

  private static JsonNode parse(String result) {
    try {
      return JSON.readTree(result);
    } catch (JsonProcessingException e) {
      return null; // plain text: only {result} means anything
    }
  }
}
