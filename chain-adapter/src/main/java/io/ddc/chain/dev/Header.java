package io.ddc.chain.dev;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A Substrate block header with an empty digest. Its hash is {@code blake2_256(SCALE(header))}:
 * parent hash, {@code Compact<u32>} number, state root, extrinsics root, {@code Vec<DigestItem>}
 * (docs/spec/dev-chain.md §2).
 */
record Header(byte[] parentHash, long number, byte[] stateRoot, byte[] extrinsicsRoot) {

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(100);
    out.writeBytes(parentHash);
    Scale.writeCompact(out, number);
    out.writeBytes(stateRoot);
    out.writeBytes(extrinsicsRoot);
    Scale.writeCompact(out, 0); // digest: no items
    return out.toByteArray();
  }

  byte[] hash() {
    return Hash256.blake2(encode());
  }

  static Header decode(ByteBuffer buf) {
    byte[] parent = new byte[32];
    buf.get(parent);
    long number = Scale.readCompact(buf);
    byte[] state = new byte[32];
    buf.get(state);
    byte[] ext = new byte[32];
    buf.get(ext);
    long digestItems = Scale.readCompact(buf);
    if (digestItems != 0) {
      throw new IllegalArgumentException(
          "dev chain headers carry no digest items, " + digestItems + " found");
    }
    return new Header(parent, number, state, ext);
  }

  /** The JSON form of Substrate's RPC ({@code number} as a hex quantity). */
  JsonObject toJson() {
    return new JsonObject()
        .put("parentHash", Hex.encode(parentHash))
        .put("number", "0x" + Long.toHexString(number))
        .put("stateRoot", Hex.encode(stateRoot))
        .put("extrinsicsRoot", Hex.encode(extrinsicsRoot))
        .put("digest", new JsonObject().put("logs", new JsonArray()));
  }
}
