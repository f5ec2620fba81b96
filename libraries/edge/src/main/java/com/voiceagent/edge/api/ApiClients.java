package com.voiceagent.edge.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The API's clients, one per configured bearer token. */
public final class ApiClients {
  private record Known(byte[] digest, ApiClient client) {}

  private final List<Known> known;

  public ApiClients(List<String> tokens) {
    this.known = tokens.stream().map(token -> {
      byte[] digest = sha256(token);
      return new Known(digest, new ApiClient("client-" + HexFormat.of().formatHex(digest, 0, 4)));
    }).toList();
  }

  public boolean none() {
    return known.isEmpty();
  }

  public int count() {
    return known.size();
  }

  /**
   * The client whose token was presented. Digests of equal length are compared, every one of them, in
   * constant time: neither the time taken nor a length difference tells how much of a guess was right.
   */
  public Optional<ApiClient> identify(String presentedToken) {
    byte[] presented = sha256(presentedToken == null ? "" : presentedToken);
    ApiClient found = null;
    for (Known candidate : known) {
      if (MessageDigest.isEqual(candidate.digest(), presented) && found == null) {
        found = candidate.client();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
