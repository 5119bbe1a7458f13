package io.ddc.edge;

import io.vertx.core.Future;
import java.math.BigInteger;

/**
 * Where a node learns what a customer owes in a cluster ({@code DdcPayouts.DebtorCustomers}), for
 * the debt policy of docs/spec/activity-api.md §10. A {@link BucketRegistry} that also implements
 * this interface is used as the node's debt source; without one the node enforces no debt policy.
 */
public interface DebtSource {
  /**
   * The debt of {@code owner} (32-byte account key) in the cluster {@code clusterId} ({@code 0x} +
   * 40 hex digits), in the chain's smallest unit; zero when it owes nothing. Completes on the
   * caller's context.
   */
  Future<BigInteger> debt(String clusterId, byte[] owner);
}
