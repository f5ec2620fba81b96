package com.voiceagent.launcher;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one start does with the services' AOT caches ({@link AotCache}), decided before any service starts.
 *
 * @param train whether a training run makes the missing caches first
 * @param use the modules whose instances map their cache (after training: those it made)
 * @param reason printed at startup
 */
record AotPlan(boolean train, Set<String> use, String reason) {

  AotPlan {
    use = Set.copyOf(use);
  }

  /**
   * Trains only when nothing else warms the first calls: with engines that bill per request the launcher places no
   * warm-up calls, and the training run talks to local stand-ins of those engines instead, so it costs nothing. With
   * the offline engines the warm-up calls do that job, and a start does not wait for a training run.
   *
   * @param current whether a module has a cache made from its current build
   */
  static AotPlan decide(LauncherSettings settings, Runtime.Version jdk, List<String> modules, Predicate<String> current) {
    if (settings.aotCache() == LauncherSettings.AotCacheMode.OFF) {
      return new AotPlan(false, Set.of(), "VOICE_AOT_CACHE=off");
    }
    if (!AotCache.jdkSupportsIt(jdk)) {
      return new AotPlan(false, Set.of(), "the services run on JDK " + jdk.feature() + "; AOT caches need JDK "
          + AotCache.FIRST_JDK);
    }
    List<String> missing = modules.stream().filter(current.negate()).toList();
    if (missing.isEmpty()) {
      return new AotPlan(false, Set.copyOf(modules), "every service maps the AOT cache of its current build");
    }
    if (!settings.billedEngines().isEmpty()) {
      return new AotPlan(true, Set.copyOf(modules), "no AOT cache for this build of " + String.join(", ", missing)
          + ", and no warm-up calls (" + String.join(", ", settings.billedEngines()) + " is set): a training run"
          + " against local stand-ins of the engines makes them first (once per build; VOICE_AOT_CACHE=off skips it)");
    }
    Set<String> ready = Set.copyOf(modules.stream().filter(current).toList());
    return new AotPlan(false, ready, "no AOT cache for this build of " + String.join(", ", missing)
        + ": the warm-up calls warm them instead");
  }
}
