package io.ddc.chain.dev;

import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.TransactionValidityException;

/**
 * The dev chain's runtime: {@code pallet-specs}' {@link CereRuntime} model behind the {@link
 * ChainRuntime} SPI. Invalid transactions become {@link Refusal}s (pool) or an {@link Applied}
 * reason (block building); dispatch failures are events inside the model.
 */
public final class PalletRuntime implements ChainRuntime {
  private final CereRuntime model;

  public PalletRuntime(CereRuntime model) {
    this.model = model;
  }

  /** The model this runtime runs. */
  public CereRuntime model() {
    return model;
  }

  @Override
  public byte[] version() {
    return model.version();
  }

  @Override
  public byte[] metadata() {
    return model.metadata();
  }

  @Override
  public void buildGenesis(KvStore state) {
    model.buildGenesis(state);
  }

  @Override
  public void buildGenesis(KvStore state, java.util.List<byte[]> validators) {
    model.buildGenesis(state, validators);
  }

  @Override
  public void initializeBlock(KvStore state, long number, byte[] parentHash, long timestampMillis) {
    model.initializeBlock(state, number, parentHash, timestampMillis);
  }

  @Override
  public Applied apply(KvStore state, byte[] extrinsic) {
    try {
      model.apply(state, extrinsic);
      return Applied.OK;
    } catch (TransactionValidityException e) {
      return new Applied(e.reason(), false);
    }
  }

  @Override
  public void preverify(byte[] extrinsic) {
    model.preverify(extrinsic);
  }

  @Override
  public void finalizeBlock(KvStore state) {
    model.finalizeBlock(state);
  }

  @Override
  public Valid validate(KvStore state, byte[] extrinsic) {
    try {
      CereRuntime.Validity v = model.validate(state, extrinsic);
      return new Valid(v.priority(), v.requires(), v.provides());
    } catch (TransactionValidityException e) {
      throw new Refusal(e.code(), e.reason());
    }
  }

  @Override
  public byte[] call(KvStore state, String method, byte[] args) {
    return model.call(state, method, args);
  }

  @Override
  public long accountNonce(KvStore state, byte[] accountId) {
    return model.accountNonce(state, accountId);
  }

  @Override
  public byte[] nonceTag(byte[] accountId, long nonce) {
    return CereRuntime.nonceTag(accountId, nonce);
  }

  /** Registered in {@code META-INF/services}: the dev runtime with the dev genesis. */
  public static final class DevProvider implements Provider {
    @Override
    public ChainRuntime createDev() {
      return new PalletRuntime(CereRuntime.dev());
    }
  }
}
