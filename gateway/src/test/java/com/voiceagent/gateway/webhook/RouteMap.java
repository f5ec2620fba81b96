package com.voiceagent.gateway.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of an app as (method, path pattern, conditions, handler), and which of them collide: the
 * same method (or "any method") on the same pattern with the same extra conditions (produces, consumes,
 * params, headers), where path variable names do not count ({id} = {sid}). Routes that differ only in
 * such conditions are Spring's deliberate variants (e.g. /error as HTML and as JSON), not conflicts.
 */
final class RouteMap {
  record Route(String method, String pattern, String conditions, String handler) {
    Route(String method, String pattern, String handler) {
      this(method, pattern, "", handler);
    }

    String shape() {
      return pattern.replaceAll("\\{[^}]*}", "{}");
    }

    @Override
    public String toString() {
      return method + " " + pattern + (conditions.isEmpty() ? "" : " " + conditions) + " -> " + handler;
    }
  }

  static List<String> conflicts(List<Route> routes) {
    Map<String, List<Route>> byShape = new LinkedHashMap<>();
    for (Route route : routes) {
      byShape.computeIfAbsent(route.shape(), k -> new ArrayList<>()).add(route);
    }
    List<String> conflicts = new ArrayList<>();
    byShape.forEach((shape, sameShape) -> {
      for (int i = 0; i < sameShape.size(); i++) {
        for (int j = i + 1; j < sameShape.size(); j++) {
          Route a = sameShape.get(i);
          Route b = sameShape.get(j);
          boolean sameMethod = a.method().equals(b.method()) || a.method().equals("ANY") || b.method().equals("ANY");
          if (sameMethod && a.conditions().equals(b.conditions())) {
            conflicts.add(a + "  <->  " + b);
          }
        }
      }
    });
    return conflicts;
  }

  private RouteMap() {}
}
