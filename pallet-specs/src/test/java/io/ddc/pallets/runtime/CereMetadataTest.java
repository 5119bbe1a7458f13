package io.ddc.pallets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.metadata.PalletMetadata;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.metadata.TypeDef;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dev runtime's metadata documents its errors as a FRAME runtime does: clients (polkadot-js
 * {@code findMetaError}, our chain adapter) show a failed extrinsic's error with its doc.
 */
class CereMetadataTest {
  private final RuntimeMetadata md = CereMetadata.of(RuntimeConfig.dev());

  @Test
  void everyErrorVariantOfEveryPalletHasADoc() {
    List<String> errors = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    for (PalletMetadata p : md.pallets()) {
      if (p.errorType() < 0) {
        continue;
      }
      TypeDef.Variant en = (TypeDef.Variant) md.types().get(p.errorType()).def();
      for (VariantDef v : en.variants()) {
        String name = p.name() + "." + v.name();
        errors.add(name);
        if (v.docs().stream().allMatch(String::isBlank)) {
          undocumented.add(name);
        }
      }
    }
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
  void errorDocsKeepTheVariantIndices() {
    TypeDef.Variant customers =
        (TypeDef.Variant) md.types().get(md.pallet("DdcCustomers").errorType()).def();
    VariantDef noBucket = customers.at(6);
    assertThat(noBucket.name()).isEqualTo("NoBucketWithId");
    assertThat(noBucket.docs()).containsExactly("The bucket does not exist.");
    assertThat(customers.at(15).name()).isEqualTo("ClusterMismatch");
  }
}
