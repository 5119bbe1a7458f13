package io.ddc.chain.dev;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Settings of the embedded dev chain. Fluent setters reject a bad value at once; {@link
 * DevChain#start} copies the options.
 */
public final class DevChainOptions {
  /** Default listen address: {@value}; the dev chain never binds another interface by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default JSON-RPC port: {@value} (Substrate's); 0 picks a free port. */
  public static final int DEFAULT_PORT = 9944;

  /** Default interval between authored blocks: 6 s (Cere's {@code MILLISECS_PER_BLOCK}). */
  public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(6);

  /** Default: blocks on the interval, not one per submitted extrinsic. */
  public static final boolean DEFAULT_INSTANT_SEAL = false;

  /**
   * Default: no fsync per block (a process crash loses nothing, an OS crash may lose the last
   * blocks).
   */
  public static final boolean DEFAULT_FSYNC = false;

  /** Default largest number of extrinsics in one block: {@value}. */
  public static final int DEFAULT_MAX_BLOCK_EXTRINSICS = 8192;

  /** Default number of recent blocks whose state stays queryable: {@value} blocks. */
  public static final int DEFAULT_STATE_HISTORY_BLOCKS = 4096;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private Path dataDir;
  private Duration blockTime = DEFAULT_BLOCK_TIME;
  private boolean instantSeal = DEFAULT_INSTANT_SEAL;
  private boolean fsync = DEFAULT_FSYNC;
  private int maxBlockExtrinsics = DEFAULT_MAX_BLOCK_EXTRINSICS;
  private int stateHistoryBlocks = DEFAULT_STATE_HISTORY_BLOCKS;
  private List<byte[]> genesisValidators = List.of();

  /** Defaults; {@link #setDataDir} (or a temporary directory) is still needed to start. */
  public DevChainOptions() {}

  /** A copy of {@code other}. */
  public DevChainOptions(DevChainOptions other) {
    this.host = other.host;
    this.port = other.port;
    this.dataDir = other.dataDir;
    this.blockTime = other.blockTime;
    this.instantSeal = other.instantSeal;
    this.fsync = other.fsync;
    this.maxBlockExtrinsics = other.maxBlockExtrinsics;
    this.stateHistoryBlocks = other.stateHistoryBlocks;
    this.genesisValidators = other.genesisValidators;
  }

  public String getHost() {
    return host;
  }

  /** Listen address (default {@value #DEFAULT_HOST}). */
  public DevChainOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be a non-empty address, '" + host + "' given");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** JSON-RPC port, 0..65535 (default {@value #DEFAULT_PORT}; 0 = any free port). */
  public DevChainOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, " + port + " given");
    }
    this.port = port;
    return this;
  }

  public Path getDataDir() {
    return dataDir;
  }

  /** Directory holding {@code chain.log}; created if absent. */
  public DevChainOptions setDataDir(Path dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  public Duration getBlockTime() {
    return blockTime;
  }

  /** Interval between authored blocks (default 6 s); at least 1 ms. */
  public DevChainOptions setBlockTime(Duration blockTime) {
    if (blockTime == null || blockTime.toMillis() < 1) {
      throw new IllegalArgumentException(
          "blockTime must be at least 1 ms, " + blockTime + " given");
    }
    this.blockTime = blockTime;
    return this;
  }

  public boolean isInstantSeal() {
    return instantSeal;
  }

  /**
   * Seal a block as soon as an extrinsic enters the pool (all ready extrinsics go into it) instead
   * of on the interval (default {@value #DEFAULT_INSTANT_SEAL}).
   */
  public DevChainOptions setInstantSeal(boolean instantSeal) {
    this.instantSeal = instantSeal;
    return this;
  }

  public boolean isFsync() {
    return fsync;
  }

  /** Force every block to disk before it is announced (default {@value #DEFAULT_FSYNC}). */
  public DevChainOptions setFsync(boolean fsync) {
    this.fsync = fsync;
    return this;
  }

  public int getMaxBlockExtrinsics() {
    return maxBlockExtrinsics;
  }

  /**
   * Largest number of extrinsics per block, ≥ 1 (default {@value #DEFAULT_MAX_BLOCK_EXTRINSICS}).
   */
  public DevChainOptions setMaxBlockExtrinsics(int maxBlockExtrinsics) {
    if (maxBlockExtrinsics < 1) {
      throw new IllegalArgumentException(
          "maxBlockExtrinsics must be at least 1, " + maxBlockExtrinsics + " given");
    }
    this.maxBlockExtrinsics = maxBlockExtrinsics;
    return this;
  }

  public int getStateHistoryBlocks() {
    return stateHistoryBlocks;
  }

  /** How many recent blocks' state can be queried ({@code at} a block hash), ≥ 1 (default 4096). */
  public DevChainOptions setStateHistoryBlocks(int stateHistoryBlocks) {
    if (stateHistoryBlocks < 1) {
      throw new IllegalArgumentException(
          "stateHistoryBlocks must be at least 1, " + stateHistoryBlocks + " given");
    }
    this.stateHistoryBlocks = stateHistoryBlocks;
    return this;
  }

  /** The genesis validator set's account ids (copies); empty by default. */
  public List<byte[]> getGenesisValidators() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] v : genesisValidators) {
      out.add(v.clone());
    }
    return out;
  }

  /**
   * Accounts (32-byte ids) that form {@code DdcVerification.ValidatorSet} at genesis, each its own
   * stash, so they may commit payout fingerprints and report faulty nodes from block 1 (default
   * none; a running chain changes the set with Root {@code force_set_validators}). Only a fresh
   * chain uses it: a data directory that already holds a chain keeps its genesis.
   */
  public DevChainOptions setGenesisValidators(List<byte[]> accounts) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] a : accounts) {
      if (a == null || a.length != 32) {
        throw new IllegalArgumentException("a genesis validator is a 32-byte account id");
      }
      copy.add(a.clone());
    }
    this.genesisValidators = List.copyOf(copy);
    return this;
  }

  /** The options as JSON, with keys named like the setters ({@code blockTime} in milliseconds). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("host", host)
        .put("port", port)
        .put("dataDir", dataDir == null ? null : dataDir.toString())
        .put("blockTimeMillis", blockTime.toMillis())
        .put("instantSeal", instantSeal)
        .put("fsync", fsync)
        .put("maxBlockExtrinsics", maxBlockExtrinsics)
        .put("stateHistoryBlocks", stateHistoryBlocks)
        .put("genesisValidators", validatorsJson());
  }

  private JsonArray validatorsJson() {
    JsonArray a = new JsonArray();
    for (byte[] v : genesisValidators) {
      a.add("0x" + HexFormat.of().formatHex(v));
    }
    return a;
  }

  /** Options from {@link #toJson()}'s form; absent keys keep their defaults. */
  public static DevChainOptions fromJson(JsonObject json) {
    DevChainOptions o = new DevChainOptions();
    if (json.containsKey("host")) o.setHost(json.getString("host"));
    if (json.containsKey("port")) o.setPort(json.getInteger("port"));
    if (json.getString("dataDir") != null) o.setDataDir(Path.of(json.getString("dataDir")));
    if (json.containsKey("blockTimeMillis"))
      o.setBlockTime(Duration.ofMillis(json.getLong("blockTimeMillis")));
    if (json.containsKey("instantSeal")) o.setInstantSeal(json.getBoolean("instantSeal"));
    if (json.containsKey("fsync")) o.setFsync(json.getBoolean("fsync"));
    if (json.containsKey("maxBlockExtrinsics"))
      o.setMaxBlockExtrinsics(json.getInteger("maxBlockExtrinsics"));
    if (json.containsKey("stateHistoryBlocks"))
      o.setStateHistoryBlocks(json.getInteger("stateHistoryBlocks"));
    if (json.containsKey("genesisValidators")) {
      List<byte[]> vs = new ArrayList<>();
      for (Object v : json.getJsonArray("genesisValidators")) {
        vs.add(HexFormat.of().parseHex(((String) v).substring(2)));
      }
      o.setGenesisValidators(vs);
    }
    return o;
  }
}
