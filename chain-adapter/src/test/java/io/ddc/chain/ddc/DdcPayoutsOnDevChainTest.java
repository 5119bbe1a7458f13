package io.ddc.chain.ddc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.EventRecord;
import io.ddc.chain.client.ExtrinsicFailedException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.StorageKeys;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import io.ddc.chain.dev.PalletRuntime;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.Charge;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.PayoutTree;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.Genesis;
import io.ddc.pallets.runtime.RuntimeConfig;
import io.ddc.pallets.scale.ScaleReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole dev-line payout through JSON-RPC on the embedded dev chain: three genesis validators
 * commit the same fingerprint, one of them drives the payout (charging batches, fees, rewarding
 * batches, end), and the balances, the receipt, the cluster's last paid era and the total issuance
 * agree with the billing math to the unit.
 */
@Timeout(120)
class DdcPayoutsOnDevChainTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  static final HexFormat HEX = HexFormat.of();
  @TempDir Path dataDir;

  static Signer signer(String uri) {
    return Signer.of(Keys.fromUri(uri, KeyScheme.ED25519));
  }

  static BigInteger cere(long n) {
    return CERE.multiply(BigInteger.valueOf(n));
  }

  static BigInteger issuance(SubstrateClient client) {
    byte[] v = client.storage(StorageKeys.prefix("Balances", "TotalIssuance"), null).join();
    return new ScaleReader(v).u128();
  }

  static BigInteger free(SubstrateClient client, byte[] account) {
    return client.account(account).join().free();
  }

  static long head(SubstrateClient client) {
    JsonObject h = (JsonObject) client.rpc().call("chain_getHeader", new JsonArray()).join();
    return Long.decode(h.getString("number"));
  }

  /** The transaction fees of blocks {@code from}..{@code to} (burnt by the dev runtime). */
  static BigInteger feesBetween(SubstrateClient client, long from, long to) {
    BigInteger sum = BigInteger.ZERO;
    for (long n = from; n <= to; n++) {
      String hash = (String) client.rpc().call("chain_getBlockHash", new JsonArray().add(n)).join();
      for (EventRecord e : client.events(HEX.parseHex(hash.substring(2))).join()) {
        if (e.is("TransactionPayment", "TransactionFeePaid")) {
          sum = sum.add((BigInteger) ((Map<?, ?>) e.fields()).get("actual_fee"));
        }
      }
    }
    return sum;
  }

  @Test
  void threeValidatorsAgreeAndPayAnEra() {
    Signer alice = signer("//Alice");
    Signer bob = signer("//Bob");
    Signer ferdie = signer("//Ferdie");
    List<Signer> validators = List.of(signer("//Charlie"), signer("//Dave"), signer("//Eve"));
    Genesis genesis =
        Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT)
            .withValidators(validators.stream().map(Signer::accountId).toList());
    byte[] cluster = new byte[20];
    cluster[19] = 1;
    try (DevChain chain =
            DevChain.start(
                    new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir),
                    new PalletRuntime(new CereRuntime(RuntimeConfig.dev(), genesis)))
                .join();
        SubstrateClient client =
            SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join()) {
      DdcChain ddc = new DdcChain(client);
      FeeShares shares =
          new FeeShares(
              Perquintill.fromPercent(1), Perquintill.fromPercent(10), Perquintill.fromPercent(2));
      Pricing pricing = Pricing.of(300_000_000L, 200_000_000L, 4_000_000L, 5_000_000L);
      DdcChain.ProtocolParams params =
          new DdcChain.ProtocolParams(
              shares.treasury().parts(),
              shares.validators().parts(),
              shares.clusterReserve().parts(),
              cere(100),
              0,
              0,
              pricing.perMbStored(),
              pricing.perMbStreamed(),
              pricing.perPutRequest(),
              pricing.perGetRequest());
      ddc.createCluster(alice, cluster, bob.accountId(), 4, 6, 3, params).join();
      assertThat(ddc.validatorSet().join())
          .containsExactlyElementsOf(validators.stream().map(Signer::accountId).toList());
      DdcChain.ProtocolParams read = ddc.protocolParams(cluster).join().orElseThrow();
      assertThat(read).usingRecursiveComparison().isEqualTo(params);

      // usage of one day: Ferdie stores and streams a lot, Alice a little
      long day = 86_400;
      Charge ferdieCharge =
          Billing.customerCharge(new Usage(40L << 30, 100L << 30, 10_000, 50_000), pricing, day);
      Charge aliceCharge =
          Billing.customerCharge(new Usage(1L << 30, 2L << 30, 100, 500), pricing, day);
      ddc.deposit(ferdie, cluster, cere(5_000)).join();
      ddc.deposit(alice, cluster, cere(5_000)).join();
      List<PayoutEntry> payers =
          List.of(
              new PayoutEntry(ferdie.accountId(), ferdieCharge.total()),
              new PayoutEntry(alice.accountId(), aliceCharge.total()));
      Charge pool = ferdieCharge.plus(aliceCharge);
      Usage node1 = new Usage(30L << 30, 51L << 30, 6_000, 30_000);
      Usage node2 = new Usage(11L << 30, 51L << 30, 4_100, 20_500);
      byte[] provider1 = bob.accountId();
      byte[] provider2 = signer("//Ferdie//stash").accountId();
      List<BigInteger> rewards =
          Billing.providerPayouts(List.of(node1, node2), pool, shares, pool.total());
      BigInteger reward1 = rewards.get(0);
      BigInteger reward2 = rewards.get(1);
      List<PayoutEntry> payees =
          List.of(new PayoutEntry(provider1, reward1), new PayoutEntry(provider2, reward2));
      PayoutTree payersTree = new PayoutTree(payers);
      PayoutTree payeesTree = new PayoutTree(payees);
      long era = 20_000;
      String ehd = PayoutFingerprint.ehdId(cluster, validators.get(0).accountId(), era);
      byte[] fp = PayoutFingerprint.hash(cluster, ehd, payersTree.root(), payeesTree.root());

      ddc.commitPayoutFingerprint(
              validators.get(0), cluster, ehd, payersTree.root(), payeesTree.root())
          .join();
      assertThatThrownBy(() -> ddc.beginPayout(validators.get(0), cluster, era, fp).join())
          .cause()
          .isInstanceOf(ExtrinsicFailedException.class)
          .hasMessageContaining("NoQuorumOnPayoutFingerprint");
      for (Signer v : validators.subList(1, 3)) {
        ddc.commitPayoutFingerprint(v, cluster, ehd, payersTree.root(), payeesTree.root()).join();
      }
      DdcChain.CommittedFingerprint committed = ddc.payoutFingerprint(fp).join().orElseThrow();
      assertThat(committed.validators()).hasSize(3);
      assertThat(committed.ehdId()).isEqualTo(ehd);

      BigInteger issuanceBefore = issuance(client);
      long firstBlock = head(client) + 1;
      BigInteger ferdieBefore =
          ddc.deposit(cluster, ferdie.accountId()).join().orElseThrow().active();
      BigInteger p1Before = free(client, provider1);
      DdcChain.PayoutReceipt receipt =
          PayoutDriving.drivePayout(
                  ddc, validators.get(1), cluster, era, fp, payersTree, payeesTree)
              .join();
      long lastBlock = head(client);

      assertThat(receipt.state()).isEqualTo("Finalized");
      assertThat(receipt.finalizedAt()).isNotNull();
      assertThat(receipt.totalCollectedCharges()).isEqualTo(pool.total());
      assertThat(ddc.lastPaidEra(cluster).join()).contains(era);
      assertThat(ddc.deposit(cluster, ferdie.accountId()).join().orElseThrow().active())
          .isEqualTo(ferdieBefore.subtract(ferdieCharge.total()));
      assertThat(ddc.debt(cluster, ferdie.accountId()).join()).isZero();
      assertThat(free(client, provider2)).isEqualTo(reward2);
      // //Bob also receives the cluster reserve's 2 %
      BigInteger reserveFee = shares.clusterReserve().mul(pool.total());
      assertThat(free(client, provider1).subtract(p1Before)).isEqualTo(reward1.add(reserveFee));
      BigInteger dust =
          receipt
              .totalCollectedCharges()
              .subtract(receipt.totalDistributedRewards())
              .subtract(receipt.totalSettledFees());
      assertThat(dust).isBetween(BigInteger.ZERO, BigInteger.valueOf(100_000));
      assertThat(free(client, receipt.vault()))
          .isEqualTo(RuntimeConfig.EXISTENTIAL_DEPOSIT.add(dust));
      // the payout moved money and minted or burnt none: only the transaction fees are gone
      assertThat(issuance(client))
          .isEqualTo(issuanceBefore.subtract(feesBetween(client, firstBlock, lastBlock)));

      // a second drive finds the payout finalized and does nothing
      assertThat(
              PayoutDriving.drivePayout(
                      ddc, validators.get(2), cluster, era, fp, payersTree, payeesTree)
                  .join()
                  .state())
          .isEqualTo("Finalized");
      assertThat(head(client)).isEqualTo(lastBlock);
    }
  }

  @Test
  void genesisValidatorsFromTheOptionsThenSudoSetAndFaultyNodeRemoval() {
    Signer alice = signer("//Alice");
    Signer bob = signer("//Bob");
    Signer charlie = signer("//Charlie");
    Signer dave = signer("//Dave");
    Signer eve = signer("//Eve");
    Signer ferdie = signer("//Ferdie");
    byte[] node = Keys.fromUri("//node-1", KeyScheme.ED25519).publicKey();
    byte[] cluster = new byte[20];
    cluster[19] = 1;
    DevChainOptions options =
        new DevChainOptions()
            .setPort(0)
            .setInstantSeal(true)
            .setDataDir(dataDir)
            .setGenesisValidators(List.of(charlie.accountId()));
    assertThat(DevChainOptions.fromJson(options.toJson()).getGenesisValidators())
        .containsExactly(charlie.accountId());
    CereRuntime model =
        new CereRuntime(
            RuntimeConfig.dev(),
            Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
    try (DevChain chain = DevChain.start(options, new PalletRuntime(model)).join();
        SubstrateClient client =
            SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join()) {
      DdcChain ddc = new DdcChain(client);
      assertThat(ddc.validatorSet().join()).containsExactly(charlie.accountId());
      ddc.setValidatorsAsSudo(
              alice, List.of(charlie.accountId(), dave.accountId(), eve.accountId()))
          .join();
      assertThat(ddc.validatorSet().join()).hasSize(3);
      assertThatThrownBy(() -> ddc.setValidatorsAsSudo(bob, List.of()).join())
          .cause()
          .isInstanceOf(ExtrinsicFailedException.class);

      DdcChain.ProtocolParams params =
          new DdcChain.ProtocolParams(
              0,
              0,
              0,
              cere(100),
              0,
              0,
              BigInteger.ONE,
              BigInteger.ONE,
              BigInteger.ONE,
              BigInteger.ONE);
      ddc.createCluster(alice, cluster, bob.accountId(), 4, 6, 3, params).join();
      ddc.bondCluster(bob, cluster).join();
      ddc.createNode(
              ferdie,
              node,
              new DdcChain.NodeParams(
                  DdcChain.NodeMode.STORAGE, "127.0.0.1", "", false, 8091, 9091, 9071))
          .join();
      ddc.bond(ferdie, ferdie.accountId(), node, cere(200)).join();
      ddc.store(ferdie, cluster).join();
      ddc.addNode(alice, cluster, node, false).join();

      assertThatThrownBy(() -> ddc.reportFaultyNode(ferdie, cluster, node, 7).join())
          .cause()
          .isInstanceOf(ExtrinsicFailedException.class)
          .hasMessageContaining("Unauthorized");
      assertThat(
              ddc.reportFaultyNode(charlie, cluster, node, 7)
                  .join()
                  .event("DdcVerification", "FaultyNodeRemoved"))
          .isNull();
      assertThat(ddc.faultyNodeReports(cluster, node).join()).containsExactly(charlie.accountId());
      assertThat(
              ddc.reportFaultyNode(eve, cluster, node, 7)
                  .join()
                  .event("DdcVerification", "FaultyNodeRemoved"))
          .isNotNull();
      assertThat(ddc.nodesOfCluster(cluster).join()).isEmpty();
      assertThat(ddc.node(node).join().orElseThrow().clusterId()).isNull();
      assertThat(ddc.faultyNodeReports(cluster, node).join()).isEmpty();
    }
  }

  @Test
  void twoValidatorsDrivingTheSamePayoutPayEveryoneOnce() {
    Signer alice = signer("//Alice");
    Signer bob = signer("//Bob");
    Signer ferdie = signer("//Ferdie");
    Signer charlie = signer("//Charlie");
    Signer dave = signer("//Dave");
    byte[] cluster = new byte[20];
    cluster[19] = 1;
    DevChainOptions options =
        new DevChainOptions()
            .setPort(0)
            .setInstantSeal(true)
            .setDataDir(dataDir)
            .setGenesisValidators(List.of(charlie.accountId(), dave.accountId()));
    CereRuntime model =
        new CereRuntime(
            RuntimeConfig.dev(),
            Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
    try (DevChain chain = DevChain.start(options, new PalletRuntime(model)).join();
        SubstrateClient client =
            SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join()) {
      DdcChain ddc = new DdcChain(client);
      DdcChain.ProtocolParams params =
          new DdcChain.ProtocolParams(
              0,
              0,
              0,
              cere(100),
              0,
              0,
              BigInteger.ONE,
              BigInteger.ONE,
              BigInteger.ONE,
              BigInteger.ONE);
      ddc.createCluster(alice, cluster, bob.accountId(), 4, 6, 3, params).join();
      ddc.deposit(ferdie, cluster, cere(100)).join();
      // 150 payers in two batches; only Ferdie has a deposit, the others become debtors
      List<PayoutEntry> payers = new java.util.ArrayList<>();
      payers.add(new PayoutEntry(ferdie.accountId(), cere(40)));
      for (int i = 0; i < 149; i++) {
        byte[] a = new byte[32];
        a[0] = 0x7F;
        a[1] = (byte) i;
        payers.add(new PayoutEntry(a, BigInteger.ONE));
      }
      byte[] provider = signer("//Provider").accountId();
      List<PayoutEntry> payees =
          List.of(new PayoutEntry(provider, cere(30)), new PayoutEntry(bob.accountId(), cere(10)));
      PayoutTree payersTree = new PayoutTree(payers);
      PayoutTree payeesTree = new PayoutTree(payees);
      long era = 5;
      String ehd = PayoutFingerprint.ehdId(cluster, charlie.accountId(), era);
      for (Signer v : List.of(charlie, dave)) {
        ddc.commitPayoutFingerprint(v, cluster, ehd, payersTree.root(), payeesTree.root()).join();
      }
      byte[] fp = PayoutFingerprint.hash(cluster, ehd, payersTree.root(), payeesTree.root());
      BigInteger bobBefore = free(client, bob.accountId());
      var first = PayoutDriving.drivePayout(ddc, charlie, cluster, era, fp, payersTree, payeesTree);
      var second = PayoutDriving.drivePayout(ddc, dave, cluster, era, fp, payersTree, payeesTree);
      assertThat(first.join().state()).isEqualTo("Finalized");
      DdcChain.PayoutReceipt r = second.join();
      assertThat(r.state()).isEqualTo("Finalized");
      assertThat(r.totalCollectedCharges()).isEqualTo(cere(40));
      assertThat(r.totalDistributedRewards()).isEqualTo(cere(40));
      assertThat(free(client, provider)).isEqualTo(cere(30));
      assertThat(free(client, bob.accountId()).subtract(bobBefore)).isEqualTo(cere(10));
      assertThat(ddc.debt(cluster, payers.get(1).account()).join()).isEqualTo(BigInteger.ONE);
      assertThat(ddc.deposit(cluster, ferdie.accountId()).join().orElseThrow().active())
          .isEqualTo(cere(60));
    }
  }
}
