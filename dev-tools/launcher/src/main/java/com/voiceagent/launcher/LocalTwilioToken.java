package com.voiceagent.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The Twilio auth token of a local run. Signature validation stays on locally: when TWILIO_AUTH_TOKEN is
 * not set, a random development token is generated, given to the gateway and whatsapp-service, and kept
 * in {@code .voice/twilio-auth-token} (owner-only) so that the call simulator can sign its requests the
 * way Twilio does. The file is reused on the next start so a running simulator keeps working. A token
 * given in TWILIO_AUTH_TOKEN is a real secret and is never written anywhere.
 */
final class LocalTwilioToken {
  static final String FILE_NAME = "twilio-auth-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where the token came from, for the startup summary (never the token itself). */
  enum Source { ENVIRONMENT, GENERATED, REUSED }

  record Token(String value, Source source, Path file) {
    @Override
    public String toString() { // never print the secret
      return "Token[source=" + source + ", file=" + file + "]";
    }
  }

  private LocalTwilioToken() {}

  static Token resolve(String fromEnvironment, Path home) {
    Path file = home.resolve(FILE_NAME);
    try {
      Files.createDirectories(home);
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        // A real token is never written to disk; a stale generated one would make the simulator sign with
        // the wrong key, so it goes (the simulator then asks for TWILIO_AUTH_TOKEN explicitly).
        Files.deleteIfExists(file);
        return new Token(fromEnvironment.trim(), Source.ENVIRONMENT, null);
      }
      if (Files.isRegularFile(file)) {
        String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (existing.matches("[0-9a-f]{32}")) {
          return new Token(existing, Source.REUSED, file);
        }
      }
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      String generated = HexFormat.of().formatHex(bytes); // 32 hex characters, like a real token
      write(file, generated);
      return new Token(generated, Source.GENERATED, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the local Twilio auth token in " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String token) throws IOException {
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
