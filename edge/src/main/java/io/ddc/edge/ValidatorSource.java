package io.ddc.edge;

import io.vertx.core.Future;
import java.util.Set;

/**
 * Where a node learns which keys may audit it (docs/spec/activity-api.md §7.3) beyond its
 * configured {@code activity.validators}: for example the chain's {@code
 * DdcVerification.ValidatorSet}. A {@link BucketRegistry} that also implements this interface is
 * used as the node's validator source.
 */
public interface ValidatorSource {
  /**
   * The validators' 32-byte public keys as {@code 0x} + lower-case hex. Completes on the caller's
   * context.
   */
  Future<Set<String>> validators();
}
