package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxConfigTest {
  private static final Path PREFIX = Path.of("/repo/.voice/nginx");
  private static final Path LOGS = Path.of("/repo/.voice/logs");

  private static NginxConfig config(String scale) {
    PortLayout ports = new PortLayout(9092, 9093, 1, 5433, 8080, 8081, 8090, Scale.parse(scale, "--scale"));
    return new NginxConfig(PREFIX, LOGS, "https://localhost:8080", NginxConfig.frontsFor(ports));
  }

  @Test
  void oneServerPerBalancedServiceOnItsPortOverItsInstances() {
    String conf = config("gateway=2,whatsapp-service=2").render();

    assertThat(conf).contains("""
          upstream gateway {
            least_conn;
            server 127.0.0.1:8082 max_fails=1 fail_timeout=5s;
            server 127.0.0.1:8084 max_fails=1 fail_timeout=5s;
          }
        """);
    assertThat(conf).contains("upstream whatsapp_service {", "server 127.0.0.1:8083 ", "server 127.0.0.1:8085 ");
    assertThat(conf).contains("listen 8080;", "proxy_pass http://gateway;", "listen 8081;",
        "proxy_pass http://whatsapp_service;");
  }

  @Test
  void onlyServicesWithSeveralInstancesAreBalanced() {
    assertThat(NginxConfig.frontsFor(new PortLayout(9092, 9093, 1, 5433, 8080, 8081, 8090, Scale.ONE_EACH))).isEmpty();
    assertThat(config("gateway=3").fronts()).singleElement()
        .isEqualTo(new NginxConfig.Front("gateway", 8080, List.of(8082, 8084, 8086)));
  }

  @Test
  void webSocketUpgradesPassThroughAndTheMediaSocketMayStayOpenForAnHour() {
    String conf = config("gateway=2").render();

    assertThat(conf).contains("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;", "map $http_upgrade $connection_upgrade {",
        "proxy_read_timeout 3600s;", "proxy_send_timeout 3600s;");
  }

  @Test
  void theForwardedHeadersCarryThePublicUrlTwilioSignsAndNotWhatTheClientSent() {
    String conf = config("gateway=2").render();

    assertThat(conf).contains("proxy_set_header X-Forwarded-Proto https;",
        "proxy_set_header X-Forwarded-Host localhost:8080;", "proxy_set_header X-Forwarded-Port \"\";",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_set_header Host $http_host;");
  }

  @Test
  void aDeadInstanceIsSkippedAtOnceAndARefusedConnectTriesTheNextInstance() {
    String conf = config("gateway=2").render();

    assertThat(conf).contains("max_fails=1 fail_timeout=5s", "proxy_next_upstream error timeout http_502 http_503 non_idempotent;",
        "proxy_next_upstream_tries 2;", "proxy_connect_timeout 2s;");
  }

  @Test
  void everythingNginxWritesIsUnderTheLaunchersDirectory() {
    String conf = config("gateway=2").render();

    assertThat(conf).contains("pid /repo/.voice/nginx/nginx.pid;", "error_log /repo/.voice/logs/nginx-error.log warn;",
        "access_log /repo/.voice/logs/nginx-access.log;", "proxy_temp_path /repo/.voice/nginx/temp/proxy;",
        "client_body_temp_path /repo/.voice/nginx/temp/client_body;");
    assertThat(conf).doesNotContain("/var/").doesNotContainPattern("(?m)^(daemon|user) ");
  }

  @Test
  void nginxRunsInTheForegroundAndIsToldWhereToLogBeforeItReadsItsConfiguration() {
    Nginx nginx = new Nginx(Path.of("/usr/sbin/nginx"), config("gateway=2"), System.out);

    assertThat(nginx.command(true)).containsSubsequence("/usr/sbin/nginx", "-p", "/repo/.voice/nginx", "-c",
        "/repo/.voice/nginx/nginx.conf", "-e", "stderr", "-g", "daemon off;");
    assertThat(nginx.command(false)).doesNotContain("-e");
    assertThat(Nginx.supportsErrorLogOption("nginx version: nginx/1.22.1")).isTrue();
    assertThat(Nginx.supportsErrorLogOption("nginx version: nginx/1.19.5")).isTrue();
    assertThat(Nginx.supportsErrorLogOption("nginx version: nginx/1.18.0 (Ubuntu)")).isFalse();
    assertThat(Nginx.supportsErrorLogOption("nginx version: nginx/1.9.15")).isFalse();
  }

  @Test
  void aPublicBaseUrlWithAPathIsRefused() {
    assertThatThrownBy(() -> new NginxConfig(PREFIX, LOGS, "https://abc.ngrok.app/voice", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the public base must be scheme://host[:port], was 'https://abc.ngrok.app/voice'");
  }
}
