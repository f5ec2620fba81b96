package com.voiceagent.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards every connection made to a local port to another port: a broker that "comes back" on the
 * address a service was started with. Kafka clients only bootstrap through it; the broker's metadata then
 * sends them to its real address.
 */
final class PortForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final int target;

  private PortForwarder(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
    Thread.ofVirtual().name("port-forwarder").start(this::accept);
  }

  static PortForwarder start(int port, int target) throws IOException {
    return new PortForwarder(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), target);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        Thread.ofVirtual().start(() -> pipe(client, upstream));
        Thread.ofVirtual().start(() -> pipe(upstream, client));
      } catch (IOException closedOrRefused) {
        // the forwarder stopped, or the target refused this one connection: the client retries
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ended) {
      // either side closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
