package io.ddc.chain.dev;

import java.math.BigInteger;

/** Account ids in RPC parameters: SS58 addresses (any network prefix) or {@code 0x} + 32 bytes. */
final class Accounts {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private Accounts() {}

  static byte[] decode(String s) {
    if (s.startsWith("0x")) {
      byte[] b = Hex.decode(s);
      if (b.length != 32) {
        throw bad(s);
      }
      return b;
    }
    BigInteger n = BigInteger.ZERO;
    for (int i = 0; i < s.length(); i++) {
      int d = ALPHABET.indexOf(s.charAt(i));
      if (d < 0) {
        throw bad(s);
      }
      n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(d));
    }
    byte[] raw = n.toByteArray();
    int lead = 0;
    while (lead < s.length() && s.charAt(lead) == '1') {
      lead++;
    }
    int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    byte[] full = new byte[lead + raw.length - skip];
    System.arraycopy(raw, skip, full, lead, raw.length - skip);
    // prefix (1 byte below 64, else 2) ‖ 32-byte id ‖ 2-byte checksum
    int prefixLen = (full.length > 0 && (full[0] & 0xff) < 64) ? 1 : 2;
    if (full.length != prefixLen + 32 + 2) {
      throw bad(s);
    }
    byte[] id = new byte[32];
    System.arraycopy(full, prefixLen, id, 0, 32);
    byte[] check =
        Blake2b512.hash(
            "SS58PRE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), full, full.length - 2);
    if (check[0] != full[full.length - 2] || check[1] != full[full.length - 1]) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "Invalid params: bad SS58 checksum in " + s);
    }
    return id;
  }

  private static RpcException bad(String s) {
    return new RpcException(
        RpcException.INVALID_PARAMS, "Invalid params: not an SS58 address or 32-byte hex id: " + s);
  }

  /** BLAKE2b-512 of {@code prefix ‖ data[0..len)}, for the SS58 checksum. */
  private static final class Blake2b512 {
    static byte[] hash(byte[] prefix, byte[] data, int len) {
      org.bouncycastle.crypto.digests.Blake2bDigest d =
          new org.bouncycastle.crypto.digests.Blake2bDigest(512);
      d.update(prefix, 0, prefix.length);
      d.update(data, 0, len);
      byte[] out = new byte[64];
      d.doFinal(out, 0);
      return out;
    }
  }
}
