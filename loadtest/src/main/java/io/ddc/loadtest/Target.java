package io.ddc.loadtest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * One way of talking to the nodes under test (the HTTP gateway, the gRPC node API). Implementations
 * are created on, and called from, the driver's Vert.x context only; every future completes on that
 * context.
 */
public interface Target {

  /**
   * Receives a response body chunk by chunk (no copy of the whole body is kept unless the sink
   * keeps it).
   */
  interface BodySink {
    /** One chunk, in order. The buffer is only valid during the call. */
    void chunk(Buffer chunk);
  }

  /**
   * The outcome of one request.
   *
   * @param ok whether the request succeeded
   * @param status a short, stable label for the report: {@code 200}, {@code 206}, {@code 404},
   *     {@code grpc:NOT_FOUND}, {@code io:ConnectException}, …
   * @param bytes body bytes transferred (both directions)
   */
  record Outcome(boolean ok, String status, long bytes) {}

  /**
   * The status label of a failed call: {@code grpc:<STATUS>} for a status a node answered (the
   * report counts errors by it), {@code io:<exception>} for anything else.
   */
  static String failureLabel(Throwable t) {
    return t instanceof io.ddc.client.node.NodeCallException n
        ? "grpc:" + io.ddc.client.node.NodeCallException.statusName(n.status())
        : "io:" + t.getClass().getSimpleName();
  }

  /** A short description for the report, e.g. {@code http-gateway http://127.0.0.1:8091}. */
  String describe();

  /** Whether {@link #put} is supported. */
  boolean canPut();

  /**
   * Stores {@code content} in {@code bucket}; the future carries the reference the node returned
   * (its CID). The content's seed is recorded so later reads can be checked.
   */
  Future<ObjectRef> put(long bucket, long seed, Buffer content);

  /**
   * Reads {@code ref}, the whole object when {@code rangeStart < 0}, else the inclusive byte range.
   * Body chunks go to {@code sink}. A response with an error status completes with a failed {@link
   * Outcome}, not a failed future; the future fails only for bugs.
   */
  Future<Outcome> get(ObjectRef ref, long rangeStart, long rangeEnd, BodySink sink);

  /** Releases connections. */
  Future<Void> close();
}
