package io.ddc.chain.dev;

import java.util.List;

/** An authored block: header, body, its hash, and the time the runtime was given. */
record Block(Header header, List<byte[]> extrinsics, byte[] hash, long timestampMillis) {
  Block(Header header, List<byte[]> extrinsics, long timestampMillis) {
    this(header, List.copyOf(extrinsics), header.hash(), timestampMillis);
  }

  long number() {
    return header.number();
  }
}
