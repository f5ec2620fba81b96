package com.voiceagent.dialog.scripted;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * The rules for the business file's {@code tools:} section, checked at startup so a mistake is a clear
 * error before the first call rather than a tool that silently never works.
 */
public final class ToolDeclarations {
  /** OpenAI's rule for function names. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
  /** Reserved for the LLM engine's own tool. */
  static final Set<String> RESERVED = Set.of("end_call", "transfer_call");

  private ToolDeclarations() {}

  static List<String> errors(List<Business.ToolDeclaration> tools) {
    List<String> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      Business.ToolDeclaration tool = tools.get(i);
      String at = "tools[" + i + "]" + (tool.name() == null ? "" : " (" + tool.name() + ")");
      if (tool.name() == null || !NAME.matcher(tool.name()).matches()) {
        errors.add(at + ".name must be 1-64 letters, digits, _ or -");
      } else if (RESERVED.contains(tool.name())) {
        errors.add(at + ".name '" + tool.name() + "' is reserved");
      } else if (!names.add(tool.name())) {
        errors.add(at + ".name is used twice");
      }
      if (tool.description() == null || tool.description().isBlank()) {
        errors.add(at + ".description is missing (the LLM decides from it when to call the tool)");
      }
      if (tool.parameters() != null && !"object".equals(tool.parameters().get("type"))) {
        errors.add(at + ".parameters must be a JSON schema of type: object");
      }
      urlError(tool.url()).ifPresent(e -> errors.add(at + ".url " + e));
      try {
        Duration timeout = timeout(tool);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
          errors.add(at + ".timeout must be above 0 and at most " + MAX_TIMEOUT.toSeconds() + "s");
        }
      } catch (IllegalArgumentException e) {
        errors.add(at + ".timeout '" + tool.timeout() + "' is not a duration such as 3s or 800ms");
      }
      if (tool.auth() != null) {
        if (tool.auth().header() == null || !HEADER.matcher(tool.auth().header()).matches()) {
          errors.add(at + ".auth.header must be an HTTP header name");
        }
        if (tool.auth().env() == null || !ENV.matcher(tool.auth().env()).matches()) {
          errors.add(at + ".auth.env must name the environment variable that holds the header's value");
        }
      }
    }
    return errors;
  }

  /** The declared timeout, or the default. */
  public static Duration timeout(Business.ToolDeclaration tool) {
    return tool.timeout() == null || tool.timeout().isBlank() ? DEFAULT_TIMEOUT : DurationStyle.detectAndParse(tool.timeout());
  }

  private static java.util.Optional<String> urlError(String url) {
    if (url == null || url.isBlank()) {
      return java.util.Optional.of("is missing");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return java.util.Optional.of("'" + url + "' is not a URL");
    }
    if (uri.getHost() == null) {
      return java.util.Optional.of("'" + url + "' has no host");
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return java.util.Optional.empty();
    }
    if ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost())) {
      return java.util.Optional.empty(); // a local fixture or sidecar: nothing leaves the machine
    }
    return java.util.Optional.of("'" + url + "' must be https (plain http only on loopback: 127.0.0.1, localhost, ::1)");
  }

  private static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost: never resolved here, DNS could point it anywhere
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
