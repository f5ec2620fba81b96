package com.voiceagent.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The nginx configuration of a local run with several gateway or whatsapp-service instances: one server
 * per such service, on the service's own port, balancing over its instances. Everything nginx writes (pid
 * file, temporary files, logs) is under the launcher's directory, so it runs without root and leaves nothing
 * behind in /var.
 *
 * @param prefix nginx's prefix directory ({@code -p}), holding the pid file and temporary files
 * @param logs where error and access logs go
 * @param publicBaseUrl {@code https://PUBLIC_HOST} (or PUBLIC_BASE_URL): what Twilio signs, sent on as the
 *     forwarded proto and host
 * @param fronts one per balanced service
 */
record NginxConfig(Path prefix, Path logs, String publicBaseUrl, List<Front> fronts) {

  /**
   * A marked-down instance is tried again after this long. Short, because a restarted instance comes back on
   * the same port within seconds and should take calls again soon.
   */
  static final String FAIL_TIMEOUT = "5s";
  /** The media socket of a call lasts as long as the call; Twilio sends a frame every 20 ms, but a caller may hold. */
  static final String SOCKET_TIMEOUT = "3600s";

  /**
   * @param service the balanced service (gateway, whatsapp-service), also the upstream's name
   * @param port where nginx listens for it
   * @param instancePorts its instances' ports on this machine
   */
  record Front(String service, int port, List<Integer> instancePorts) {
    Front {
      Objects.requireNonNull(service, "service");
      instancePorts = List.copyOf(instancePorts);
      if (instancePorts.isEmpty()) {
        throw new IllegalArgumentException("nginx in front of " + service + " needs at least one instance");
      }
    }

    String upstream() {
      return service.replace('-', '_');
    }
  }

  NginxConfig {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    fronts = List.copyOf(fronts);
    if (!publicBaseUrl.matches("https?://[^/]+")) {
      throw new IllegalArgumentException("the public base must be scheme://host[:port], was '" + publicBaseUrl + "'");
    }
  }

  /** The services balanced for this run; empty when every edge service runs once (then there is no nginx). */
  static List<Front> frontsFor(PortLayout ports) {
    return List.of("gateway", "whatsapp-service").stream()
        .filter(ports::behindLoadBalancer)
        .map(service -> new Front(service, ports.frontPort(service),
            java.util.stream.IntStream.rangeClosed(1, ports.scale().of(service))
                .mapToObj(n -> ports.instancePort(service, n)).toList()))
        .toList();
  }

  String publicScheme() {
    return publicBaseUrl.substring(0, publicBaseUrl.indexOf("://"));
  }

  String publicHost() {
    return publicBaseUrl.substring(publicBaseUrl.indexOf("://") + 3);
  }

  String render() {
    StringBuilder c = new StringBuilder();
    c.append("# Written by ./voice up on every start; edits are overwritten.\n");
    c.append("# Started as: nginx -p PREFIX -c THIS-FILE -e stderr -g 'daemon off;' (no -e before nginx 1.19.5)\n");
    c.append("worker_processes 1;\n");
    c.append("pid ").append(prefix.resolve("nginx.pid")).append(";\n");
    c.append("error_log ").append(logs.resolve("nginx-error.log")).append(" warn;\n");
    c.append("events {\n  worker_connections 1024;\n}\n");
    c.append("http {\n");
    c.append("  access_log ").append(logs.resolve("nginx-access.log")).append(";\n");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      c.append("  ").append(temp).append("_temp_path ").append(prefix.resolve("temp").resolve(temp)).append(";\n");
    }
    c.append("""
          # A WebSocket upgrade passes on as one; any other request closes its upstream connection as usual.
          map $http_upgrade $connection_upgrade {
            default upgrade;
            ''      close;
          }
        """);
    for (Front front : fronts) {
      c.append("  # ").append(front.service()).append(": ").append(front.instancePorts().size()).append(" instances.\n");
      c.append("  upstream ").append(front.upstream()).append(" {\n");
      // A call's socket lasts minutes: count open connections, not requests, so calls spread evenly.
      c.append("    least_conn;\n");
      for (int port : front.instancePorts()) {
        // One failed connect marks an instance down for FAIL_TIMEOUT: new calls go to the live ones at once.
        c.append("    server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=").append(FAIL_TIMEOUT).append(";\n");
      }
      c.append("  }\n");
      c.append("  server {\n");
      c.append("    listen ").append(front.port()).append(";\n");
      c.append("    location / {\n");
      c.append("      proxy_pass http://").append(front.upstream()).append(";\n");
      c.append("      proxy_http_version 1.1;\n");
      c.append("      proxy_set_header Upgrade $http_upgrade;\n");
      c.append("      proxy_set_header Connection $connection_upgrade;\n");
      c.append("      proxy_set_header Host $http_host;\n");
      // Set, never appended: what a client sent in these headers must not reach the signature check.
      c.append("      proxy_set_header X-Forwarded-Proto ").append(publicScheme()).append(";\n");
      c.append("      proxy_set_header X-Forwarded-Host ").append(publicHost()).append(";\n");
      c.append("      proxy_set_header X-Forwarded-Port \"\";\n");
      c.append("      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n");
      c.append("      proxy_connect_timeout 2s;\n");
      c.append("      proxy_read_timeout ").append(SOCKET_TIMEOUT).append(";\n");
      c.append("      proxy_send_timeout ").append(SOCKET_TIMEOUT).append(";\n");
      // A refused connect (a dead instance) is tried on the next one. So is a 503, even for a POST
      // (non_idempotent): a draining gateway answers Twilio's webhooks and media upgrades with 503 before doing
      // anything, and the next instance serves them. The request body is buffered (Twilio's forms are small)
      // so that nginx can send it again.
      c.append("      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n");
      c.append("      proxy_next_upstream_tries ").append(front.instancePorts().size()).append(";\n");
      c.append("      proxy_buffering off;\n");
      c.append("    }\n");
      c.append("  }\n");
    }
    c.append("}\n");
    return c.toString();
  }
}
