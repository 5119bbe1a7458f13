package io.ddc.edge;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport a node's Vert.x instance uses (decision 0004).
 *
 * <p>{@link #NIO} (the default) is the JDK's NIO transport: in our measurements Netty's io_uring
 * transport served large pieces at 0.75× NIO's rate (Vert.x has no zero-copy file path on it) and
 * had a worse 4 KiB p99, for at most 10 % more small-GET throughput. {@link #AUTO} takes io_uring
 * where the kernel and the JVM allow it and otherwise NIO, with one log line saying why; {@link
 * #IO_URING} insists on io_uring and fails when it is unavailable.
 */
public enum NetworkTransport {
  NIO,
  AUTO,
  IO_URING;

  private static final Logger LOG = LoggerFactory.getLogger(NetworkTransport.class);

  /** Parses {@code auto|io_uring|nio}, case-insensitively ({@code io-uring} also accepted). */
  public static NetworkTransport parse(String s) {
    String v = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (NetworkTransport t : values()) {
      if (t.name().equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "network-transport must be auto, io_uring or nio, '" + s + "' given");
  }

  /** The name used in options and logs: {@code auto}, {@code io_uring} or {@code nio}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }

  /**
   * A Vert.x instance on this choice's transport.
   *
   * @throws IllegalStateException for {@link #IO_URING} where io_uring is unavailable
   */
  public Vertx createVertx() {
    Transport t = resolve();
    Vertx vertx = Vertx.builder().withTransport(t).build();
    LOG.info("network transport: {}", t == Transport.IO_URING ? "io_uring" : "nio");
    return vertx;
  }

  /** The Vert.x transport this choice stands for on this machine. */
  Transport resolve() {
    if (this == NIO) {
      return Transport.NIO;
    }
    Transport uring = Transport.IO_URING;
    Throwable cause = ioUringUnavailable();
    if (cause == null) {
      return uring;
    }
    if (this == IO_URING) {
      throw new IllegalStateException("io_uring transport unavailable: " + cause, cause);
    }
    LOG.info("io_uring transport unavailable ({}); using NIO", cause.toString());
    return Transport.NIO;
  }

  /** Why io_uring cannot be used here, or {@code null} when it can. */
  static Throwable ioUringUnavailable() {
    Transport uring = Transport.IO_URING;
    if (uring == null) {
      return new UnsupportedOperationException("Netty io_uring classes not on the class path");
    }
    if (!uring.available()) {
      Throwable cause = uring.unavailabilityCause();
      return cause != null
          ? cause
          : new UnsupportedOperationException(
              "Netty reports io_uring unavailable, without a cause");
    }
    return null;
  }
}
