package io.ddc.chain.client;

import io.ddc.pallets.scale.ScaleWriter;
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
    ScaleWriter extra = new ScaleWriter();
    ScaleWriter add = new ScaleWriter();
    for (Metadata.SignedExtension e : md.signedExtensions()) {
      boolean hasExtra = !md.isEmptyType(e.type());
      boolean hasAdd = !md.isEmptyType(e.additionalSigned());
      switch (e.identifier()) {
        case "CheckSpecVersion" -> add.u32(spec);
        case "CheckTxVersion" -> add.u32(txVersion);
        case "CheckGenesis" -> add.raw(genesis);
        case "CheckMortality", "CheckEra" -> {
          extra.raw(era.encode());
          add.raw(eraHash);
        }
        case "CheckNonce" -> extra.compact(nonce);
        case "ChargeTransactionPayment" -> extra.compact(tip);
        case "ChargeAssetTxPayment" -> {
          extra.compact(tip);
          extra.u8(0); // no asset id
        }
        case "CheckMetadataHash" -> {
          extra.u8(0); // mode: disabled
          add.u8(0); // Option<[u8; 32]>: None
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
    byte[] payload = new ScaleWriter().raw(call).raw(x.extra()).raw(x.additional()).toByteArray();
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
    ScaleWriter body = new ScaleWriter(call.length + 160);
    body.u8(0x84)
        .u8(0x00)
        .raw(signer.accountId())
        .u8(signer.signatureType())
        .raw(sig)
        .raw(x.extra())
        .raw(call);
    return new ScaleWriter(body.size() + 4).bytes(body.toByteArray()).toByteArray();
  }
}
