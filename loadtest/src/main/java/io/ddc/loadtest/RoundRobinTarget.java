package io.ddc.loadtest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Spreads requests over several targets in turn (each node of a cluster must serve every piece).
 */
final class RoundRobinTarget implements Target {
  private final List<? extends Target> targets;
  private int next;

  private RoundRobinTarget(List<? extends Target> targets) {
    this.targets = List.copyOf(targets);
  }

  /** The only target itself, or a rotation over several. */
  static Target of(List<? extends Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    return targets.size() == 1 ? targets.get(0) : new RoundRobinTarget(targets);
  }

  private Target nextTarget() {
    Target t = targets.get(next);
    next = (next + 1) % targets.size();
    return t;
  }

  @Override
  public String describe() {
    return targets.stream().map(Target::describe).collect(Collectors.joining(", "));
  }

  @Override
  public boolean canPut() {
    return targets.stream().allMatch(Target::canPut);
  }

  @Override
  public Future<ObjectRef> put(long bucket, long seed, Buffer content) {
    return nextTarget().put(bucket, seed, content);
  }

  @Override
  public Future<Outcome> get(ObjectRef ref, long rangeStart, long rangeEnd, BodySink sink) {
    return nextTarget().get(ref, rangeStart, rangeEnd, sink);
  }

  @Override
  public Future<Void> close() {
    return Future.all(targets.stream().map(Target::close).toList()).mapEmpty();
  }
}
