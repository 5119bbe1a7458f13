package io.ddc.edge;

import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;

/**
 * Where the node keeps what it served per client-signed request, for the validators
 * (node-protocol.md §7.5, C22). Called on an event loop: implementations must not block.
 */
interface ActivityLog {
  /**
   * One finished call: the client's verified request, the last ack (getFile only, else null) and
   * the bytes the node actually moved.
   */
  void served(ActivityRequest request, ActivityAcknowledgment lastAck, long bytes, String method);

  /** Flushes and closes; later calls are dropped. */
  io.vertx.core.Future<Void> close();
}
