package com.voiceagent.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the gateway whose open connections a test can cut at once, without a close
 * frame: to the caller, what a gateway dying mid-call looks like (the socket ends with 1006); to the
 * gateway, a socket that broke. New connections (Twilio following the Redirect, the new stream) pass.
 */
final class ConnectionCutter implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  ConnectionCutter(int target) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    // Platform threads: the relay must run whatever the virtual threads of the gateway and the callers in this JVM do.
    Thread.ofPlatform().daemon().name("connection-cutter").start(this::accept);
  }

  /** host:port to call instead of the gateway. */
  String address() {
    return "localhost:" + server.getLocalPort();
  }

  /** Cuts every connection open now; returns how many there were. */
  int cut() {
    int cut = 0;
    for (Socket socket : open) {
      try {
        socket.setSoLinger(true, 0); // a reset, not an orderly close
        socket.close();
        cut++;
      } catch (IOException alreadyClosed) {
        // gone already
      }
      open.remove(socket);
    }
    return cut / 2;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket caller = server.accept();
        Socket gateway = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(caller);
        open.add(gateway);
        Thread.ofPlatform().daemon().start(() -> relay(caller, gateway));
        Thread.ofPlatform().daemon().start(() -> relay(gateway, caller));
      } catch (IOException stopped) {
        // the cutter was closed, or the gateway refused this one connection
      }
    }
  }

  private void relay(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ended) {
      // one side closed or was cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
