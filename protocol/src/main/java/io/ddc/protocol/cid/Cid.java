package io.ddc.protocol.cid;

import io.ddc.crypto.Blake3;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A DDC v2 content identifier: CIDv1 with a one-byte codec and a BLAKE3-256 multihash.
 *
 * <p>Binary form (36 bytes, docs/spec/node-protocol.md §5.1): {@code 01 ‖ codec ‖ 1e ‖ 20 ‖
 * digest(32)}. Text form (§5.3): {@code b} followed by RFC 4648 base32 of the binary form, lower
 * case, no padding (59 characters). Instances are immutable and compare by value.
 */
public final class Cid implements Comparable<Cid> {

  /** Length of the binary form in bytes. */
  public static final int BINARY_LENGTH = 36;

  /** Length of the BLAKE3 digest in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int VERSION = 0x01;
  private static final int MULTIHASH_BLAKE3 = 0x1e;
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

  /** The content type carried in byte 1 of a CID. */
  public enum Codec {
    /** Codec 0: no declared content type. */
    NONE(0x00),
    /** Codec 1: a DAG node, digest over its canonical protobuf encoding. */
    DAG_NODE(0x01),
    /** Codec 2: a raw piece, digest over the piece bytes. */
    RAW(0x02),
    /** Codec 3: a multipart piece, digest over the whole content (our choice C1). */
    MULTIPART(0x03);

    private final int code;

    Codec(int code) {
      this.code = code;
    }

    /** The codec byte. */
    public int code() {
      return code;
    }

    /** The codec of a codec byte; {@link InvalidCidException} for an unknown one. */
    public static Codec of(int code) {
      for (Codec c : values()) {
        if (c.code == code) {
          return c;
        }
      }
      throw new InvalidCidException("unknown CID codec 0x" + Integer.toHexString(code));
    }
  }

  private final Codec codec;
  private final byte[] digest;
  private final int hash;

  private Cid(Codec codec, byte[] digest) {
    this.codec = codec;
    this.digest = digest;
    this.hash = 31 * codec.hashCode() + Arrays.hashCode(digest);
  }

  /** A CID of the given codec over a 32-byte BLAKE3 digest (copied). */
  public static Cid of(Codec codec, byte[] digest) {
    Objects.requireNonNull(codec, "codec");
    if (digest.length != DIGEST_LENGTH) {
      throw new InvalidCidException("digest must be 32 bytes, " + digest.length + " given");
    }
    return new Cid(codec, digest.clone());
  }

  /** The CID of {@code content} under {@code codec}: BLAKE3-256 of the bytes. */
  public static Cid compute(Codec codec, byte[] content) {
    return new Cid(codec, Blake3.hash(content));
  }

  /** Parses the 36-byte binary form; {@link InvalidCidException} on anything else. */
  public static Cid fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != BINARY_LENGTH) {
      throw new InvalidCidException(
          "a CID is 36 bytes, " + (bytes == null ? "none" : bytes.length) + " given");
    }
    if ((bytes[0] & 0xff) != VERSION) {
      throw new InvalidCidException("unsupported CID version " + (bytes[0] & 0xff));
    }
    if ((bytes[2] & 0xff) != MULTIHASH_BLAKE3 || (bytes[3] & 0xff) != DIGEST_LENGTH) {
      throw new InvalidCidException(
          "CID multihash must be BLAKE3-256 (1e20), got " + HexFormat.of().formatHex(bytes, 2, 4));
    }
    return new Cid(Codec.of(bytes[1] & 0xff), Arrays.copyOfRange(bytes, 4, BINARY_LENGTH));
  }

  /**
   * Parses the text form. Only multibase base32 ({@code b…}) is accepted; with {@code lenient} the
   * payload may also be upper case (the HTTP gateway allows that, §5.3).
   */
  public static Cid parse(String text, boolean lenient) {
    if (text == null || text.isEmpty() || text.charAt(0) != 'b') {
      throw new InvalidCidException("a CID must be multibase base32 text starting with 'b'");
    }
    String body =
        lenient ? text.substring(1).toLowerCase(java.util.Locale.ROOT) : text.substring(1);
    if (body.length() != 58) {
      throw new InvalidCidException(
          "a CID text has 58 base32 characters after 'b', " + body.length() + " given");
    }
    byte[] out = new byte[BINARY_LENGTH];
    long buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < body.length(); i++) {
      int v = BASE32.indexOf(body.charAt(i));
      if (v < 0) {
        throw new InvalidCidException("invalid base32 character '" + body.charAt(i) + "' in CID");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    if ((buffer & ((1L << bits) - 1)) != 0) {
      throw new InvalidCidException("non-zero padding bits in CID text");
    }
    return fromBytes(out);
  }

  /** Parses the canonical (lower-case) text form. */
  public static Cid parse(String text) {
    return parse(text, false);
  }

  /** The codec. */
  public Codec codec() {
    return codec;
  }

  /** A copy of the 32-byte BLAKE3 digest. */
  public byte[] digest() {
    return digest.clone();
  }

  /** A copy of the 36-byte binary form. */
  public byte[] toBytes() {
    byte[] out = new byte[BINARY_LENGTH];
    out[0] = VERSION;
    out[1] = (byte) codec.code;
    out[2] = MULTIHASH_BLAKE3;
    out[3] = DIGEST_LENGTH;
    System.arraycopy(digest, 0, out, 4, DIGEST_LENGTH);
    return out;
  }

  /** The same digest under another codec. */
  public Cid withCodec(Codec other) {
    return other == codec ? this : new Cid(other, digest);
  }

  /** The canonical text form, {@code b} + lower-case base32 without padding. */
  @Override
  public String toString() {
    byte[] bin = toBytes();
    StringBuilder sb = new StringBuilder(59).append('b');
    long buffer = 0;
    int bits = 0;
    for (byte b : bin) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        sb.append(BASE32.charAt((int) (buffer >>> bits) & 31));
      }
    }
    if (bits > 0) {
      sb.append(BASE32.charAt((int) (buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid c && c.codec == codec && Arrays.equals(c.digest, digest);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Cid o) {
    int c = Integer.compare(codec.code, o.codec.code);
    return c != 0 ? c : Arrays.compareUnsigned(digest, o.digest);
  }
}
