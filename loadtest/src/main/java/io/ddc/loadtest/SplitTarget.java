package io.ddc.loadtest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Writes through one target and reads through another (e.g. gRPC writes, gateway reads). */
final class SplitTarget implements Target {
  private final Target reads;
  private final Target writes;

  SplitTarget(Target reads, Target writes) {
    this.reads = reads;
    this.writes = writes;
  }

  @Override
  public String describe() {
    return "reads: " + reads.describe() + "; writes: " + writes.describe();
  }

  @Override
  public boolean canPut() {
    return writes.canPut();
  }

  @Override
  public Future<ObjectRef> put(long bucket, long seed, Buffer content) {
    return writes.put(bucket, seed, content);
  }

  @Override
  public Future<Outcome> get(ObjectRef ref, long rangeStart, long rangeEnd, BodySink sink) {
    return reads.get(ref, rangeStart, rangeEnd, sink);
  }

  @Override
  public Future<Void> close() {
    return Future.all(reads.close(), writes.close()).mapEmpty();
  }
}
