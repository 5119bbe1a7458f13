package io.ddc.edge;

import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.vertx.core.Future;

/**
 * Where the node keeps what it served per client-signed request, for the validators
 * (docs/spec/activity-api.md, node-protocol.md §7.5). Called on an event loop: implementations must
 * not block.
 */
interface ActivityLog {
  /**
   * One finished call: the client's verified request, the last valid ack (getFile only, else null)
   * and how long the call took. Completes on the caller's context once the record is durable; fails
   * when it could not be stored.
   */
  Future<Void> served(
      ActivityCapture.Request request, ActivityAcknowledgment lastAck, long elapsedMillis);

  /** Flushes and closes; later calls fail. */
  Future<Void> close();
}
