package io.ddc.client.node;

/** What a token allows, in the protocol's numbering. */
public enum Operation {
  PUT(io.ddc.protocol.proto.auth.Operation.PUT),
  GET(io.ddc.protocol.proto.auth.Operation.GET),
  DELETE(io.ddc.protocol.proto.auth.Operation.DELETE);

  final io.ddc.protocol.proto.auth.Operation wire;

  Operation(io.ddc.protocol.proto.auth.Operation wire) {
    this.wire = wire;
  }
}
