package io.ddc.pallets.payouts;

import io.ddc.crypto.Hashing;
import io.ddc.pallets.scale.ScaleWriter;
import java.util.HexFormat;

/**
 * What validators agree on before a payout may start (dev line): the cluster, the era's identifier
 * and the two era roots. Its hash keys {@code PayoutFingerprints}.
 */
public final class PayoutFingerprint {
  private PayoutFingerprint() {}

  /**
   * {@code BlakeTwo256(SCALE(cluster_id) ‖ SCALE(ehd_id) ‖ payers_root ‖ payees_root)}.
   *
   * @throws IllegalArgumentException on a cluster id that is not 20 bytes or a root that is not 32
   */
  public static byte[] hash(byte[] clusterId, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    if (clusterId.length != 20 || payersRoot.length != 32 || payeesRoot.length != 32) {
      throw new IllegalArgumentException("cluster ids have 20 bytes, roots 32");
    }
    return Hashing.blake2b256(
        new ScaleWriter(128)
            .raw(clusterId)
            .str(ehdId)
            .raw(payersRoot)
            .raw(payeesRoot)
            .toByteArray());
  }

  /**
   * The era identifier of the dev line: {@code "0x<cluster hex>-0x<collector hex>-<era>"}, the
   * collector being the account that aggregated the era's activity.
   */
  public static String ehdId(byte[] clusterId, byte[] collector, long era) {
    HexFormat hex = HexFormat.of();
    return "0x" + hex.formatHex(clusterId) + "-0x" + hex.formatHex(collector) + "-" + era;
  }

  /**
   * The era of an era identifier: the decimal after its last {@code '-'}.
   *
   * @throws IllegalArgumentException if it has none or it is not a u32
   */
  public static long eraOf(String ehdId) {
    int dash = ehdId.lastIndexOf('-');
    try {
      long era = Long.parseLong(ehdId.substring(dash + 1));
      if (dash < 0 || era < 0 || era > 0xFFFF_FFFFL) {
        throw new NumberFormatException();
      }
      return era;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("no era in " + ehdId, e);
    }
  }
}
