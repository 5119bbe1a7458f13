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
 * #IO_URING} insists on io_uring and fails when it is unavailable. {@link #EPOLL} is Netty's native
 * epoll transport (edge-triggered, reads into pooled direct buffers) and likewise fails where it
 * cannot load.
 */
public enum NetworkTransport {
  NIO,
  AUTO,
  IO_URING,
  EPOLL;

  private static final Logger LOG = LoggerFactory.getLogger(NetworkTransport.class);

  /**
   * Parses {@code auto|io_uring|epoll|nio}, case-insensitively ({@code io-uring} also accepted).
   */
  public static NetworkTransport parse(String s) {
    String v = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (NetworkTransport t : values()) {
      if (t.name().equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "network-transport must be auto, io_uring, epoll or nio, '" + s + "' given");
  }

  /**
   * The name used in options and logs: {@code auto}, {@code io_uring}, {@code epoll} or {@code
   * nio}.
   */
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
   * @throws IllegalStateException for {@link #IO_URING} or {@link #EPOLL} where that transport is
   *     unavailable
   */
  public Vertx createVertx() {
    Transport t = resolve();
    Vertx vertx = Vertx.builder().withTransport(t).build();
    LOG.info("network transport: {}", nameOf(t));
    LOG.info("buffer allocator: {}", allocatorName());
    return vertx;
  }

  /**
   * Netty's default allocator, which Vert.x's servers and clients use: {@code pooled}, {@code
   * adaptive} or {@code unpooled} ({@code io.netty.allocator.type}; decision 0007).
   */
  static String allocatorName() {
    io.netty.buffer.ByteBufAllocator a = io.netty.buffer.ByteBufAllocator.DEFAULT;
    if (a instanceof io.netty.buffer.PooledByteBufAllocator) {
      return "pooled";
    }
    if (a instanceof io.netty.buffer.AdaptiveByteBufAllocator) {
      return "adaptive";
    }
    return a instanceof io.netty.buffer.UnpooledByteBufAllocator
        ? "unpooled"
        : a.getClass().getSimpleName();
  }

  /** The Vert.x transport this choice stands for on this machine. */
  Transport resolve() {
    if (this == NIO) {
      return Transport.NIO;
    }
    if (this == EPOLL) {
      Throwable cause = unavailable(Transport.EPOLL, "epoll");
      if (cause != null) {
        throw new IllegalStateException("epoll transport unavailable: " + cause, cause);
      }
      return Transport.EPOLL;
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
    return unavailable(Transport.IO_URING, "io_uring");
  }

  /** Why epoll cannot be used here, or {@code null} when it can. */
  static Throwable epollUnavailable() {
    return unavailable(Transport.EPOLL, "epoll");
  }

  private static Throwable unavailable(Transport t, String name) {
    if (t == null) {
      return new UnsupportedOperationException("Netty " + name + " classes not on the class path");
    }
    if (!t.available()) {
      Throwable cause = t.unavailabilityCause();
      return cause != null
          ? cause
          : new UnsupportedOperationException(
              "Netty reports " + name + " unavailable, without a cause");
    }
    return null;
  }

  private static String nameOf(Transport t) {
    if (t == Transport.IO_URING) {
      return "io_uring";
    }
    return t == Transport.EPOLL ? "epoll" : "nio";
  }
}
