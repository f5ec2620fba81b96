package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real nginx, started from the generated configuration exactly as ./voice up starts it, in front of two
 * tiny HTTP servers standing in for two gateways. Needs Debian's nginx package (CI installs it).
 */
class NginxIT {
  @TempDir Path home;
  private final List<TinyGateway> gateways = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ChildProcess nginx;
  private int front;

  @BeforeEach
  void startNginxInFrontOfTwoGateways() throws Exception {
    Path executable = Nginx.find(System.getenv("PATH")).orElse(null);
    assumeTrue(executable != null, "nginx is not installed (sudo apt-get install nginx)");
    gateways.add(new TinyGateway("gateway-1"));
    gateways.add(new TinyGateway("gateway-2"));
    front = PortCheck.anyFreePort();
    NginxConfig config = new NginxConfig(home.resolve("nginx"), home.resolve("logs"), "https://localhost:" + front,
        List.of(new NginxConfig.Front("gateway", front, gateways.stream().map(TinyGateway::port).toList())));
    ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    Nginx balancer = new Nginx(executable, config, new PrintStream(consoleBytes, true, StandardCharsets.UTF_8));
    nginx = balancer.start(false);
    balancer.readyWhen().await(nginx, Duration.ofSeconds(30));
  }

  @AfterEach
  void stopAll() {
    if (nginx != null) {
      nginx.stop(Duration.ofSeconds(10));
    }
    gateways.forEach(TinyGateway::close);
  }

  @Test
  void aWebSocketUpgradePassesThroughToAGateway() throws Exception {
    CompletableFuture<String> firstMessage = new CompletableFuture<>();
    WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + front + "/ws/twilio-media"),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            firstMessage.complete(data.toString());
            return null;
          }
        }).get(10, TimeUnit.SECONDS);

    assertThat(firstMessage.get(10, TimeUnit.SECONDS)).startsWith("gateway-");
    socket.abort();
    assertThat(gateways.stream().flatMap(g -> g.requests.stream()))
        .anySatisfy(request -> assertThat(request).containsEntry("upgrade", "websocket").containsEntry("connection", "upgrade"));
  }

  @Test
  void theGatewaysSeeThePublicProtoAndHostFromNginxWhateverTheClientClaimed() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/health"))
        .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Port", "444").GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> seen = gateways.stream().flatMap(g -> g.requests.stream()).findFirst().orElseThrow();
    assertThat(seen).containsEntry("x-forwarded-proto", "https")
        .containsEntry("x-forwarded-host", "localhost:" + front)
        .containsEntry("x-forwarded-for", "127.0.0.1")
        .doesNotContainKey("x-forwarded-port");
  }

  @Test
  void whenOneGatewayDiesTheNextRequestsGoToTheOther() throws Exception {
    gateways.get(1).close();

    List<String> answeredBy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/webhook"))
          .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
      answeredBy.add(response.body());
    }

    assertThat(answeredBy).containsOnly("gateway-1");
  }

  /** Answers plain requests with its name, and a WebSocket upgrade with 101 and one text frame holding its name. */
  private static final class TinyGateway implements AutoCloseable {
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private final String name;
    private final ServerSocket server;
    final List<Map<String, String>> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    TinyGateway(String name) throws IOException {
      this.name = name;
      this.server = new ServerSocket(0);
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread.ofVirtual().start(() -> serve(socket));
        } catch (IOException e) {
          return; // closed: this gateway is dead
        }
      }
    }

    private void serve(Socket socket) {
      try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
        Map<String, String> headers = readHeaders(in);
        requests.add(headers);
        if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
          String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
              .digest((headers.get("sec-websocket-key") + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
          out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          byte[] payload = name.getBytes(StandardCharsets.UTF_8);
          out.write(new byte[] {(byte) 0x81, (byte) payload.length});
          out.write(payload);
          out.flush();
          in.read(); // hold the socket until the client goes
          return;
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        in.readNBytes(length);
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      } catch (Exception e) {
        // The client went away; nothing to answer.
      }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean firstLine = true;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.US_ASCII).strip();
          line.reset();
          if (text.isEmpty()) {
            break;
          }
          if (!firstLine && text.contains(":")) {
            headers.put(text.substring(0, text.indexOf(':')).trim().toLowerCase(Locale.ROOT),
                text.substring(text.indexOf(':') + 1).trim());
          }
          firstLine = false;
        } else {
          line.write(b);
        }
      }
      return headers;
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }
}
