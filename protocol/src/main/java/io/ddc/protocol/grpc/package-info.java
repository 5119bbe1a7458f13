/**
 * gRPC's message framing on a raw HTTP/2 stream (node-protocol.md §2.2), for the calls that node
 * and client frame themselves instead of going through vertx-grpc.
 */
package io.ddc.protocol.grpc;
