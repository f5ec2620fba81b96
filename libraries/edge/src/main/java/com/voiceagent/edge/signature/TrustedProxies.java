package com.voiceagent.edge.signature;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.util.NetMaskSet;

/**
 * The proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES): addresses or CIDR blocks,
 * matched with Tomcat's own NetMask. A header anyone else sends could name any host, and the signature
 * would then be checked against a URL the client chose.
 */
public final class TrustedProxies {
  /** IP literals only: a host name would be resolved through DNS, which an attacker may influence. */
  private static final Pattern ADDRESS_OR_BLOCK = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");

  private final NetMaskSet masks;
  private final List<String> configured;

  private TrustedProxies(NetMaskSet masks, List<String> configured) {
    this.masks = masks;
    this.configured = configured;
  }

  /** @throws IllegalArgumentException naming TRUSTED_PROXIES when an entry is not an IP address or CIDR block */
  public static TrustedProxies parse(List<String> entries) {
    NetMaskSet masks = new NetMaskSet();
    for (String entry : entries) {
      if (!ADDRESS_OR_BLOCK.matcher(entry).matches()) {
        throw new IllegalArgumentException("voice.edge.trusted-proxies (TRUSTED_PROXIES) must list IP addresses or CIDR blocks"
            + " (e.g. 10.0.0.5, 10.0.0.0/24, ::1), not '" + entry + "'");
      }
      try {
        masks.add(new NetMask(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("voice.edge.trusted-proxies (TRUSTED_PROXIES): '" + entry + "' is not an IP address"
            + " or CIDR block: " + e.getMessage(), e);
      }
    }
    return new TrustedProxies(masks, List.copyOf(entries));
  }

  /** True when the request's immediate peer is one of the configured proxies. */
  public boolean trusts(String remoteAddress) {
    if (remoteAddress == null || masks.isEmpty() || !ADDRESS_OR_BLOCK.matcher(remoteAddress).matches()) {
      return false;
    }
    try {
      return masks.contains(InetAddress.getByName(remoteAddress));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return configured.isEmpty() ? "none" : configured.toString();
  }
}
