// Golden vectors for the Java client from polkadot-js alone (no chain): the Substrate node's V14 metadata shipped in
// @polkadot/types-support, call bytes, signing payloads, and an event record decoded by polkadot-js.
// Usage: node client-golden.mjs <metadata-out-file>   (prints JSON on stdout)
import { TypeRegistry, Metadata } from '@polkadot/types';
import substrateMetadata from '@polkadot/types-support/metadata/static-substrate';
import { u8aConcat, u8aToHex, hexToU8a, bnToU8a } from '@polkadot/util';
import { writeFileSync } from 'node:fs';

const [, , metadataFile] = process.argv;
const registry = new TypeRegistry();
const metadata = new Metadata(registry, substrateMetadata);
registry.setMetadata(metadata);
writeFileSync(metadataFile, substrateMetadata);

const alice = '0x' + 'd4'.repeat(32);
const bob = '0x' + '8e'.repeat(32);
const genesis = '0x' + '42'.repeat(32);
const blockHash = '0x' + '11'.repeat(32);

const balances = metadata.asLatest.pallets.find((p) => p.name.toString() === 'Balances');
const balancesIndex = balances.index.toNumber();
const callVariants = registry.lookup.getSiType(balances.calls.unwrap().type).def.asVariant.variants;
const keepAlive = callVariants.find((v) => v.name.toString() === 'transfer_keep_alive').index.toNumber();
const call = registry.createType('Call', {
  callIndex: new Uint8Array([balancesIndex, keepAlive]),
  args: { dest: { Id: bob }, value: 12345 },
});

const payloads = [];
for (const [nonce, tip, current, period] of [[5, 0, 100, 64], [0, 7, 12345, 64]]) {
  const era = registry.createType('ExtrinsicEra', { current, period });
  const p = registry.createType('ExtrinsicPayload', {
    method: call.toHex(), era, nonce, tip, blockHash, genesisHash: genesis,
    specVersion: 100, transactionVersion: 2, version: 4,
  }, { version: 4 });
  payloads.push({ nonce, tip, current, period, payload: u8aToHex(p.toU8a({ method: true })) });
}

// One event record: Balances.Transfer(alice, bob, 10^12) in phase ApplyExtrinsic(1).
const eventVariants = registry.lookup.getSiType(balances.events.unwrap().type).def.asVariant.variants;
const transferIdx = eventVariants.find((v) => v.name.toString() === 'Transfer').index.toNumber();
const record = u8aConcat(
  new Uint8Array([4]), // Vec length 1
  new Uint8Array([0]), bnToU8a(1, { bitLength: 32 }), // Phase::ApplyExtrinsic(1)
  new Uint8Array([balancesIndex, transferIdx]), hexToU8a(alice), hexToU8a(bob), bnToU8a(10n ** 12n, { bitLength: 128 }),
  new Uint8Array([0]), // topics
);
const decoded = registry.createType('Vec<FrameSystemEventRecord>', record);

console.log(JSON.stringify({
  signedExtensions: metadata.asV14.extrinsic.signedExtensions.map((e) => e.identifier.toString()),
  balancesIndex,
  call: call.toHex(),
  genesis,
  blockHash,
  payloads,
  events: u8aToHex(record),
  eventSection: decoded[0].event.section,
  eventMethod: decoded[0].event.method,
  eventData: decoded[0].event.data.map((d) => d.toString()),
}));
