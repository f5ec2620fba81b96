package com.voiceagent.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What has been started so far, stopped in the order that loses nothing: the services first (they
 * flush their producers and commit their offsets while the broker is still there), then the broker, then
 * PostgreSQL. Safe to close from the shutdown hook while the startup is still going on.
 */
final class RunningSystem implements AutoCloseable {
  static final Duration SERVICE_GRACE = Duration.ofSeconds(20);

  private final PrintStream console;
  private final List<ChildProcess> services = new ArrayList<>();
  private KafkaBroker broker;
  private LocalPostgres postgres;
  private boolean closing;

  RunningSystem(PrintStream console) {
    this.console = console;
  }

  synchronized boolean closing() {
    return closing;
  }

  /** @return false if the system is already stopping (the caller must not start anything more) */
  synchronized boolean add(ChildProcess service) {
    services.add(service);
    return !closing;
  }

  synchronized boolean setBroker(KafkaBroker broker) {
    this.broker = broker;
    return !closing;
  }

  synchronized boolean setPostgres(LocalPostgres postgres) {
    this.postgres = postgres;
    return !closing;
  }

  synchronized List<ChildProcess> children() {
    List<ChildProcess> all = new ArrayList<>(services);
    if (broker != null && broker.process() != null) {
      all.add(broker.process());
    }
    return all;
  }

  @Override
  public void close() {
    List<ChildProcess> toStop;
    KafkaBroker brokerToStop;
    LocalPostgres postgresToStop;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      toStop = List.copyOf(services);
      brokerToStop = broker;
      postgresToStop = postgres;
    }
    if (!toStop.isEmpty()) {
      console.println("[voice] stopping " + toStop.stream().map(ChildProcess::name).toList() + " ...");
      CompletableFuture.allOf(toStop.stream()
          .map(child -> CompletableFuture.runAsync(() -> child.stop(SERVICE_GRACE)))
          .toArray(CompletableFuture[]::new)).join();
    }
    if (brokerToStop != null) {
      console.println("[voice] stopping Kafka ...");
      brokerToStop.close();
    }
    if (postgresToStop != null) {
      console.println("[voice] stopping PostgreSQL ...");
      try {
        postgresToStop.close();
      } catch (RuntimeException e) {
        console.println("[voice] " + e.getMessage());
      }
    }
    console.println("[voice] stopped");
  }
}
