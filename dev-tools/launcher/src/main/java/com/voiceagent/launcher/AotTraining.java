package com.voiceagent.launcher;

import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The training run of the AOT caches: one instance of each service, started as it will run but recording what it
 * loads, its engines pointed at the local stand-ins of OpenAI and Google TTS (the vendor fixtures, answering at
 * once) instead of the paid services, so the training costs nothing; then the warm-up calls, then a graceful stop,
 * which writes each configuration; then each cache is made from its configuration. A training run that fails is
 * reported and the system starts without the caches it could not make.
 */
final class AotTraining {
  static final int CALLS = LauncherSettings.DEFAULT_WARM_UP_CALLS;
  /** The JVM writes its configuration while it exits: 85-115 MB per service. */
  static final Duration STOP_GRACE = Duration.ofMinutes(2);

  private final LauncherSettings settings;
  private final AotCache cache;
  private final PrintStream console;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private volatile boolean aborted;

  AotTraining(LauncherSettings settings, AotCache cache, PrintStream console) {
    this.settings = settings.withOneInstanceEach();
    this.cache = cache;
    this.console = console;
  }

  /** Trains every module's cache; returns the modules that got one. */
  List<String> run(String twilioAuthToken, String postgresJdbcUrl) {
    Instant started = Instant.now();
    console.println("[voice] AOT training run: the services start against local stand-ins of the engines and answer "
        + CALLS + " calls; logs in " + logs() + " ...");
    try (OpenAiFixture openAi = OpenAiFixture.start(LatencyModel.instant());
        GoogleTtsFixture google = GoogleTtsFixture.start(LatencyModel.instant())) {
      Map<String, String> engines = Map.of(
          "OPENAI_API_KEY", "aot-training", "OPENAI_BASE_URL", openAi.baseUrl(), "GOOGLE_TTS_ENDPOINT", google.endpoint());
      List<ServiceInstance> instances = ServiceInstance.all(settings, twilioAuthToken, postgresJdbcUrl);
      try {
        startAll(instances, engines);
        if (!aborted) {
          WarmUp.place(settings, CALLS, "AOT training", twilioAuthToken, logs().resolve("warm-up.log"), console,
              children::add);
        }
      } finally {
        stopAll();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the engines' stand-ins for the AOT training run: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      console.println("[voice] the AOT training run failed (" + e.getMessage() + "); starting without the caches it"
          + " did not make");
    }
    List<String> made = new ArrayList<>();
    for (ServiceInstance instance : ServiceInstance.all(settings, twilioAuthToken, postgresJdbcUrl)) {
      if (aborted) {
        break;
      }
      String failure = cache.create(settings.serviceJvmOptions(), instance.service(), instance.jar(),
          logs().resolve(instance.service() + "-create.log"));
      if (failure == null) {
        made.add(instance.service());
      } else {
        console.println("[voice] no AOT cache for " + instance.service() + ": " + failure);
      }
    }
    console.println("[voice] AOT caches made for " + made + " in " + Duration.between(started, Instant.now()).toSeconds() + " s");
    return made;
  }

  /** Ctrl-C while training: stop the training's processes too. */
  void abort() {
    aborted = true;
    stopAll();
  }

  private void startAll(List<ServiceInstance> instances, Map<String, String> engines) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (ServiceInstance instance : instances) {
      Map<String, String> env = new LinkedHashMap<>(instance.environment());
      env.putAll(engines);
      ChildProcess child = ChildProcess.start("aot-" + instance.id(),
          cache.recordCommand(settings.serviceJvmOptions(), instance.service(), instance.jar()), env, settings.repoRoot(),
          logs().resolve(instance.id() + ".log"), console, line -> false);
      children.add(child);
      ready.add(CompletableFuture.runAsync(() -> instance.readyWhen().await(child, settings.startupTimeout()),
          task -> Thread.ofVirtual().start(task)));
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new IllegalStateException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
    }
  }

  private void stopAll() {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ChildProcess child : children) {
      stops.add(CompletableFuture.runAsync(() -> child.stop(STOP_GRACE), task -> Thread.ofVirtual().start(task)));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    children.clear();
  }

  private java.nio.file.Path logs() {
    return settings.logs().resolve("aot-training");
  }
}
