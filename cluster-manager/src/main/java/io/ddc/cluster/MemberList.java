package io.ddc.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MemberSource} whose list its owner sets: a fixed list for a cluster without a chain, or
 * the snapshot a chain-backed source keeps. Listeners run on the thread that calls {@link #set},
 * and only when the list changed.
 */
public final class MemberList implements MemberSource {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Optional<List<ClusterMember>> members = Optional.empty();

  /** A source with no list yet (every member admitted). */
  public MemberList() {}

  /**
   * Replaces the list (kept sorted by node id; an empty list means "no list", as {@link
   * MemberSource#members()} defines) and notifies the listeners when it changed. Returns whether it
   * changed.
   */
  public synchronized boolean set(List<ClusterMember> next) {
    Optional<List<ClusterMember>> sorted =
        next.isEmpty()
            ? Optional.empty()
            : Optional.of(
                next.stream().sorted(Comparator.comparing(ClusterMember::nodeId)).toList());
    if (sorted.equals(members)) {
      return false;
    }
    members = sorted;
    listeners.forEach(Runnable::run);
    return true;
  }

  @Override
  public Optional<List<ClusterMember>> members() {
    return members;
  }

  @Override
  public void subscribe(Runnable onChange) {
    listeners.add(onChange);
  }
}
