package io.ddc.pallets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.metadata.EnumValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed extrinsics through the executive: checks, fees, Balances, Utility, Sudo, events. */
class BalancesRuntimeTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  final TestChain chain = new TestChain();

  private BigInteger sumOfAccounts() {
    BigInteger s = BigInteger.ZERO;
    for (int i = 0; i < 6; i++) {
      s = s.add(chain.account(i).total());
    }
    return s;
  }

  @Test
  void genesisEndowsTheDevAccountsAndSetsIssuance() {
    assertThat(chain.free(0)).isEqualTo(Genesis.DEV_ENDOWMENT);
    assertThat(chain.account(5).providers()).isEqualTo(1);
    assertThat(chain.rt.totalIssuance(chain.state))
        .isEqualTo(Genesis.DEV_ENDOWMENT.multiply(BigInteger.valueOf(6)));
  }

  @Test
  void transferKeepAliveMovesFundsPaysTheFeeAndEmitsEvents() {
    BigInteger before = chain.free(0);
    chain.apply(chain.signed(0, chain.transferKeepAlive(1, CERE.multiply(BigInteger.valueOf(5)))));
    List<Object> events = chain.end();
    assertThat(TestChain.names(events))
        .containsExactly(
            "Balances.Withdraw",
            "Balances.Transfer",
            "TransactionPayment.TransactionFeePaid",
            "System.ExtrinsicSuccess");
    BigInteger fee =
        (BigInteger) TestChain.field(events, "TransactionPayment.TransactionFeePaid", "actual_fee");
    assertThat(fee).isPositive();
    assertThat(chain.free(0))
        .isEqualTo(before.subtract(CERE.multiply(BigInteger.valueOf(5))).subtract(fee));
    assertThat(chain.free(1))
        .isEqualTo(Genesis.DEV_ENDOWMENT.add(CERE.multiply(BigInteger.valueOf(5))));
    assertThat(chain.account(0).nonce()).isEqualTo(1);
    // fees are burnt: issuance equals the accounts' sum
    assertThat(chain.rt.totalIssuance(chain.state)).isEqualTo(sumOfAccounts());
  }

  @Test
  void newAccountsNeedTheExistentialDeposit() {
    KeyPair fresh = Keys.fromUri("//Fresh", KeyScheme.ED25519);
    EnumValue small =
        TestChain.call(
            "Balances",
            "transfer_allow_death",
            SystemPallet.fields(
                "dest", TestChain.id(fresh.publicKey()), "value", CERE.subtract(BigInteger.ONE)));
    chain.apply(chain.signed(0, small));
    List<Object> events = chain.end();
    assertThat(TestChain.field(events, "System.ExtrinsicFailed", "dispatch_error"))
        .isEqualTo(new EnumValue("Token", EnumValue.of("BelowMinimum")));
    EnumValue enough =
        TestChain.call(
            "Balances",
            "transfer_allow_death",
            SystemPallet.fields("dest", TestChain.id(fresh.publicKey()), "value", CERE));
    chain.apply(chain.signed(0, enough));
    assertThat(TestChain.names(chain.end()))
        .contains("System.NewAccount", "Balances.Endowed", "Balances.Transfer");
    assertThat(chain.rt.account(chain.state, fresh.publicKey()).free()).isEqualTo(CERE);
  }

  @Test
  void overdraftFailsWithFundsUnavailableAndStillPaysTheFee() {
    BigInteger before = chain.free(2);
    chain.apply(chain.signed(2, chain.transferKeepAlive(0, BigInteger.TEN.pow(30))));
    List<Object> events = chain.end();
    assertThat(TestChain.field(events, "System.ExtrinsicFailed", "dispatch_error"))
        .isEqualTo(new EnumValue("Token", EnumValue.of("FundsUnavailable")));
    assertThat(chain.free(2)).isLessThan(before);
    assertThat(chain.account(2).nonce()).isEqualTo(1);
  }

  @Test
  void keepAliveLeavesTheDepositWhileAllowDeathReapsTheAccount() {
    chain.apply(
        chain.signed(
            4,
            TestChain.call(
                "Balances",
                "transfer_all",
                SystemPallet.fields("dest", TestChain.id(chain.id(1)), "keep_alive", true))));
    chain.end();
    assertThat(chain.free(4)).isEqualTo(RuntimeConfig.EXISTENTIAL_DEPOSIT);
    // with only the deposit left the fee cannot be paid
    assertThatThrownBy(
            () -> chain.apply(chain.signed(4, chain.transferKeepAlive(1, BigInteger.ONE))))
        .isInstanceOfSatisfying(
            TransactionValidityException.class,
            e -> assertThat(e.reason()).contains("pay some fees"));
    EnumValue set =
        TestChain.call(
            "Balances",
            "force_set_balance",
            SystemPallet.fields(
                "who",
                TestChain.id(chain.id(4)),
                "new_free",
                CERE.multiply(BigInteger.valueOf(3))));
    chain.apply(chain.signed(0, TestChain.call("Sudo", "sudo", SystemPallet.fields("call", set))));
    chain.end();
    BigInteger issuance = chain.rt.totalIssuance(chain.state);
    EnumValue send =
        TestChain.call(
            "Balances",
            "transfer_allow_death",
            SystemPallet.fields(
                "dest",
                TestChain.id(chain.id(1)),
                "value",
                CERE.multiply(BigInteger.valueOf(25)).divide(BigInteger.TEN)));
    chain.apply(chain.signed(4, send));
    List<Object> events = chain.end();
    assertThat(TestChain.names(events))
        .contains("Balances.DustLost", "System.KilledAccount", "System.ExtrinsicSuccess");
    assertThat(chain.account(4)).isEqualTo(AccountInfo.EMPTY);
    BigInteger dust = (BigInteger) TestChain.field(events, "Balances.DustLost", "amount");
    BigInteger fee =
        (BigInteger) TestChain.field(events, "TransactionPayment.TransactionFeePaid", "actual_fee");
    assertThat(chain.rt.totalIssuance(chain.state))
        .isEqualTo(issuance.subtract(dust).subtract(fee))
        .isEqualTo(sumOfAccounts());
  }

  @Test
  void badSignatureStaleNonceAndGarbageAreInvalid() {
    byte[] xt = chain.signed(0, chain.transferKeepAlive(1, CERE));
    byte[] bad = xt.clone();
    bad[2 + 1 + 1 + 32 + 1 + 5] ^= 1;
    assertThatThrownBy(() -> chain.rt.validate(chain.state, bad))
        .isInstanceOfSatisfying(
            TransactionValidityException.class,
            e -> assertThat(e.reason()).isEqualTo("Transaction has a bad signature"));
    chain.apply(xt);
    assertThatThrownBy(() -> chain.apply(xt))
        .isInstanceOfSatisfying(
            TransactionValidityException.class,
            e -> assertThat(e.reason()).isEqualTo("Transaction is outdated"));
    assertThatThrownBy(() -> chain.rt.validate(chain.state, new byte[] {8, (byte) 0x84, 1}))
        .isInstanceOfSatisfying(
            TransactionValidityException.class, e -> assertThat(e.code()).isEqualTo(1010));
  }

  @Test
  void theGenesisHashOutlivesBlockHashCountSoTransactionsStillValidate() {
    byte[] genesis = chain.state.get(chain.rt.blockHashKey(0));
    long past = RuntimeConfig.BLOCK_HASH_COUNT + 5;
    while (chain.number < past) {
      chain.rt.finalizeBlock(chain.state);
      chain.begin();
    }
    assertThat(chain.state.get(chain.rt.blockHashKey(0))).isEqualTo(genesis);
    assertThat(chain.state.get(chain.rt.blockHashKey(1))).isNull();
    assertThat(chain.state.get(chain.rt.blockHashKey(past - 1))).isNotNull();
    byte[] xt = chain.signed(0, chain.transferKeepAlive(1, CERE));
    chain.rt.validate(chain.state, xt);
    assertThat(TestChain.error(chain.run(0, chain.transferKeepAlive(1, CERE)))).isNull();
  }

  @Test
  void futureNoncesRequireTheirPredecessor() {
    byte[] next = chain.signed(chain.key(0), chain.transferKeepAlive(1, CERE), 1, BigInteger.ZERO);
    CereRuntime.Validity v = chain.rt.validate(chain.state, next);
    assertThat(v.requires()).hasSize(1);
    assertThat(v.requires().get(0)).isEqualTo(CereRuntime.nonceTag(chain.id(0), 0));
    assertThat(v.provides().get(0)).isEqualTo(CereRuntime.nonceTag(chain.id(0), 1));
    assertThatThrownBy(() -> chain.apply(next)).isInstanceOf(TransactionValidityException.class);
  }

  @Test
  void batchStopsAtTheFirstFailureAndBatchAllRevertsEverything() {
    EnumValue ok = chain.transferKeepAlive(1, CERE);
    EnumValue fails = chain.transferKeepAlive(1, BigInteger.TEN.pow(30));
    BigInteger bob = chain.free(1);
    chain.apply(
        chain.signed(
            0,
            TestChain.call(
                "Utility", "batch", SystemPallet.fields("calls", List.of(ok, fails, ok)))));
    List<Object> events = chain.end();
    assertThat(TestChain.field(events, "Utility.BatchInterrupted", "index")).isEqualTo(1L);
    assertThat(TestChain.names(events)).contains("System.ExtrinsicSuccess");
    assertThat(chain.free(1)).isEqualTo(bob.add(CERE));
    chain.apply(
        chain.signed(
            0,
            TestChain.call(
                "Utility", "batch_all", SystemPallet.fields("calls", List.of(ok, fails)))));
    events = chain.end();
    assertThat(TestChain.names(events))
        .contains("System.ExtrinsicFailed")
        .doesNotContain("Balances.Transfer");
    assertThat(chain.free(1)).isEqualTo(bob.add(CERE));
    chain.apply(
        chain.signed(
            0,
            TestChain.call(
                "Utility", "force_batch", SystemPallet.fields("calls", List.of(fails, ok)))));
    events = chain.end();
    assertThat(TestChain.names(events))
        .contains("Utility.ItemFailed", "Utility.BatchCompletedWithErrors");
    assertThat(chain.free(1)).isEqualTo(bob.add(CERE).add(CERE));
  }

  @Test
  void sudoSetsBalancesAndOthersCannot() {
    EnumValue set =
        TestChain.call(
            "Balances",
            "force_set_balance",
            SystemPallet.fields("who", TestChain.id(chain.id(3)), "new_free", CERE));
    BigInteger issuance = chain.rt.totalIssuance(chain.state);
    chain.apply(chain.signed(0, TestChain.call("Sudo", "sudo", SystemPallet.fields("call", set))));
    List<Object> events = chain.end();
    assertThat(TestChain.field(events, "Sudo.Sudid", "sudo_result")).isEqualTo(EnumValue.of("Ok"));
    assertThat(chain.free(3)).isEqualTo(CERE);
    assertThat(chain.rt.totalIssuance(chain.state)).isLessThan(issuance).isEqualTo(sumOfAccounts());
    chain.apply(chain.signed(1, TestChain.call("Sudo", "sudo", SystemPallet.fields("call", set))));
    EnumValue err =
        (EnumValue) TestChain.field(chain.end(), "System.ExtrinsicFailed", "dispatch_error");
    assertThat(err.name()).isEqualTo("Module");
    assertThat(((Map<?, ?>) err.value()).get("index")).isEqualTo(14);
    chain.apply(chain.signed(1, set));
    assertThat(TestChain.field(chain.end(), "System.ExtrinsicFailed", "dispatch_error"))
        .isEqualTo(EnumValue.of("BadOrigin"));
  }

  @Test
  void runtimeApisAnswer() {
    byte[] xt = chain.signed(0, chain.transferKeepAlive(1, CERE));
    byte[] args = new io.ddc.pallets.scale.ScaleWriter().raw(xt).u32(xt.length).toByteArray();
    io.ddc.pallets.scale.ScaleReader info =
        new io.ddc.pallets.scale.ScaleReader(
            chain.rt.call(chain.state, "TransactionPaymentApi_query_info", args));
    assertThat(info.compact()).isEqualTo(Fees.TRANSFER_KEEP_ALIVE.refTime());
    info.compact();
    assertThat(info.u8()).isZero();
    assertThat(info.u128())
        .isEqualTo(Fees.fee(xt.length, Fees.TRANSFER_KEEP_ALIVE, BigInteger.ZERO));
    assertThat(chain.rt.call(chain.state, "AccountNonceApi_account_nonce", chain.id(0)))
        .isEqualTo(new byte[4]);
    assertThat(chain.rt.call(chain.state, "Core_version", new byte[0]))
        .isEqualTo(chain.rt.version());
    assertThatThrownBy(() -> chain.rt.call(chain.state, "Nope_nope", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
