package com.voiceagent.console;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the console ({@code voice.console.*}). Its port is {@code server.port} (CONSOLE_PORT) and its
 * tokens are edge's {@code voice.edge.api-tokens} (CONSOLE_API_TOKEN), both bound in console.yml.
 *
 * @param kafkaBootstrapServers the broker whose topics are shown (KAFKA_BOOTSTRAP_SERVERS)
 * @param history how far back the topics are read at start (CONSOLE_HISTORY)
 * @param maxCalls calls kept in memory, audio included (about 1.5 MB per minute of call); the oldest are forgotten
 *     first (CONSOLE_MAX_CALLS)
 * @param lastTurns turns shown under each call of the live page
 * @param keepAlive how often an idle live stream gets a comment, so proxies keep it open and a gone browser is noticed
 */
@Validated
@ConfigurationProperties("voice.console")
public record ConsoleSettings(
    @DefaultValue("localhost:9092") @NotBlank(message = "voice.console.kafka-bootstrap-servers (KAFKA_BOOTSTRAP_SERVERS) must name a broker")
    String kafkaBootstrapServers,
    @DefaultValue("6h") @NotNull Duration history,
    @DefaultValue("100") @Min(value = 1, message = "voice.console.max-calls (CONSOLE_MAX_CALLS) must be at least 1")
    @Max(value = 100_000, message = "voice.console.max-calls (CONSOLE_MAX_CALLS) must be at most 100000") int maxCalls,
    @DefaultValue("3") @Min(value = 1, message = "voice.console.last-turns must be at least 1") int lastTurns,
    @DefaultValue("15s") @NotNull Duration keepAlive) {

  public ConsoleSettings {
    if (history != null && history.isNegative()) {
      throw new IllegalArgumentException("voice.console.history (CONSOLE_HISTORY) must not be negative, was " + history);
    }
  }
}
