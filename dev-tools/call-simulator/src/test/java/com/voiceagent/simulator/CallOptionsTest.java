package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallOptionsTest {
  @TempDir Path home;

  private CallOptions parse(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--voice-home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CallOptions.parse(all, env);
  }

  @Test
  void theDefaultsMatchALocalVoiceUp() throws Exception {
    Files.writeString(home.resolve("twilio-auth-token"), "abc\n");

    CallOptions o = parse(Map.of(), "q.wav");

    assertThat(o.wav()).isEqualTo(Path.of("q.wav"));
    assertThat(o.gateway()).isEqualTo("localhost:8080");
    assertThat(o.publicHost()).isEqualTo("localhost:8080");
    assertThat(o.kafka()).isEqualTo("localhost:9092");
    assertThat(o.authToken()).isEqualTo("abc");
    assertThat(o.turns()).isEqualTo(1);
    assertThat(o.maxDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.out()).isEqualTo(Path.of("agent-reply.wav"));
    assertThat(o.accountSid()).matches("AC[0-9a-f]{32}");
  }

  @Test
  void aRunningVoiceUpTellsWhereItListens() throws Exception {
    Files.writeString(home.resolve("twilio-auth-token"), "abc\n");
    Files.writeString(home.resolve("run.properties"), "gateway=localhost:18080\npublicHost=x.ngrok.app\nkafka=localhost:19092\n");

    CallOptions o = parse(Map.of(), "q.wav");

    assertThat(o.gateway()).isEqualTo("localhost:18080");
    assertThat(o.publicHost()).isEqualTo("x.ngrok.app");
    assertThat(o.kafka()).isEqualTo("localhost:19092");
  }

  @Test
  void optionsWinOverTheEnvironmentWhichWinsOverTheRunFile() throws Exception {
    Files.writeString(home.resolve("run.properties"), "gateway=localhost:18080\n");
    Map<String, String> env = Map.of("GATEWAY_PORT", "28080", "TWILIO_AUTH_TOKEN", "env-token", "PUBLIC_HOST", "p.example");

    assertThat(parse(env, "q.wav").gateway()).isEqualTo("localhost:28080");
    assertThat(parse(env, "q.wav").authToken()).isEqualTo("env-token");
    CallOptions o = parse(env, "q.wav", "--gateway", "h:1", "--auth-token", "cli", "--public-host=pub", "--kafka", "none",
        "--turns", "3", "--max-seconds", "20", "--linger-ms", "500", "--out", "o.wav");
    assertThat(o.gateway()).isEqualTo("h:1");
    assertThat(o.authToken()).isEqualTo("cli");
    assertThat(o.publicHost()).isEqualTo("pub");
    assertThat(o.kafka()).isNull();
    assertThat(o.turns()).isEqualTo(3);
    assertThat(o.maxDuration()).hasSeconds(20);
    assertThat(o.linger()).hasMillis(500);
    assertThat(o.out()).isEqualTo(Path.of("o.wav"));
  }

  @Test
  void withoutAnyTokenTheMessageSaysWhereOneComesFrom() {
    assertThatThrownBy(() -> parse(Map.of(), "q.wav"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no Twilio auth token: start ./voice up first");
  }

  @Test
  void mistakesOnTheCommandLineAreNamed() {
    Map<String, String> env = Map.of("TWILIO_AUTH_TOKEN", "t");
    assertThatThrownBy(() -> parse(env)).hasMessageStartingWith("which WAV file should the caller say?");
    assertThatThrownBy(() -> parse(env, "q.wav", "--turn", "2")).hasMessageStartingWith("unknown option --turn");
    assertThatThrownBy(() -> parse(env, "q.wav", "--turns")).hasMessage("--turns needs a value");
    assertThatThrownBy(() -> parse(env, "q.wav", "--turns", "two")).hasMessage("--turns must be a whole number, was 'two'");
    assertThatThrownBy(() -> parse(env, "q.wav", "--turns", "0")).hasMessage("--turns must be at least 1, was 0");
    assertThatThrownBy(() -> parse(env, "a.wav", "b.wav")).hasMessage("only one WAV file per call, got a.wav and b.wav");
  }

  @Test
  void theTokenNeverAppearsInTheDescription() {
    assertThat(parse(Map.of("TWILIO_AUTH_TOKEN", "s3cr3t"), "q.wav").toString()).doesNotContain("s3cr3t");
  }
}
