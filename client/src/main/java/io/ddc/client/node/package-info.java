/**
 * Talking to DDC nodes the way the official client does (docs/spec/node-protocol.md): native gRPC
 * over cleartext HTTP/2 with the {@code token}, {@code request} and {@code correlation-id}
 * metadata, signed auth tokens and activity requests, acknowledged downloads.
 *
 * <p>Entry points: {@link io.ddc.client.node.NodeClient} (one node, one call per method), {@link
 * io.ddc.client.node.AuthTokens} (default, bearer and delegated tokens), {@link
 * io.ddc.client.node.NodeCallException} (the node's status and whether the client may retry
 * elsewhere).
 *
 * <p>Threading: every method returns a Vert.x {@link io.vertx.core.Future} completed on the
 * client's Vert.x context; content callbacks run on it too and must not block.
 */
package io.ddc.client.node;
