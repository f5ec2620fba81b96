package com.voiceagent.platform;

import java.net.InetAddress;
import java.util.Locale;
import java.util.UUID;

/**
 * This process's instance id, stable for its lifetime: {@code voice.platform.instance-id}, else the
 * {@code INSTANCE_ID} environment variable, else hostname plus a random suffix. It is a topic-name fragment (the gateway's reply
 * topic), so it is restricted to [a-z0-9-].
 */
public final class InstanceIdentity {
  private final String id;
  private final boolean stable;

  public InstanceIdentity(String configured) {
    String fromEnv = System.getenv("INSTANCE_ID");
    this.stable = (configured != null && !configured.isBlank()) || (fromEnv != null && !fromEnv.isBlank());
    String chosen = configured != null && !configured.isBlank() ? configured
        : fromEnv != null && !fromEnv.isBlank() ? fromEnv : generated();
    String safe = chosen.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (safe.isBlank() || safe.length() > 100) {
      throw new IllegalArgumentException("voice.platform.instance-id must be 1-100 characters of [a-z0-9-], was '" + configured + "'");
    }
    this.id = safe;
  }

  public String id() {
    return id;
  }

  /**
   * Whether the id was configured, so a restarted instance comes back under the same id (and takes its own
   * place in its consumer groups at once) rather than under a new random one.
   */
  public boolean stable() {
    return stable;
  }

  private static String generated() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "host";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public String toString() {
    return id;
  }
}
