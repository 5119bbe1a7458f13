package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.Types.doc;
import static io.ddc.pallets.runtime.Types.err;
import static io.ddc.pallets.runtime.Types.f;
import static io.ddc.pallets.runtime.Types.v;

import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.metadata.PalletMetadata;
import io.ddc.pallets.metadata.PalletMetadata.Constant;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.metadata.RuntimeMetadata.SignedExtension;
import io.ddc.pallets.metadata.StorageEntry;
import io.ddc.pallets.metadata.TypeDef;
import io.ddc.pallets.metadata.TypeDef.Field;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import io.ddc.pallets.metadata.TypeRegistry.Param;
import io.ddc.pallets.runtime.Types.ErrorDoc;
import io.ddc.pallets.scale.ScaleWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the metadata V14 of the dev runtime from the Java description of its pallets: System 0,
 * Utility 1, Timestamp 3, Balances 6, TransactionPayment 7, Sudo 14 and the DDC pallets at 35..38,
 * with the dev line's signed extensions in order.
 */
public final class CereMetadata {
  final Types t = new Types();
  final List<PalletMetadata> pallets = new ArrayList<>();
  private final Map<String, Integer> callTypes = new LinkedHashMap<>();
  private final Map<String, Integer> eventTypes = new LinkedHashMap<>();
  private final Map<String, Integer> indices = new LinkedHashMap<>();
  final RuntimeMetadata metadata;
  DdcMetadata ddc;
  final int extrinsicType;

  /** The metadata of the runtime described by {@code config}. */
  public static RuntimeMetadata of(RuntimeConfig config) {
    return new CereMetadata(config).metadata;
  }

  CereMetadata(RuntimeConfig config) {
    system(config);
    utility();
    timestamp(config);
    balances(config);
    transactionPayment(config);
    sudo();
    ddc = new DdcMetadata(this);
    ddc.register();
    new PayoutMetadata(this).register();
    pallets.sort((a, b) -> Integer.compare(a.index(), b.index()));
    defineOuter(t.runtimeCall, "RuntimeCall", callTypes, "CallableCallFor<");
    defineOuter(t.runtimeEvent, "RuntimeEvent", eventTypes, "Event<");
    List<SignedExtension> ext = signedExtensions();
    List<Integer> extraTypes = new ArrayList<>();
    for (SignedExtension s : ext) {
      extraTypes.add(s.type());
    }
    int extra = t.reg.tuple(extraTypes.toArray(Integer[]::new));
    extrinsicType =
        t.reg.add(
            Types.path("sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic"),
            List.of(
                new Param("Address", t.multiAddress),
                new Param("Call", t.runtimeCall),
                new Param("Signature", t.multiSignature),
                new Param("Extra", extra)),
            new TypeDef.Composite(List.of(Field.unnamed(t.vecU8, null))));
    int runtime = t.composite(RuntimeConfig.CRATE + "::Runtime");
    metadata = new RuntimeMetadata(t.reg, pallets, extrinsicType, 4, ext, runtime);
  }

  private void defineOuter(int id, String name, Map<String, Integer> parts, String typeNamePrefix) {
    List<VariantDef> vs = new ArrayList<>();
    parts.forEach(
        (pallet, type) ->
            vs.add(
                v(
                    pallet,
                    indices.get(pallet),
                    Field.unnamed(type, typeNamePrefix + pallet + ", Runtime>"))));
    vs.sort((a, b) -> Integer.compare(a.index(), b.index()));
    t.reg.define(
        id, Types.path(RuntimeConfig.CRATE + "::" + name), List.of(), new TypeDef.Variant(vs));
  }

  /** Registers a pallet; {@code calls}/{@code events}/{@code errors} are -1 when absent. */
  void pallet(
      String name,
      int index,
      List<StorageEntry> storage,
      int calls,
      int events,
      List<Constant> consts,
      int errors) {
    pallets.add(new PalletMetadata(name, index, storage, calls, events, consts, errors));
    indices.put(name, index);
    if (calls >= 0) {
      callTypes.put(name, calls);
    }
    if (events >= 0) {
      eventTypes.put(name, events);
    }
  }

  byte[] encode(int type, Object value) {
    ScaleWriter w = new ScaleWriter();
    t.reg.encodeValue(type, value, w);
    return w.toByteArray();
  }

  Constant constant(String name, int type, Object value, String doc) {
    return new Constant(name, type, encode(type, value), List.of(doc));
  }

  static final byte[] NONE = {0};

  private void system(RuntimeConfig c) {
    int calls =
        t.palletEnum(
            "frame_system::pallet::Call",
            doc("remark", 0, "Make some on-chain remark.", f("remark", t.vecU8, "Vec<u8>")),
            doc(
                "remark_with_event",
                7,
                "Make some on-chain remark and emit an event.",
                f("remark", t.vecU8, "Vec<u8>")));
    int events =
        t.palletEnum(
            "frame_system::pallet::Event",
            doc(
                "ExtrinsicSuccess",
                0,
                "An extrinsic completed successfully.",
                f("dispatch_info", t.dispatchInfo, "DispatchInfo")),
            doc(
                "ExtrinsicFailed",
                1,
                "An extrinsic failed.",
                f("dispatch_error", t.dispatchError, "DispatchError"),
                f("dispatch_info", t.dispatchInfo, "DispatchInfo")),
            doc("CodeUpdated", 2, "`:code` was updated."),
            doc(
                "NewAccount",
                3,
                "A new account was created.",
                f("account", t.accountId, "T::AccountId")),
            doc(
                "KilledAccount",
                4,
                "An account was reaped.",
                f("account", t.accountId, "T::AccountId")),
            doc(
                "Remarked",
                5,
                "On on-chain remark happened.",
                f("sender", t.accountId, "T::AccountId"),
                f("hash", t.h256, "T::Hash")));
    int errors =
        errorEnum(
            "frame_system::pallet::Error",
            err("InvalidSpecName", "The new runtime's spec name differs from the current one."),
            err(
                "SpecVersionNeedsToIncrease",
                "The new runtime's spec version is not higher than the current one."),
            err(
                "FailedToExtractRuntimeVersion",
                "The version of the new runtime could not be read."),
            err("NonDefaultComposite", "The account still holds data, so it cannot be removed."),
            err(
                "NonZeroRefCount",
                "The account is still referenced by other state, so it cannot be removed."),
            err("CallFiltered", "The call is not allowed for this origin."),
            err(
                "MultiBlockMigrationsOngoing",
                "A multi-block migration is running, so the runtime code cannot be replaced yet."),
            err("NothingAuthorized", "No runtime upgrade has been authorized."),
            err("Unauthorized", "The submitted runtime code is not the authorized upgrade."));
    int eventRecord =
        t.reg.add(
            Types.path("frame_system::EventRecord"),
            List.of(new Param("E", t.runtimeEvent), new Param("T", t.h256)),
            new TypeDef.Composite(
                List.of(
                    f("phase", t.phase, "Phase"),
                    f("event", t.runtimeEvent, "E"),
                    f("topics", t.vecH256, "Vec<T>"))));
    int events2 = t.reg.sequence(eventRecord);
    byte[] defaultAccount = encode(t.accountInfo, AccountInfo.EMPTY.toValue());
    List<StorageEntry> storage =
        List.of(
            StorageEntry.map(
                "Account",
                false,
                List.of(Hasher.BLAKE2_128_CONCAT),
                t.accountId,
                t.accountInfo,
                defaultAccount,
                "The full account information for a particular account ID."),
            StorageEntry.plain(
                "ExtrinsicCount",
                true,
                t.u32,
                NONE,
                "Total extrinsics count for the current block."),
            StorageEntry.map(
                "BlockHash",
                false,
                List.of(Hasher.TWOX_64_CONCAT),
                t.u32,
                t.h256,
                new byte[32],
                "Map of block numbers to block hashes."),
            StorageEntry.plain(
                "Number", false, t.u32, new byte[4], "The current block number being processed."),
            StorageEntry.plain(
                "ParentHash", false, t.h256, new byte[32], "Hash of the previous block."),
            StorageEntry.plain(
                "Events", false, events2, NONE, "Events deposited for the current block."),
            StorageEntry.plain(
                "EventCount",
                false,
                t.u32,
                new byte[4],
                "The number of events in the `Events<T>` list."));
    List<Constant> consts =
        List.of(
            constant(
                "BlockHashCount",
                t.u32,
                RuntimeConfig.BLOCK_HASH_COUNT,
                "Maximum number of block number to block hash mappings to keep."),
            constant(
                "Version", t.runtimeVersion, c.versionValue(), "Get the chain's in-code version."),
            constant(
                "SS58Prefix", t.u16, c.ss58Prefix(), "The designated SS58 prefix of this chain."));
    pallet("System", 0, storage, calls, events, consts, errors);
  }

  /**
   * A pallet's error enum: each variant carries its doc (clients show it with the error), and its
   * index is its position in {@code errors}.
   */
  int errorEnum(String path, ErrorDoc... errors) {
    VariantDef[] vs = new VariantDef[errors.length];
    for (int i = 0; i < errors.length; i++) {
      vs[i] = doc(errors[i].name(), i, errors[i].doc());
    }
    return t.palletEnum(path, vs);
  }

  private void utility() {
    Field callsField = f("calls", t.vecRuntimeCall, "Vec<<T as Config>::RuntimeCall>");
    int calls =
        t.palletEnum(
            "pallet_utility::pallet::Call",
            doc(
                "batch",
                0,
                "Send a batch of dispatch calls; stops at the first failure.",
                callsField),
            doc(
                "batch_all",
                2,
                "Send a batch of dispatch calls and atomically execute them.",
                callsField),
            doc(
                "force_batch",
                4,
                "Send a batch of dispatch calls; failures do not stop the batch.",
                callsField));
    int events =
        t.palletEnum(
            "pallet_utility::pallet::Event",
            doc(
                "BatchInterrupted",
                0,
                "Batch of dispatches did not complete fully.",
                f("index", t.u32, "u32"),
                f("error", t.dispatchError, "DispatchError")),
            doc("BatchCompleted", 1, "Batch of dispatches completed fully with no error."),
            doc("BatchCompletedWithErrors", 2, "Batch of dispatches completed but has errors."),
            doc(
                "ItemCompleted",
                3,
                "A single item within a Batch of dispatches has completed with no error."),
            doc(
                "ItemFailed",
                4,
                "A single item within a Batch of dispatches has completed with error.",
                f("error", t.dispatchError, "DispatchError")),
            doc(
                "DispatchedAs",
                5,
                "A call was dispatched.",
                f("result", t.dispatchResult, "DispatchResult")));
    int errors =
        errorEnum(
            "pallet_utility::pallet::Error",
            err("TooManyCalls", "The batch has more calls than the limit allows."));
    List<Constant> consts =
        List.of(
            constant(
                "batched_calls_limit",
                t.u32,
                (long) RuntimeConfig.BATCHED_CALLS_LIMIT,
                "The limit on the number of batched calls."));
    pallet("Utility", 1, List.of(), calls, events, consts, errors);
  }

  private void timestamp(RuntimeConfig c) {
    int calls =
        t.palletEnum(
            "pallet_timestamp::pallet::Call",
            doc("set", 0, "Set the current time.", f("now", t.compactU64, "T::Moment")));
    List<StorageEntry> storage =
        List.of(
            StorageEntry.plain(
                "Now", false, t.u64, new byte[8], "The current time for the current block."),
            StorageEntry.plain(
                "DidUpdate",
                false,
                t.bool,
                NONE,
                "Whether the timestamp has been updated in this block."));
    pallet(
        "Timestamp",
        3,
        storage,
        calls,
        -1,
        List.of(
            constant(
                "MinimumPeriod",
                t.u64,
                RuntimeConfig.MINIMUM_PERIOD_MS,
                "The minimum period between blocks.")),
        -1);
  }

  private void balances(RuntimeConfig c) {
    Field dest = f("dest", t.multiAddress, "AccountIdLookupOf<T>");
    Field value = f("value", t.compactU128, "T::Balance");
    int calls =
        t.reg.add(
            Types.path("pallet_balances::pallet::Call"),
            List.of(new Param("T", -1), new Param("I", -1)),
            new TypeDef.Variant(
                List.of(
                    doc(
                        "transfer_allow_death",
                        0,
                        "Transfer some liquid free balance to another account.",
                        dest,
                        value),
                    doc(
                        "force_transfer",
                        2,
                        "Exactly as `transfer_allow_death`, except the origin must be root.",
                        f("source", t.multiAddress, "AccountIdLookupOf<T>"),
                        dest,
                        value),
                    doc(
                        "transfer_keep_alive",
                        3,
                        "Same as `transfer_allow_death`, but will not kill the origin account.",
                        dest,
                        value),
                    doc(
                        "transfer_all",
                        4,
                        "Transfer the entire transferable balance from the caller account.",
                        dest,
                        f("keep_alive", t.bool, "bool")),
                    doc(
                        "force_unreserve",
                        5,
                        "Unreserve some balance from a user by force.",
                        f("who", t.multiAddress, "AccountIdLookupOf<T>"),
                        f("amount", t.u128, "T::Balance")),
                    doc(
                        "force_set_balance",
                        8,
                        "Set the regular balance of a given account.",
                        f("who", t.multiAddress, "AccountIdLookupOf<T>"),
                        f("new_free", t.compactU128, "T::Balance")))));
    Field who = f("who", t.accountId, "T::AccountId");
    Field amount = f("amount", t.u128, "T::Balance");
    int events =
        t.reg.add(
            Types.path("pallet_balances::pallet::Event"),
            List.of(new Param("T", -1), new Param("I", -1)),
            new TypeDef.Variant(
                List.of(
                    doc(
                        "Endowed",
                        0,
                        "An account was created with some free balance.",
                        f("account", t.accountId, "T::AccountId"),
                        f("free_balance", t.u128, "T::Balance")),
                    doc(
                        "DustLost",
                        1,
                        "An account was removed whose balance was non-zero but below ExistentialDeposit.",
                        f("account", t.accountId, "T::AccountId"),
                        amount),
                    doc(
                        "Transfer",
                        2,
                        "Transfer succeeded.",
                        f("from", t.accountId, "T::AccountId"),
                        f("to", t.accountId, "T::AccountId"),
                        amount),
                    doc(
                        "BalanceSet",
                        3,
                        "A balance was set by root.",
                        who,
                        f("free", t.u128, "T::Balance")),
                    doc(
                        "Reserved",
                        4,
                        "Some balance was reserved (moved from free to reserved).",
                        who,
                        amount),
                    doc(
                        "Unreserved",
                        5,
                        "Some balance was unreserved (moved from reserved to free).",
                        who,
                        amount),
                    doc(
                        "ReserveRepatriated",
                        6,
                        "Some balance was moved from the reserve of the first account to the second account.",
                        f("from", t.accountId, "T::AccountId"),
                        f("to", t.accountId, "T::AccountId"),
                        amount,
                        f("destination_status", t.balanceStatus, "Status")),
                    doc(
                        "Deposit",
                        7,
                        "Some amount was deposited (e.g. for transaction fees).",
                        who,
                        amount),
                    doc(
                        "Withdraw",
                        8,
                        "Some amount was withdrawn from the account (e.g. for transaction fees).",
                        who,
                        amount),
                    doc(
                        "Slashed",
                        9,
                        "Some amount was removed from the account (e.g. for misbehavior).",
                        who,
                        amount))));
    int errors =
        t.reg.add(
            Types.path("pallet_balances::pallet::Error"),
            List.of(new Param("T", -1), new Param("I", -1)),
            new TypeDef.Variant(
                List.of(
                    doc("VestingBalance", 0, "Vesting balance too high to send value."),
                    doc(
                        "LiquidityRestrictions",
                        1,
                        "Account liquidity restrictions prevent withdrawal."),
                    doc("InsufficientBalance", 2, "Balance too low to send value."),
                    doc(
                        "ExistentialDeposit",
                        3,
                        "Value too low to create account due to existential deposit."),
                    doc("Expendability", 4, "Transfer/payment would kill account."),
                    doc(
                        "ExistingVestingSchedule",
                        5,
                        "A vesting schedule already exists for this account."),
                    doc("DeadAccount", 6, "Beneficiary account must pre-exist."),
                    doc("TooManyReserves", 7, "Number of named reserves exceed `MaxReserves`."),
                    doc(
                        "TooManyHolds",
                        8,
                        "Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`."),
                    doc("TooManyFreezes", 9, "Number of freezes exceed `MaxFreezes`."),
                    doc(
                        "IssuanceDeactivated",
                        10,
                        "The issuance cannot be modified since it is already deactivated."),
                    doc("DeltaZero", 11, "The delta cannot be zero."))));
    List<StorageEntry> storage =
        List.of(
            StorageEntry.plain(
                "TotalIssuance",
                false,
                t.u128,
                new byte[16],
                "The total units issued in the system."),
            StorageEntry.plain(
                "InactiveIssuance",
                false,
                t.u128,
                new byte[16],
                "The total units of outstanding deactivated balance."),
            StorageEntry.map(
                "Locks",
                false,
                List.of(Hasher.BLAKE2_128_CONCAT),
                t.accountId,
                t.vecBalanceLock,
                NONE,
                "Any liquidity locks on some account balances."),
            StorageEntry.map(
                "Reserves",
                false,
                List.of(Hasher.BLAKE2_128_CONCAT),
                t.accountId,
                t.vecReserveData,
                NONE,
                "Named reserves on some account balances."));
    List<Constant> consts =
        List.of(
            constant(
                "ExistentialDeposit",
                t.u128,
                RuntimeConfig.EXISTENTIAL_DEPOSIT,
                "The minimum amount required to keep an account open."),
            constant(
                "MaxLocks",
                t.u32,
                50L,
                "The maximum number of locks that should exist on an account."),
            constant(
                "MaxReserves",
                t.u32,
                50L,
                "The maximum number of named reserves that can exist on an account."),
            constant(
                "MaxFreezes",
                t.u32,
                0L,
                "The maximum number of individual freeze locks that can exist on an account."));
    pallet("Balances", 6, storage, calls, events, consts, errors);
  }

  private void transactionPayment(RuntimeConfig c) {
    int events =
        t.palletEnum(
            "pallet_transaction_payment::pallet::Event",
            doc(
                "TransactionFeePaid",
                0,
                "A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee, has been paid by `who`.",
                f("who", t.accountId, "T::AccountId"),
                f("actual_fee", t.u128, "BalanceOf<T>"),
                f("tip", t.u128, "BalanceOf<T>")));
    List<StorageEntry> storage =
        List.of(
            StorageEntry.plain(
                "NextFeeMultiplier",
                false,
                t.fixedU128,
                encode(t.fixedU128, RuntimeConfig.FEE_MULTIPLIER_ONE),
                "The fee multiplier for the next block."));
    List<Constant> consts =
        List.of(
            constant(
                "OperationalFeeMultiplier",
                t.u8,
                5,
                "A fee multiplier for `Operational` extrinsics."));
    pallet("TransactionPayment", 7, storage, -1, events, consts, -1);
  }

  private void sudo() {
    Field call = f("call", t.runtimeCall, "Box<<T as Config>::RuntimeCall>");
    int calls =
        t.palletEnum(
            "pallet_sudo::pallet::Call",
            doc(
                "sudo",
                0,
                "Authenticates the sudo key and dispatches a function call with `Root` origin.",
                call),
            doc(
                "sudo_unchecked_weight",
                1,
                "Like `sudo`, with a caller-given weight.",
                call,
                f("weight", t.weight, "Weight")),
            doc(
                "set_key",
                2,
                "Authenticates the current sudo key and sets the given AccountId as the new sudo key.",
                f("new", t.multiAddress, "AccountIdLookupOf<T>")),
            doc(
                "sudo_as",
                3,
                "Dispatches a call with a `Signed` origin from a given account.",
                f("who", t.multiAddress, "AccountIdLookupOf<T>"),
                call),
            doc("remove_key", 4, "Permanently removes the sudo key."));
    int events =
        t.palletEnum(
            "pallet_sudo::pallet::Event",
            doc(
                "Sudid",
                0,
                "A sudo call just took place.",
                f("sudo_result", t.dispatchResult, "DispatchResult")),
            doc(
                "KeyChanged",
                1,
                "The sudo key has been updated.",
                f("old", t.optionAccountId, "Option<T::AccountId>"),
                f("new", t.accountId, "T::AccountId")),
            doc("KeyRemoved", 2, "The key was permanently removed."),
            doc(
                "SudoAsDone",
                3,
                "A sudo call just took place.",
                f("sudo_result", t.dispatchResult, "DispatchResult")));
    int errors =
        t.palletEnum(
            "pallet_sudo::pallet::Error",
            doc("RequireSudo", 0, "Sender must be the Sudo account."));
    pallet(
        "Sudo",
        14,
        List.of(
            StorageEntry.plain("Key", true, t.accountId, NONE, "The `AccountId` of the sudo key.")),
        calls,
        events,
        List.of(),
        errors);
  }

  private List<SignedExtension> signedExtensions() {
    List<SignedExtension> out = new ArrayList<>();
    out.add(
        ext("AuthorizeCall", "frame_system::extensions::authorize_call::AuthorizeCall", t.unit));
    out.add(
        ext(
            "CheckNonZeroSender",
            "frame_system::extensions::check_non_zero_sender::CheckNonZeroSender",
            t.unit));
    out.add(
        ext(
            "CheckSpecVersion",
            "frame_system::extensions::check_spec_version::CheckSpecVersion",
            t.u32));
    out.add(
        ext("CheckTxVersion", "frame_system::extensions::check_tx_version::CheckTxVersion", t.u32));
    out.add(ext("CheckGenesis", "frame_system::extensions::check_genesis::CheckGenesis", t.h256));
    out.add(
        ext(
            "CheckMortality",
            "frame_system::extensions::check_mortality::CheckMortality",
            t.h256,
            Field.unnamed(t.era, "Era")));
    out.add(
        ext(
            "CheckNonce",
            "frame_system::extensions::check_nonce::CheckNonce",
            t.unit,
            Field.unnamed(t.compactU32, "T::Nonce")));
    out.add(ext("CheckWeight", "frame_system::extensions::check_weight::CheckWeight", t.unit));
    out.add(
        ext(
            "ChargeTransactionPayment",
            "pallet_transaction_payment::ChargeTransactionPayment",
            t.unit,
            Field.unnamed(t.compactU128, "BalanceOf<T>")));
    out.add(
        ext("WeightReclaim", "frame_system::extensions::weight_reclaim::WeightReclaim", t.unit));
    return out;
  }

  private SignedExtension ext(String id, String path, int additional, Field... fields) {
    int type =
        t.reg.add(
            Types.path(path), List.of(new Param("T", -1)), new TypeDef.Composite(List.of(fields)));
    return new SignedExtension(id, type, additional);
  }

  static EnumValue call(String pallet, String call, Object args) {
    return new EnumValue(pallet, new EnumValue(call, args));
  }
}
