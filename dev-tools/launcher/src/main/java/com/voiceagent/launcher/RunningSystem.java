package com.voiceagent.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What has been started so far, stopped in the order that loses nothing: the services first (they flush
 * their producers and commit their offsets while the broker is still there), then nginx (it let their last
 * answers through), then the brokers, then PostgreSQL. Safe to close from the shutdown hook while the
 * startup is still going on.
 *
 * <p>A second {@link #close()} waits for the first to finish: the JVM halts as soon as its shutdown hook returns,
 * so a hook that returned while the main thread was still stopping things left Kafka and PostgreSQL running.
 */
final class RunningSystem implements AutoCloseable {
  static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
  static final Duration NGINX_GRACE = Duration.ofSeconds(5);
  static final Duration BROKER_GRACE = Duration.ofSeconds(30);

  private final PrintStream console;
  private final ProcessTable table;
  private final List<Supervisor> services = new ArrayList<>();
  private final List<Supervisor> brokers = new ArrayList<>();
  private Supervisor nginx;
  private LocalPostgres postgres;
  private boolean closing;
  private final CountDownLatch closed = new CountDownLatch(1);

  RunningSystem(PrintStream console, ProcessTable table) {
    this.console = console;
    this.table = table;
  }

  synchronized boolean closing() {
    return closing;
  }

  /** @return false if the system is already stopping (the caller must not start anything more) */
  synchronized boolean addService(Supervisor service) {
    services.add(service);
    return !closing;
  }

  synchronized boolean addBroker(Supervisor broker) {
    brokers.add(broker);
    return !closing;
  }

  synchronized boolean setNginx(Supervisor nginx) {
    this.nginx = nginx;
    return !closing;
  }

  synchronized boolean setPostgres(LocalPostgres postgres) {
    this.postgres = postgres;
    return !closing;
  }

  @Override
  public void close() {
    List<Supervisor> servicesToStop;
    List<Supervisor> brokersToStop;
    Supervisor nginxToStop;
    LocalPostgres postgresToStop;
    boolean alreadyClosing;
    synchronized (this) {
      alreadyClosing = closing;
      closing = true;
      servicesToStop = List.copyOf(services);
      brokersToStop = List.copyOf(brokers);
      nginxToStop = nginx;
      postgresToStop = postgres;
    }
    if (alreadyClosing) {
      awaitClosed(); // outside the lock: the first close may need it
      return;
    }
    try {
      stopInOrder(servicesToStop, nginxToStop, brokersToStop, postgresToStop);
    } finally {
      closed.countDown();
    }
  }

  private void stopInOrder(List<Supervisor> servicesToStop, Supervisor nginxToStop, List<Supervisor> brokersToStop,
      LocalPostgres postgresToStop) {
    if (!servicesToStop.isEmpty()) {
      console.println("[voice] stopping " + servicesToStop.stream().map(s -> s.identity().name()).toList() + " ...");
      stopTogether(servicesToStop, SERVICE_GRACE);
    }
    if (nginxToStop != null) {
      console.println("[voice] stopping nginx ...");
      nginxToStop.stop(NGINX_GRACE);
    }
    if (!brokersToStop.isEmpty()) {
      console.println("[voice] stopping Kafka ...");
      stopTogether(brokersToStop, BROKER_GRACE);
    }
    if (postgresToStop != null) {
      console.println("[voice] stopping PostgreSQL ...");
      try {
        postgresToStop.close();
      } catch (RuntimeException e) {
        console.println("[voice] " + e.getMessage());
      }
    }
    table.delete();
    console.println("[voice] stopped");
  }

  private void awaitClosed() {
    boolean interrupted = false;
    while (true) {
      try {
        closed.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the stop goes on regardless; the interrupt is kept for the caller
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** On threads of their own: waiting for a process to exit blocks, and the common pool has one thread on 2 cores. */
  private static void stopTogether(List<Supervisor> supervisors, Duration grace) {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      supervisors.forEach(s -> threads.execute(() -> s.stop(grace)));
    }
  }
}
