package io.ddc.pallets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.metadata.PalletMetadata;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.metadata.TypeDef;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The dev runtime's metadata documents its calls, events and errors as a FRAME runtime does:
 * clients show a call's doc with the extrinsic ({@code api.tx.<pallet>.<call>.meta.docs}), an
 * event's with the event, and a failed extrinsic's error with its doc (polkadot-js {@code
 * findMetaError}, our chain adapter).
 */
class CereMetadataTest {
  private final RuntimeMetadata md = CereMetadata.of(RuntimeConfig.dev());

  /**
   * Adds "Pallet.Variant" to {@code names} for every variant of the pallets' enums that {@code
   * type} selects (-1 when a pallet has none), and to {@code undocumented} when it has no doc line
   * that is not blank.
   */
  private void collect(
      ToIntFunction<PalletMetadata> type, List<String> names, List<String> undocumented) {
    for (PalletMetadata p : md.pallets()) {
      int id = type.applyAsInt(p);
      if (id < 0) {
        continue;
      }
      TypeDef.Variant en = (TypeDef.Variant) md.types().get(id).def();
      for (VariantDef v : en.variants()) {
        String name = p.name() + "." + v.name();
        names.add(name);
        if (v.docs().stream().allMatch(String::isBlank)) {
          undocumented.add(name);
        }
      }
    }
  }

  @Test
  void everyErrorVariantOfEveryPalletHasADoc() {
    List<String> errors = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    collect(PalletMetadata::errorType, errors, undocumented);
    assertThat(errors)
        .contains(
            "System.InvalidSpecName",
            "Utility.TooManyCalls",
            "Balances.InsufficientBalance",
            "Sudo.RequireSudo",
            "DdcStaking.NotController",
            "DdcCustomers.NoBucketWithId",
            "DdcNodes.NodeDoesNotExist",
            "DdcClusters.ClusterDoesNotExist",
            "DdcPayouts.PayoutReceiptDoesNotExist",
            "DdcVerification.BadRequest",
            "DdcClustersGov.NotClusterMember");
    assertThat(undocumented).as("error variants without a doc").isEmpty();
  }

  @Test
  void everyCallVariantOfEveryPalletHasADoc() {
    List<String> calls = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    collect(PalletMetadata::callType, calls, undocumented);
    assertThat(calls)
        .contains(
            "System.remark",
            "Utility.batch",
            "Timestamp.set",
            "Balances.transfer_allow_death",
            "Sudo.sudo",
            "DdcStaking.bond",
            "DdcCustomers.create_bucket",
            "DdcNodes.create_node",
            "DdcClusters.create_cluster",
            "DdcPayouts.commit_payout_fingerprint",
            "DdcVerification.report_faulty_node",
            "DdcClustersGov.activate_cluster_protocol");
    assertThat(undocumented).as("call variants without a doc").isEmpty();
  }

  @Test
  void everyEventVariantOfEveryPalletHasADoc() {
    List<String> events = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    collect(PalletMetadata::eventType, events, undocumented);
    assertThat(events)
        .contains(
            "System.ExtrinsicSuccess",
            "Utility.BatchInterrupted",
            "Balances.Transfer",
            "TransactionPayment.TransactionFeePaid",
            "Sudo.Sudid",
            "DdcStaking.Bonded",
            "DdcCustomers.Deposited",
            "DdcNodes.NodeCreated",
            "DdcClusters.ClusterCreated",
            "DdcPayouts.PayoutInitialized",
            "DdcVerification.FaultyNodeRemoved");
    assertThat(undocumented).as("event variants without a doc").isEmpty();
  }

  @Test
  void callDocsKeepTheVariantIndicesAndFields() {
    TypeDef.Variant customers =
        (TypeDef.Variant) md.types().get(md.pallet("DdcCustomers").callType()).def();
    VariantDef create = customers.named("create_bucket");
    assertThat(create.index()).isZero();
    assertThat(create.fields())
        .extracting(TypeDef.Field::name)
        .containsExactly("cluster_id", "bucket_params");
    assertThat(create.docs()).singleElement().asString().startsWith("Creates a bucket");
    TypeDef.Variant verification =
        (TypeDef.Variant) md.types().get(md.pallet("DdcVerification").callType()).def();
    assertThat(verification.at(20).name()).isEqualTo("report_faulty_node");
    assertThat(verification.at(20).docs()).hasSize(1);
  }

  @Test
  void errorDocsKeepTheVariantIndices() {
    TypeDef.Variant customers =
        (TypeDef.Variant) md.types().get(md.pallet("DdcCustomers").errorType()).def();
    VariantDef noBucket = customers.at(6);
    assertThat(noBucket.name()).isEqualTo("NoBucketWithId");
    assertThat(noBucket.docs()).containsExactly("The bucket does not exist.");
    assertThat(customers.at(15).name()).isEqualTo("ClusterMismatch");
  }
}
