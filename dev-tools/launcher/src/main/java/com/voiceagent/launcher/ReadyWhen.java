package com.voiceagent.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * How the launcher tells that a process it started is ready for work. Each check returns once it is,
 * or throws {@link ChildFailedException} when the process exits first or the time is up.
 */
@FunctionalInterface
interface ReadyWhen {
  Duration PROBE_PAUSE = Duration.ofMillis(250);

  void await(ChildProcess child, Duration timeout);

  /** The process printed a line matching the pattern (Spring Boot's "Started ...", Kafka's "Kafka Server started"). */
  static ReadyWhen printed(Pattern line) {
    return (child, timeout) -> awaitLine(child, line, timeout);
  }

  /** The startup line, then {@code GET health} answers 200: a gateway that logged its start may not serve yet. */
  static ReadyWhen printedAndHealthy(Pattern line, URI health) {
    return (child, timeout) -> {
      Instant deadline = Instant.now().plus(timeout);
      awaitLine(child, line, timeout);
      probeHealth(child, health, deadline);
    };
  }

  /** The process accepts TCP connections on the port (nginx prints nothing when it starts well). */
  static ReadyWhen listening(int port) {
    return (child, timeout) -> {
      Instant deadline = Instant.now().plus(timeout);
      IOException last = null;
      while (Instant.now().isBefore(deadline) && child.isAlive()) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
          return;
        } catch (IOException e) {
          last = e;
        }
        pause();
      }
      throw new ChildFailedException(child, child.isAlive()
          ? child.name() + " did not listen on port " + port + " within " + timeout.toSeconds() + " s (" + last + ")"
          : child.name() + " exited while starting (exit " + child.onExit().join().exitValue() + ")");
    };
  }

  private static void awaitLine(ChildProcess child, Pattern pattern, Duration timeout) {
    CompletableFuture<String> line = child.lineMatching(pattern);
    try {
      CompletableFuture.anyOf(line, child.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ChildFailedException(child, child.name() + " did not start within " + timeout.toSeconds()
          + " s (VOICE_STARTUP_TIMEOUT)");
    } catch (ExecutionException e) {
      throw new ChildFailedException(child, child.name() + " exited while starting");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildFailedException(child, "interrupted while waiting for " + child.name());
    }
    if (!line.isDone() || line.isCompletedExceptionally()) {
      throw new ChildFailedException(child, child.name() + " exited while starting (exit "
          + (child.isAlive() ? "?" : child.onExit().join().exitValue()) + ")");
    }
  }

  private static void probeHealth(ChildProcess child, URI health, Instant deadline) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
    String last = "no answer";
    while (Instant.now().isBefore(deadline) && child.isAlive()) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pause();
    }
    throw new ChildFailedException(child, child.name() + " started but " + health + " did not answer 200 (" + last + ")");
  }

  /** Started but not serving yet: ask again shortly; this is a startup probe, not the hot path. */
  private static void pause() {
    try {
      Thread.sleep(PROBE_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
