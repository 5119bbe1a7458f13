package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * State-machine properties over random operation sequences: total issuance equals the sum of the
 * accounts, a bucket's owner never changes, a removed node is in no cluster, bonds are never
 * negative; and the typed {@code AccountInfo} codec agrees with the registry.
 */
class RuntimeInvariantsTest {
  static final BigInteger CERE = RuntimeConfig.CERE;

  /** One random operation: who signs, what, and two numbers to parameterize it. */
  record Op(int signer, int kind, int target, long amount) {}

  @Provide
  Arbitrary<Op> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 5),
            Arbitraries.longs().between(0, 3_000_000))
        .as(Op::new);
  }

  private static BigInteger amount(long a) {
    // from dust to well beyond a dev account's endowment
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(a))
        .multiply(BigInteger.valueOf(10_000));
  }

  private static EnumValue call(String pallet, String call, Object... kv) {
    return TestChain.call(pallet, call, fields(kv));
  }

  private static final byte[] CLUSTER = new byte[20];

  private EnumValue opCall(TestChain chain, Op op) {
    EnumValue dest = new EnumValue("Id", chain.id(op.target()));
    BigInteger value = amount(op.amount());
    EnumValue node = new EnumValue("StoragePubKey", chain.id(op.target()));
    return switch (op.kind()) {
      case 0 -> call("Balances", "transfer_allow_death", "dest", dest, "value", value);
      case 1 -> call("Balances", "transfer_keep_alive", "dest", dest, "value", value);
      case 2 -> call("Balances", "transfer_all", "dest", dest, "keep_alive", op.amount() % 2 == 0);
      case 3 ->
          call(
              "Sudo",
              "sudo",
              "call",
              call("Balances", "force_set_balance", "who", dest, "new_free", value));
      case 4 ->
          call(
              "DdcCustomers",
              "create_bucket",
              "cluster_id",
              CLUSTER,
              "bucket_params",
              fields("is_public", op.amount() % 2 == 0));
      case 5 ->
          call(
              "DdcCustomers",
              "set_bucket_params",
              "bucket_id",
              op.amount() % 4,
              "bucket_params",
              fields("is_public", true));
      case 6 -> call("DdcCustomers", "remove_bucket", "bucket_id", op.amount() % 4);
      case 7 ->
          call(
              "DdcNodes",
              "create_node",
              "node_pub_key",
              node,
              "node_params",
              new EnumValue(
                  "StorageParams",
                  fields(
                      "mode",
                      EnumValue.of("Full"),
                      "host",
                      new byte[] {1},
                      "domain",
                      new byte[0],
                      "ssl",
                      false,
                      "http_port",
                      1,
                      "grpc_port",
                      2,
                      "p2p_port",
                      3)));
      case 8 ->
          call(
              "DdcStaking",
              "bond",
              "controller",
              new EnumValue("Id", chain.id(op.signer())),
              "node",
              node,
              "value",
              value);
      default -> call("DdcStaking", "unbond", "value", value);
    };
  }

  @Property(tries = 25)
  void invariantsHoldOverRandomOperations(
      @ForAll @Size(min = 1, max = 12) List<@From("ops") Op> ops) {
    TestChain chain = new TestChain();
    Map<String, Object> protocol = DdcPalletsTest.protocol(10, 0, 0);
    chain.run(
        0,
        call(
            "DdcClusters",
            "create_cluster",
            "cluster_id",
            CLUSTER,
            "cluster_reserve_id",
            chain.id(1),
            "cluster_params",
            DdcPalletsTest.clusterParams(),
            "initial_protocol_params",
            protocol));
    Map<Long, byte[]> owners = new HashMap<>();
    for (Op op : ops) {
      try {
        chain.apply(chain.signed(op.signer(), opCall(chain, op)));
      } catch (TransactionValidityException cannotPay) {
        continue; // e.g. the signer was emptied by an earlier operation
      }
      chain.end();
      BigInteger sum = BigInteger.ZERO;
      for (int i = 0; i < 6; i++) {
        sum = sum.add(chain.account(i).total());
      }
      sum = sum.add(chain.rt.account(chain.state, DdcPallets.clusterVault(CLUSTER)).total());
      assertThat(chain.rt.totalIssuance(chain.state)).as("issuance after %s", op).isEqualTo(sum);
      for (long id = 1; id <= 4; id++) {
        Map<?, ?> b =
            (Map<?, ?>)
                chain.rt.ddc.buckets.get(chain.state, new ScaleWriter().u64(id).toByteArray());
        if (b != null) {
          byte[] first = owners.putIfAbsent(id, (byte[]) b.get("owner_id"));
          if (first != null) {
            assertThat((byte[]) b.get("owner_id")).as("owner of bucket %d", id).isEqualTo(first);
          }
        }
      }
      for (int i = 0; i < 6; i++) {
        Map<?, ?> led = (Map<?, ?>) chain.rt.ddc.stakingLedger.get(chain.state, chain.id(i));
        if (led != null) {
          BigInteger active = (BigInteger) led.get("active");
          assertThat(active.signum()).isGreaterThanOrEqualTo(0);
          assertThat((BigInteger) led.get("total")).isGreaterThanOrEqualTo(active);
          assertThat(chain.account(i).frozen()).isEqualTo(led.get("total"));
        }
      }
    }
  }

  @Property(tries = 10)
  void aRemovedNodeIsInNoCluster(@ForAll @Size(min = 1, max = 6) List<@From("ops") Op> flips) {
    TestChain chain = new TestChain();
    byte[] cluster = new byte[20];
    chain.run(
        0,
        call(
            "DdcClusters",
            "create_cluster",
            "cluster_id",
            cluster,
            "cluster_reserve_id",
            chain.id(1),
            "cluster_params",
            DdcPalletsTest.clusterParams(),
            "initial_protocol_params",
            DdcPalletsTest.protocol(10, 0, 0)));
    chain.run(1, call("DdcStaking", "bond_cluster", "cluster_id", cluster));
    EnumValue node = DdcPalletsTest.nodeKey(7);
    chain.run(
        2,
        call(
            "DdcNodes",
            "create_node",
            "node_pub_key",
            node,
            "node_params",
            DdcPalletsTest.nodeParams("h")));
    chain.run(
        2,
        call(
            "DdcStaking",
            "bond",
            "controller",
            new EnumValue("Id", chain.id(2)),
            "node",
            node,
            "value",
            CERE.multiply(BigInteger.valueOf(20))));
    chain.run(2, call("DdcStaking", "store", "cluster_id", cluster));
    for (Op op : flips) {
      boolean add = op.amount() % 2 == 0;
      chain.run(
          0,
          add
              ? call(
                  "DdcClusters",
                  "add_node",
                  "cluster_id",
                  cluster,
                  "node_pub_key",
                  node,
                  "node_kind",
                  EnumValue.of("Genesis"))
              : call("DdcClusters", "remove_node", "cluster_id", cluster, "node_pub_key", node));
      Map<?, ?> n = (Map<?, ?>) chain.rt.ddc.storageNodes.get(chain.state, (byte[]) node.value());
      boolean member =
          chain.rt.ddc.clusterNodes.exists(chain.state, cluster, DdcPallets.nodeKey(node));
      assertThat(DdcPallets.unwrap(n.get("cluster_id")) != null).isEqualTo(member);
      Map<?, ?> stats = (Map<?, ?>) chain.rt.ddc.nodesStats.get(chain.state, cluster);
      assertThat(((Number) stats.get("await_validation")).intValue()).isEqualTo(member ? 1 : 0);
    }
  }

  @Property
  void typedAccountInfoCodecMatchesTheRegistry(
      @ForAll long nonce, @ForAll long free, @ForAll long reserved) {
    AccountInfo a =
        new AccountInfo(
            nonce & 0xffff_ffffL,
            1,
            1,
            0,
            BigInteger.valueOf(free).abs(),
            BigInteger.valueOf(reserved).abs(),
            BigInteger.ZERO,
            AccountInfo.NEW_LOGIC);
    CereMetadata md = new CereMetadata(RuntimeConfig.dev());
    assertThat(a.encode()).isEqualTo(md.encode(md.t.accountInfo, a.toValue()));
    assertThat(AccountInfo.decode(a.encode())).isEqualTo(a);
  }
}
