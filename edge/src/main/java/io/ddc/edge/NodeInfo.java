package io.ddc.edge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What {@code GET /info} reports (node-protocol.md §2.6, C24). */
record NodeInfo(String nodeId, NodeOptions.Mode mode, String version) {
  Buffer json() {
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("mode", mode.sdkName())
        .put("version", version)
        .toBuffer();
  }
}
