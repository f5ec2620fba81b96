package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTwilioTokenTest {
  @TempDir Path home;

  @Test
  void withoutATokenALocalOneIsGeneratedAndKeptForTheOwnerOnly() throws Exception {
    LocalTwilioToken.Token token = LocalTwilioToken.resolve(null, home);

    assertThat(token.source()).isEqualTo(LocalTwilioToken.Source.GENERATED);
    assertThat(token.value()).matches("[0-9a-f]{32}");
    Path file = home.resolve("twilio-auth-token");
    assertThat(Files.readString(file).trim()).isEqualTo(token.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void theGeneratedTokenIsReusedOnTheNextStart() {
    String first = LocalTwilioToken.resolve(null, home).value();
    LocalTwilioToken.Token second = LocalTwilioToken.resolve(null, home);

    assertThat(second.value()).isEqualTo(first);
    assertThat(second.source()).isEqualTo(LocalTwilioToken.Source.REUSED);
  }

  @Test
  void aRealTokenFromTheEnvironmentIsUsedAndNeverWrittenToDisk() {
    LocalTwilioToken.resolve(null, home);
    LocalTwilioToken.Token token = LocalTwilioToken.resolve("real-secret", home);

    assertThat(token.value()).isEqualTo("real-secret");
    assertThat(token.source()).isEqualTo(LocalTwilioToken.Source.ENVIRONMENT);
    assertThat(home.resolve("twilio-auth-token")).doesNotExist();
    assertThat(token.toString()).doesNotContain("real-secret");
  }
}
