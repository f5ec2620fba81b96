package com.voiceagent.analyst;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments: {@code --name value} (or {@code --name=value}) options, {@code --switch} flags
 * and the positional rest. An option the command does not know is refused with its usage, never ignored.
 */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> switches = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param withValue option names that take a value
   * @param flags option names that take none
   */
  static Args parse(List<String> args, Set<String> withValue, Set<String> flags) {
    Args parsed = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        parsed.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && value == null) {
        parsed.switches.add(name);
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        parsed.values.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    return parsed;
  }

  String value(String name) {
    return values.get(name);
  }

  boolean has(String flag) {
    return switches.contains(flag);
  }

  List<String> positional() {
    return List.copyOf(positional);
  }

  /** An option given as a duration: {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}; null when absent. */
  Duration duration(String name) {
    String text = values.get(name);
    if (text == null) {
      return null;
    }
    return durationOf(name, text);
  }

  static Duration durationOf(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (!t.matches("[0-9]{1,6}[smhd]")) {
      throw new IllegalArgumentException("--" + name + " must be a number and a unit (s, m, h or d), like 2h or 7d, was '"
          + text + "'");
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
