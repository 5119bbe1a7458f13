package io.ddc.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses TCP ports ahead of binding them, for services whose port must be known before they start
 * (a Hazelcast member's port named in its peers' seed lists, a child process's ports).
 *
 * <p>A port probed with {@code new ServerSocket(0)} and bound later comes from the kernel's
 * ephemeral range, from which the kernel also takes the local ports of outgoing connections and of
 * other port-0 binds; in between it can be taken ("Port already in use"). {@link #reserve()} picks
 * below (or above) that range instead, where only an explicit bind of another program can collide.
 */
public final class Ports {
  /** Lowest port {@link #reserve()} hands out: above the well-known and common service ports. */
  static final int FLOOR = 20_000;

  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private Ports() {}

  /**
   * A port on which nothing listens now, outside the kernel's ephemeral range and never returned
   * before by this JVM; when the range leaves no room (or is unknown), a kernel-chosen free port.
   */
  public static synchronized int reserve() {
    int[] window = window(ephemeralRange());
    for (int attempt = 0; window != null && attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(window[0], window[1] + 1);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    while (true) {
      int port = kernelChosen();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
  }

  /**
   * The inclusive window below or above {@code ephemeral} to pick from, or null if none is wide.
   */
  static int[] window(int[] ephemeral) {
    if (ephemeral == null) {
      return null;
    }
    if (ephemeral[0] - 1 - FLOOR >= 1_000) {
      return new int[] {FLOOR, ephemeral[0] - 1};
    }
    if (65_535 - (ephemeral[1] + 1) >= 1_000) {
      return new int[] {Math.max(FLOOR, ephemeral[1] + 1), 65_535};
    }
    return null;
  }

  /** The kernel's ephemeral port range, or null where it is not known (not Linux). */
  static int[] ephemeralRange() {
    // Read as a stream: procfs reports size 0, and Files.readString trusts the size.
    try (InputStream in = Files.newInputStream(RANGE)) {
      String[] parts =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChosen() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
