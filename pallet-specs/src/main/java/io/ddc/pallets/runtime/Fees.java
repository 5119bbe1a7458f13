package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.EnumValue;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights and fees: {@code fee = base + length × TransactionByteFee + weight + tip} with {@code
 * WeightToFee = IdentityFee} and a fee multiplier of one. Call weights are fixed per call (the
 * order of magnitude of FRAME's benchmarks); a batch weighs its calls plus a per-item overhead.
 */
final class Fees {
  private Fees() {}

  /** A weight: reference time (picoseconds) and proof size (bytes). */
  record Weight(long refTime, long proofSize) {
    Weight plus(Weight o) {
      return new Weight(refTime + o.refTime, proofSize + o.proofSize);
    }
  }

  static final Weight TRANSFER = new Weight(59_000_000, 3_593);
  static final Weight TRANSFER_KEEP_ALIVE = new Weight(47_000_000, 3_593);
  static final Weight ROOT_BALANCE = new Weight(20_000_000, 3_593);
  static final Weight REMARK = new Weight(2_000_000, 0);
  static final Weight BATCH_ITEM = new Weight(4_000_000, 0);
  static final Weight SUDO = new Weight(10_000_000, 1_517);
  static final Weight DEFAULT = new Weight(50_000_000, 3_593);

  static Weight weight(EnumValue call) {
    EnumValue inner = (EnumValue) call.value();
    String name = call.name() + "." + inner.name();
    Map<?, ?> args = inner.value() instanceof Map<?, ?> m ? m : Map.of();
    return switch (name) {
      case "Balances.transfer_allow_death", "Balances.transfer_all", "Balances.force_transfer" ->
          TRANSFER;
      case "Balances.transfer_keep_alive" -> TRANSFER_KEEP_ALIVE;
      case "Balances.force_set_balance", "Balances.force_unreserve" -> ROOT_BALANCE;
      case "System.remark", "System.remark_with_event" -> REMARK;
      case "Utility.batch", "Utility.batch_all", "Utility.force_batch" -> {
        Weight w = new Weight(5_000_000, 0);
        for (Object c : (List<?>) args.get("calls")) {
          w = w.plus(weight((EnumValue) c)).plus(BATCH_ITEM);
        }
        yield w;
      }
      case "Sudo.sudo", "Sudo.sudo_as", "Sudo.sudo_unchecked_weight" ->
          SUDO.plus(weight((EnumValue) args.get("call")));
      default -> DEFAULT;
    };
  }

  static BigInteger baseFee() {
    return BigInteger.valueOf(RuntimeConfig.EXTRINSIC_BASE_WEIGHT);
  }

  static BigInteger lengthFee(long len) {
    return RuntimeConfig.TRANSACTION_BYTE_FEE.multiply(BigInteger.valueOf(len));
  }

  static BigInteger fee(long len, Weight w, BigInteger tip) {
    return baseFee().add(lengthFee(len)).add(BigInteger.valueOf(w.refTime())).add(tip);
  }

  static Map<String, Object> dispatchInfo(Weight w) {
    Map<String, Object> weight = new LinkedHashMap<>();
    weight.put("ref_time", w.refTime());
    weight.put("proof_size", w.proofSize());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("weight", weight);
    info.put("class", EnumValue.of("Normal"));
    info.put("pays_fee", EnumValue.of("Yes"));
    return info;
  }
}
