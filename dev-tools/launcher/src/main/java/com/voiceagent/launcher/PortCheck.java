package com.voiceagent.launcher;

import java.io.IOException;
import java.net.ServerSocket;

/** Finds out before starting anything whether a port is taken, so the error names the setting to change. */
final class PortCheck {
  private PortCheck() {}

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }

  static int anyFreePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free TCP port on this machine: " + e.getMessage(), e);
    }
  }
}
