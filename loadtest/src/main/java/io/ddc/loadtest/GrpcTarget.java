package io.ddc.loadtest;

import io.ddc.client.node.NodeClient;
import io.ddc.client.node.NodeClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Reads and writes through a node's gRPC API, the protocol the official client speaks: {@code
 * putRawPiece} for writes, {@code getFile} (acknowledged when there is a signer) for reads.
 */
public final class GrpcTarget implements Target {
  private final NodeClient client;

  /** A target for {@code grpcUrl} ({@code grpc://host:port}) calling as {@code options} say. */
  public GrpcTarget(Vertx vertx, String grpcUrl, NodeClientOptions options) {
    this.client = NodeClient.create(vertx, grpcUrl, options);
  }

  @Override
  public String describe() {
    return "grpc " + client.node();
  }

  @Override
  public boolean canPut() {
    return true;
  }

  @Override
  public Future<ObjectRef> put(long bucket, long seed, Buffer content) {
    return client
        .putRawPiece(bucket, content, null)
        .map(cid -> new ObjectRef(bucket, cid, content.length(), seed));
  }

  @Override
  public Future<Outcome> get(ObjectRef ref, long rangeStart, long rangeEnd, BodySink sink) {
    return client
        .getFile(ref.bucket(), ref.cid(), rangeStart, rangeEnd, sink::chunk, null)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return Future.succeededFuture(new Outcome(true, "grpc:OK", ar.result()));
              }
              return Future.succeededFuture(new Outcome(false, Target.failureLabel(ar.cause()), 0));
            });
  }

  @Override
  public Future<Void> close() {
    return client.closeAsync();
  }
}
