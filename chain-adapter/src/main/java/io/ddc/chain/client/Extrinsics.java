package io.ddc.chain.client;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * Signed v4 extrinsics built from the metadata's signed-extension list, so one builder serves every
 * Cere runtime (the dev line without {@code CheckMetadataHash}, mainnet with it).
 */
public final class Extrinsics {
  private Extrinsics() {}

  /** The explicit ("extra") and implicit ("additional signed") bytes of the signed extensions. */
  record Extensions(byte[] extra, byte[] additional) {}

  /**
   * Encodes the extensions for the given values. Extensions whose types are empty contribute
   * nothing; an unknown extension with a non-empty type fails with {@link ChainException} rather
   * than producing a wrong signature.
   */
  static Extensions extensions(
      Metadata md,
      long nonce,
      BigInteger tip,
      Era era,
      byte[] eraHash,
      byte[] genesis,
      long spec,
      long txVersion) {
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    ByteArrayOutputStream add = new ByteArrayOutputStream();
    for (Metadata.SignedExtension e : md.signedExtensions()) {
      boolean hasExtra = !md.isEmptyType(e.type());
      boolean hasAdd = !md.isEmptyType(e.additionalSigned());
      switch (e.identifier()) {
        case "CheckSpecVersion" -> u32(add, spec);
        case "CheckTxVersion" -> u32(add, txVersion);
        case "CheckGenesis" -> add.writeBytes(genesis);
        case "CheckMortality", "CheckEra" -> {
          extra.writeBytes(era.encode());
          add.writeBytes(eraHash);
        }
        case "CheckNonce" -> compact(extra, BigInteger.valueOf(nonce));
        case "ChargeTransactionPayment" -> compact(extra, tip);
        case "ChargeAssetTxPayment" -> {
          compact(extra, tip);
          extra.write(0); // no asset id
        }
        case "CheckMetadataHash" -> {
          extra.write(0); // mode: disabled
          add.write(0); // Option<[u8; 32]>: None
        }
        default -> {
          if (hasExtra || hasAdd) {
            throw new ChainException(
                "signed extension " + e.identifier() + " carries data this client cannot fill in");
          }
        }
      }
    }
    return new Extensions(extra.toByteArray(), add.toByteArray());
  }

  /**
   * The bytes a signer signs: {@code call ‖ extra ‖ additional}, hashed with blake2_256 when over
   * 256 bytes.
   */
  public static byte[] signingPayload(
      Metadata md,
      byte[] call,
      long nonce,
      BigInteger tip,
      Era era,
      byte[] eraHash,
      byte[] genesis,
      long spec,
      long txVersion) {
    Extensions x = extensions(md, nonce, tip, era, eraHash, genesis, spec, txVersion);
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(call);
    p.writeBytes(x.extra());
    p.writeBytes(x.additional());
    byte[] payload = p.toByteArray();
    return payload.length > 256 ? Hashes.blake2b256(payload) : payload;
  }

  /** A signed v4 extrinsic with its compact length prefix ({@code MultiAddress::Id} sender). */
  public static byte[] signed(
      Metadata md,
      Signer signer,
      byte[] call,
      long nonce,
      BigInteger tip,
      Era era,
      byte[] eraHash,
      byte[] genesis,
      long spec,
      long txVersion) {
    Extensions x = extensions(md, nonce, tip, era, eraHash, genesis, spec, txVersion);
    byte[] payload = signingPayload(md, call, nonce, tip, era, eraHash, genesis, spec, txVersion);
    byte[] sig = signer.sign(payload);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0x84);
    body.write(0x00);
    body.writeBytes(signer.accountId());
    body.write(signer.signatureType());
    body.writeBytes(sig);
    body.writeBytes(x.extra());
    body.writeBytes(call);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4);
    compact(out, BigInteger.valueOf(b.length));
    out.writeBytes(b);
    return out.toByteArray();
  }

  static void u32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  static void compact(ByteArrayOutputStream out, BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("compact of a negative number: " + v);
    }
    if (v.bitLength() <= 6) {
      out.write(v.intValue() << 2);
    } else if (v.bitLength() <= 14) {
      int x = (v.intValue() << 2) | 1;
      out.write(x & 0xff);
      out.write(x >>> 8);
    } else if (v.bitLength() <= 30) {
      long x = (v.longValue() << 2) | 2;
      u32(out, x);
    } else {
      int n = (v.bitLength() + 7) / 8;
      out.write(((n - 4) << 2) | 3);
      byte[] be = v.toByteArray();
      for (int i = 0; i < n; i++) {
        out.write(be[be.length - 1 - i]);
      }
    }
  }
}
