package io.ddc.pallets.runtime;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The genesis state: endowed accounts, the sudo key, and the DdcVerification validator set (each
 * validator its own stash; empty by default).
 */
public record Genesis(List<Endowment> endowed, byte[] sudoKey, List<byte[]> validators) {
  /** The dev accounts' endowment: 10 000 000 CERE each. */
  public static final BigInteger DEV_ENDOWMENT =
      RuntimeConfig.CERE.multiply(BigInteger.valueOf(10_000_000));

  /** The dev accounts, in order; {@code //Alice} is the sudo key. */
  public static final List<String> DEV_ACCOUNTS =
      List.of("//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie");

  public Genesis {
    endowed = List.copyOf(endowed);
    sudoKey = sudoKey == null ? null : sudoKey.clone();
    List<byte[]> vs = new ArrayList<>();
    for (byte[] v : validators) {
      if (v.length != 32) {
        throw new IllegalArgumentException("a validator is a 32-byte account id");
      }
      vs.add(v.clone());
    }
    validators = List.copyOf(vs);
  }

  /** Endowments and sudo key without validators. */
  public Genesis(List<Endowment> endowed, byte[] sudoKey) {
    this(endowed, sudoKey, List.of());
  }

  /** This genesis with {@code accounts} as the validator set. */
  public Genesis withValidators(List<byte[]> accounts) {
    return new Genesis(endowed, sudoKey, accounts);
  }

  /** One endowed account. */
  public record Endowment(byte[] account, BigInteger free) {}

  /**
   * //Alice … //Ferdie as sr25519 accounts with {@link #DEV_ENDOWMENT} each, Alice sudo; the
   * treasury and the payouts vault hold the existential deposit, as on a live chain, so that fees
   * and charges of any size can be paid into them.
   */
  public static Genesis dev() {
    Genesis g = of(KeyScheme.SR25519, DEV_ACCOUNTS, DEV_ENDOWMENT);
    List<Endowment> e = new ArrayList<>(g.endowed());
    e.add(new Endowment(PayoutPallets.treasury(), RuntimeConfig.EXISTENTIAL_DEPOSIT));
    e.add(new Endowment(DdcPallets.payoutsVault(), RuntimeConfig.EXISTENTIAL_DEPOSIT));
    return new Genesis(e, g.sudoKey());
  }

  /**
   * {@code uris} derived with {@code scheme}, each endowed with {@code free}; the first is sudo.
   */
  public static Genesis of(KeyScheme scheme, List<String> uris, BigInteger free) {
    List<Endowment> e = new ArrayList<>();
    for (String uri : uris) {
      e.add(new Endowment(Keys.fromUri(uri, scheme).publicKey(), free));
    }
    return new Genesis(e, e.get(0).account());
  }
}
