package io.ddc.storage;

import java.time.Clock;

class InMemoryPieceStoreTest extends PieceStoreContract {
  @Override
  protected PieceStore newStore(StoreOptions options) {
    return new InMemoryPieceStore(options, Clock.systemUTC());
  }
}
