package com.voiceagent.edge;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** Path patterns (Spring PathPattern syntax, e.g. /webhook/**) matched against the path inside the app. */
public final class PathPatterns {
  private final List<PathPattern> patterns;

  public PathPatterns(List<String> patterns) {
    this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  public boolean matches(HttpServletRequest request) {
    return matches(pathWithinApplication(request));
  }

  public boolean matches(String path) {
    PathContainer container = PathContainer.parsePath(path);
    for (PathPattern pattern : patterns) {
      if (pattern.matches(container)) {
        return true;
      }
    }
    return false;
  }

  public static String pathWithinApplication(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
