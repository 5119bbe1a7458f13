// Prints polkadot-js's encodings for the Java golden tests, as JSON on stdout.
// Usage: node golden.mjs <ws-url>
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { connect } from './lib.mjs';

const [, , url] = process.argv;

async function main() {
  const api = await connect(url);
  const sr = new Keyring({ type: 'sr25519', ss58Format: 54 });
  const alice = sr.addFromUri('//Alice');
  const bob = sr.addFromUri('//Bob');
  const bobId = u8aToHex(bob.publicKey);
  const t1 = api.tx.balances.transferKeepAlive(bob.address, 12345n);
  const t2 = api.tx.balances.transferAllowDeath(bob.address, 10n ** 20n);
  const calls = {
    transferKeepAlive: t1.method.toHex(),
    transferAllowDeath: t2.method.toHex(),
    transferAll: api.tx.balances.transferAll(bob.address, false).method.toHex(),
    forceSetBalance: api.tx.balances.forceSetBalance(bob.address, 10n ** 12n).method.toHex(),
    batch: api.tx.utility.batch([t1, t2]).method.toHex(),
    batchAll: api.tx.utility.batchAll([t1, t2]).method.toHex(),
    forceBatch: api.tx.utility.forceBatch([t1]).method.toHex(),
    sudo: api.tx.sudo.sudo(api.tx.balances.forceSetBalance(bob.address, 10n ** 12n)).method.toHex(),
  };
  const keys = {
    systemAccountAlice: api.query.system.account.key(alice.address),
    systemNumber: api.query.system.number.key(),
    systemEvents: api.query.system.events.key(),
    totalIssuance: api.query.balances.totalIssuance.key(),
    blockHash0: api.query.system.blockHash.key(0),
  };
  const blockHash = '0x' + '11'.repeat(32);
  const payloads = [];
  for (const [call, nonce, tip, current, period] of [
    [t1, 5, 0, 100, 64],
    [t2, 0, 7, 12345, 64],
    [api.tx.utility.batch(Array(12).fill(t1)), 3, 1000, 1, 4],
  ]) {
    const era = api.registry.createType('ExtrinsicEra', { current, period });
    const p = api.registry.createType('ExtrinsicPayload', {
      method: call.method.toHex(),
      era,
      nonce,
      tip,
      blockHash,
      genesisHash: api.genesisHash.toHex(),
      specVersion: api.runtimeVersion.specVersion,
      transactionVersion: api.runtimeVersion.transactionVersion,
      version: 4,
    }, { version: 4 });
    const raw = p.toU8a({ method: true });
    payloads.push({
      call: call.method.toHex(),
      nonce,
      tip,
      current,
      period,
      era: era.toHex(),
      blockHash,
      payload: u8aToHex(raw),
    });
  }
  console.log(JSON.stringify({
    bob: bobId,
    alice: u8aToHex(alice.publicKey),
    genesis: api.genesisHash.toHex(),
    specVersion: api.runtimeVersion.specVersion.toNumber(),
    transactionVersion: api.runtimeVersion.transactionVersion.toNumber(),
    calls,
    keys,
    payloads,
  }));
  await api.disconnect();
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
