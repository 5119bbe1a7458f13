package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.runtime.CereMetadata;
import io.ddc.pallets.runtime.RuntimeConfig;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's V14 reader parses the metadata pallet-specs generates for the dev runtime. */
class PalletMetadataTest {
  private final Metadata m = Metadata.parse(CereMetadata.of(RuntimeConfig.dev()).toBytes());

  @Test
  void palletsAtTheRealIndices() {
    Map<String, Integer> want =
        Map.of(
            "System",
            0,
            "Utility",
            1,
            "Timestamp",
            3,
            "Balances",
            6,
            "TransactionPayment",
            7,
            "Sudo",
            14);
    want.forEach((name, index) -> assertThat(m.pallet(name).index()).as(name).isEqualTo(index));
    assertThat(m.pallet(6).name()).isEqualTo("Balances");
    assertThat(m.pallet("TransactionPayment").callType()).isEqualTo(-1);
  }

  @Test
  void signedExtensionsInTheDevLineOrder() {
    assertThat(m.extrinsicVersion()).isEqualTo(4);
    assertThat(m.signedExtensions().stream().map(Metadata.SignedExtension::identifier).toList())
        .containsExactly(
            "AuthorizeCall",
            "CheckNonZeroSender",
            "CheckSpecVersion",
            "CheckTxVersion",
            "CheckGenesis",
            "CheckMortality",
            "CheckNonce",
            "CheckWeight",
            "ChargeTransactionPayment",
            "WeightReclaim");
    assertThat(m.isEmptyType(m.signedExtensions().get(0).type())).isTrue();
    assertThat(m.isEmptyType(m.signedExtensions().get(5).type())).isFalse();
  }

  @Test
  void storageEntriesDecodeTheirDefaults() {
    Metadata.StorageEntry account = m.storage("System", "Account");
    assertThat(account.hashers()).containsExactly("Blake2_128Concat");
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) m.decode(account.valueType(), account.def());
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) info.get("data");
    assertThat(data.get("free")).isEqualTo(BigInteger.ZERO);
    assertThat(data.get("flags")).isEqualTo(BigInteger.ONE.shiftLeft(127));
    Metadata.StorageEntry events = m.storage("System", "Events");
    assertThat((List<?>) m.decode(events.valueType(), events.def())).isEmpty();
    assertThat(m.storage("Balances", "TotalIssuance").keyType()).isEqualTo(-1);
  }

  @Test
  void moduleErrorsResolveToTheirNames() {
    Variant err = new Variant("Module", 3, Map.of("index", 6, "error", new byte[] {2, 0, 0, 0}));
    ExtrinsicFailedException e = m.dispatchError(err, "0x00");
    assertThat(e.getMessage()).contains("Balances").contains("InsufficientBalance");
  }

  @Test
  void moduleErrorMessagesCarryTheErrorDoc() {
    int customers = m.pallet("DdcCustomers").index();
    Variant err =
        new Variant("Module", 3, Map.of("index", customers, "error", new byte[] {6, 0, 0, 0}));
    ExtrinsicFailedException e = m.dispatchError(err, "0xab");
    assertThat(e.pallet()).isEqualTo("DdcCustomers");
    assertThat(e.error()).isEqualTo("NoBucketWithId");
    assertThat(e.getMessage())
        .isEqualTo(
            "extrinsic failed in block 0xab: DdcCustomers.NoBucketWithId (The bucket does not"
                + " exist.)");
  }
}
