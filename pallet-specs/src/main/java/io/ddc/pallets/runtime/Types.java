package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.TypeDef;
import io.ddc.pallets.metadata.TypeDef.Field;
import io.ddc.pallets.metadata.TypeDef.Primitive;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import io.ddc.pallets.metadata.TypeRegistry;
import io.ddc.pallets.metadata.TypeRegistry.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared types of the Cere runtime, registered once in a {@link TypeRegistry} with the paths
 * scale-info gives them (clients such as polkadot-js recognize several by path).
 */
final class Types {
  final TypeRegistry reg = new TypeRegistry();
  final int u8 = reg.primitive(Primitive.U8);
  final int u16 = reg.primitive(Primitive.U16);
  final int u32 = reg.primitive(Primitive.U32);
  final int u64 = reg.primitive(Primitive.U64);
  final int u128 = reg.primitive(Primitive.U128);
  final int bool = reg.primitive(Primitive.BOOL);
  final int str = reg.primitive(Primitive.STR);
  final int unit = reg.tuple();
  final int bytes32 = reg.array(32, u8);
  final int bytes20 = reg.array(20, u8);
  final int bytes8 = reg.array(8, u8);
  final int bytes4 = reg.array(4, u8);
  final int bytes64 = reg.array(64, u8);
  final int bytes65 = reg.array(65, u8);
  final int vecU8 = reg.sequence(u8);
  final int accountId =
      composite("sp_core::crypto::AccountId32", Field.unnamed(bytes32, "[u8; 32]"));
  final int h256 = composite("primitive_types::H256", Field.unnamed(bytes32, "[u8; 32]"));
  final int h160 = composite("primitive_types::H160", Field.unnamed(bytes20, "[u8; 20]"));
  final int compactU32 = reg.compact(u32);
  final int compactU64 = reg.compact(u64);
  final int compactU128 = reg.compact(u128);
  final int optionAccountId = reg.option(accountId);
  final int extraFlags =
      composite("pallet_balances::types::ExtraFlags", Field.unnamed(u128, "u128"));
  final int accountData =
      reg.add(
          path("pallet_balances::types::AccountData"),
          List.of(new Param("Balance", u128)),
          new TypeDef.Composite(
              List.of(
                  Field.named("free", u128, "Balance"),
                  Field.named("reserved", u128, "Balance"),
                  Field.named("frozen", u128, "Balance"),
                  Field.named("flags", extraFlags, "ExtraFlags"))));
  final int accountInfo =
      reg.add(
          path("frame_system::AccountInfo"),
          List.of(new Param("Nonce", u32), new Param("AccountData", accountData)),
          new TypeDef.Composite(
              List.of(
                  Field.named("nonce", u32, "Nonce"),
                  Field.named("consumers", u32, "RefCount"),
                  Field.named("providers", u32, "RefCount"),
                  Field.named("sufficients", u32, "RefCount"),
                  Field.named("data", accountData, "AccountData"))));
  final int weight =
      composite(
          "sp_weights::weight_v2::Weight",
          Field.named("ref_time", compactU64, "u64"),
          Field.named("proof_size", compactU64, "u64"));
  final int dispatchClass =
      unitEnum("frame_support::dispatch::DispatchClass", "Normal", "Operational", "Mandatory");
  final int pays = unitEnum("frame_support::dispatch::Pays", "Yes", "No");
  final int dispatchInfo =
      composite(
          "frame_support::dispatch::DispatchInfo",
          Field.named("weight", weight, "Weight"),
          Field.named("class", dispatchClass, "DispatchClass"),
          Field.named("pays_fee", pays, "Pays"));
  final int moduleError =
      composite(
          "sp_runtime::ModuleError",
          Field.named("index", u8, "u8"),
          Field.named("error", bytes4, "[u8; MAX_MODULE_ERROR_ENCODED_SIZE]"));
  final int tokenError =
      unitEnum(
          "sp_runtime::TokenError",
          "FundsUnavailable",
          "OnlyProvider",
          "BelowMinimum",
          "CannotCreate",
          "UnknownAsset",
          "Frozen",
          "Unsupported",
          "CannotCreateHold",
          "NotExpendable",
          "Blocked");
  final int arithmeticError =
      unitEnum("sp_arithmetic::ArithmeticError", "Underflow", "Overflow", "DivisionByZero");
  final int transactionalError =
      unitEnum("sp_runtime::TransactionalError", "LimitReached", "NoLayer");
  final int dispatchError =
      variants(
          "sp_runtime::DispatchError",
          v("Other", 0),
          v("CannotLookup", 1),
          v("BadOrigin", 2),
          v("Module", 3, Field.unnamed(moduleError, "ModuleError")),
          v("ConsumerRemaining", 4),
          v("NoProviders", 5),
          v("TooManyConsumers", 6),
          v("Token", 7, Field.unnamed(tokenError, "TokenError")),
          v("Arithmetic", 8, Field.unnamed(arithmeticError, "ArithmeticError")),
          v("Transactional", 9, Field.unnamed(transactionalError, "TransactionalError")),
          v("Exhausted", 10),
          v("Corruption", 11),
          v("Unavailable", 12),
          v("RootNotAllowed", 13));
  final int dispatchResult = reg.result(unit, dispatchError);
  final int multiAddress =
      reg.add(
          path("sp_runtime::multiaddress::MultiAddress"),
          List.of(new Param("AccountId", accountId), new Param("AccountIndex", u32)),
          new TypeDef.Variant(
              List.of(
                  v("Id", 0, Field.unnamed(accountId, "AccountId")),
                  v("Index", 1, Field.unnamed(compactU32, "AccountIndex")),
                  v("Raw", 2, Field.unnamed(vecU8, "Vec<u8>")),
                  v("Address32", 3, Field.unnamed(bytes32, "[u8; 32]")),
                  v("Address20", 4, Field.unnamed(bytes20, "[u8; 20]")))));
  final int multiSignature =
      variants(
          "sp_runtime::MultiSignature",
          v("Ed25519", 0, Field.unnamed(bytes64, "ed25519::Signature")),
          v("Sr25519", 1, Field.unnamed(bytes64, "sr25519::Signature")),
          v("Ecdsa", 2, Field.unnamed(bytes65, "ecdsa::Signature")));
  final int era = era();
  final int phase =
      variants(
          "frame_system::Phase",
          v("ApplyExtrinsic", 0, Field.unnamed(u32, "u32")),
          v("Finalization", 1),
          v("Initialization", 2));
  final int vecH256 = reg.sequence(h256);
  final int balanceStatus =
      unitEnum("frame_support::traits::tokens::misc::BalanceStatus", "Free", "Reserved");
  final int reasons = unitEnum("pallet_balances::types::Reasons", "Fee", "Misc", "All");
  final int balanceLock =
      reg.add(
          path("pallet_balances::types::BalanceLock"),
          List.of(new Param("Balance", u128)),
          new TypeDef.Composite(
              List.of(
                  Field.named("id", bytes8, "LockIdentifier"),
                  Field.named("amount", u128, "Balance"),
                  Field.named("reasons", reasons, "Reasons"))));
  final int reserveData =
      reg.add(
          path("pallet_balances::types::ReserveData"),
          List.of(new Param("ReserveIdentifier", bytes8), new Param("Balance", u128)),
          new TypeDef.Composite(
              List.of(
                  Field.named("id", bytes8, "ReserveIdentifier"),
                  Field.named("amount", u128, "Balance"))));
  final int vecBalanceLock = reg.sequence(balanceLock);
  final int vecReserveData = reg.sequence(reserveData);
  final int fixedU128 =
      composite("sp_arithmetic::fixed_point::FixedU128", Field.unnamed(u128, "u128"));
  final int runtimeVersion =
      composite(
          "sp_version::RuntimeVersion",
          Field.named("spec_name", str, "Cow<'static, str>"),
          Field.named("impl_name", str, "Cow<'static, str>"),
          Field.named("authoring_version", u32, "u32"),
          Field.named("spec_version", u32, "u32"),
          Field.named("impl_version", u32, "u32"),
          Field.named("apis", reg.sequence(reg.tuple(bytes8, u32)), "ApisVec"),
          Field.named("transaction_version", u32, "u32"),
          Field.named("state_version", u8, "u8"));

  /** Reserved: defined once every pallet's call enum exists. */
  final int runtimeCall = reg.reserve();

  final int runtimeEvent = reg.reserve();
  final int vecRuntimeCall = reg.sequence(runtimeCall);

  /** The type of field {@code i} of composite {@code id}. */
  int get(int id, int i) {
    return ((TypeDef.Composite) reg.get(id).def()).fields().get(i).type();
  }

  static List<String> path(String p) {
    return Arrays.asList(p.split("::"));
  }

  int composite(String path, Field... fields) {
    return reg.add(path(path), List.of(), new TypeDef.Composite(List.of(fields)));
  }

  int variants(String path, VariantDef... vs) {
    return reg.add(path(path), List.of(), new TypeDef.Variant(List.of(vs)));
  }

  /**
   * A pallet's call/event/error enum, with the pallet's generic parameter erased as scale-info
   * does.
   */
  int palletEnum(String path, VariantDef... vs) {
    return reg.add(path(path), List.of(new Param("T", -1)), new TypeDef.Variant(List.of(vs)));
  }

  int unitEnum(String path, String... names) {
    VariantDef[] vs = new VariantDef[names.length];
    for (int i = 0; i < names.length; i++) {
      vs[i] = v(names[i], i);
    }
    return variants(path, vs);
  }

  static VariantDef v(String name, int index, Field... fields) {
    return new VariantDef(name, List.of(fields), index, List.of());
  }

  static VariantDef doc(String name, int index, String doc, Field... fields) {
    return new VariantDef(name, List.of(fields), index, List.of(doc));
  }

  /** A pallet error variant: its name and the one-sentence doc clients show with it. */
  record ErrorDoc(String name, String doc) {}

  static ErrorDoc err(String name, String doc) {
    return new ErrorDoc(name, doc);
  }

  static Field f(String name, int type, String typeName) {
    return Field.named(name, type, typeName);
  }

  /**
   * {@code Era}: Immortal, then Mortal1..Mortal255 each carrying the second byte, as scale-info
   * lists it.
   */
  private int era() {
    List<VariantDef> vs = new ArrayList<>(256);
    vs.add(v("Immortal", 0));
    for (int i = 1; i < 256; i++) {
      vs.add(v("Mortal" + i, i, Field.unnamed(u8, null)));
    }
    return reg.add(path("sp_runtime::generic::era::Era"), List.of(), new TypeDef.Variant(vs));
  }
}
