// @polkadot/api conformance of the dev chain. Usage: node conformance.mjs <ws-url> <phase: main|restart> <state.json>
// Phase "main" runs every check and records balances in state.json; phase "restart" (after the server restarted on
// the same data directory) checks that they survived.
import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { readFileSync, writeFileSync } from 'node:fs';
import { check, checkCount, connect, expectRejected, sendAndFinalize } from './lib.mjs';

const [, , url, phase, stateFile] = process.argv;
const UNIT = 10n ** 10n; // 1 CERE

async function main() {
  const api = await connect(url);
  const sr = new Keyring({ type: 'sr25519', ss58Format: 54 });
  const ed = new Keyring({ type: 'ed25519', ss58Format: 54 });
  const alice = sr.addFromUri('//Alice');
  const bob = sr.addFromUri('//Bob');
  const charlie = sr.addFromUri('//Charlie');
  const dave = sr.addFromUri('//Dave');
  const edAcc = ed.addFromUri('//DdcEd25519');
  const fresh = sr.addFromUri('//DdcConformanceFresh');

  if (phase === 'restart') {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    check(api.genesisHash.toHex() === saved.genesis, 'genesis hash survives the restart');
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    check(head >= saved.head, `best block ${head} >= ${saved.head} before the restart`);
    for (const [addr, free] of Object.entries(saved.balances)) {
      const acc = await api.query.system.account(addr);
      check(acc.data.free.toString() === free, `balance of ${addr} survives the restart (${free})`);
    }
    // The chain keeps working after the restart.
    const before = (await api.query.system.account(fresh.address)).data.free.toBigInt();
    await sendAndFinalize(api, api.tx.balances.transferKeepAlive(fresh.address, 3n * UNIT), alice);
    const after = (await api.query.system.account(fresh.address)).data.free.toBigInt();
    check(after === before + 3n * UNIT, 'a transfer after the restart lands');
    await api.disconnect();
    return;
  }

  // Connect, decorate from our metadata, runtime version, properties.
  check(api.runtimeVersion.specName.toString() === 'node', 'specName is "node"');
  check(api.runtimeVersion.implName.toString() === 'substrate-node', 'implName is "substrate-node"');
  check(api.runtimeVersion.specVersion.toNumber() > 0, `specVersion ${api.runtimeVersion.specVersion}`);
  check(api.genesisHash.toHex() === (await api.rpc.chain.getBlockHash(0)).toHex(), 'genesis hash = block 0 hash');
  check(api.registry.chainSS58 === 54, 'ss58Format 54');
  check(api.registry.chainDecimals[0] === 10 && api.registry.chainTokens[0] === 'CERE', 'token CERE, 10 decimals');
  check(typeof api.tx.balances.transferKeepAlive === 'function', 'api.tx.balances.transferKeepAlive decorated');
  check(typeof api.tx.utility.batch === 'function', 'api.tx.utility.batch decorated');
  check((await api.rpc.system.chain()).toString().length > 0, 'system_chain answers');
  const methods = (await api.rpc.rpc.methods()).methods.map((m) => m.toString());
  check(methods.includes('author_submitAndWatchExtrinsic') && methods.includes('state_getMetadata'),
    `rpc_methods lists ${methods.length} methods`);
  const health = await api.rpc.system.health();
  check(health.isSyncing.isFalse, 'system_health: not syncing');

  // Header hashes recompute: polkadot-js hashes the header it decoded, which must equal the hash we served.
  const head = await api.rpc.chain.getHeader();
  const headHash = await api.rpc.chain.getBlockHash(head.number.toNumber());
  check(head.hash.toHex() === headHash.toHex(), `header #${head.number} hash recomputes to ${headHash.toHex()}`);
  const signed = await api.rpc.chain.getBlock(headHash);
  check(signed.block.header.hash.toHex() === headHash.toHex(), 'chain_getBlock header recomputes too');

  // system.account
  const aliceAcc = await api.query.system.account(alice.address);
  check(aliceAcc.data.free.toBigInt() > 1000n * UNIT, `Alice is endowed (${aliceAcc.data.free.toHuman()})`);
  const existential = api.consts.balances.existentialDeposit.toBigInt();
  check(existential === UNIT, `existential deposit is 1 CERE (${existential})`);

  // Transfer signed by sr25519 Alice to a fresh account; events in the block.
  const freshBefore = (await api.query.system.account(fresh.address)).data.free.toBigInt();
  const aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  const r1 = await sendAndFinalize(api, api.tx.balances.transferKeepAlive(fresh.address, 5n * UNIT), alice);
  const freshAfter = (await api.query.system.account(fresh.address)).data.free.toBigInt();
  check(freshAfter - freshBefore === 5n * UNIT, 'sr25519 transfer credited 5 CERE');
  check(r1.events.some(({ event }) => api.events.balances.Transfer.is(event)), 'Balances.Transfer event emitted');
  check(r1.events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'System.ExtrinsicSuccess emitted');
  check(r1.events.some(({ event }) => event.section === 'transactionPayment'), 'TransactionPayment event emitted');
  const blockEvents = await (await api.at(r1.blockHash)).query.system.events();
  check(blockEvents.some(({ event, phase }) => phase.isApplyExtrinsic && api.events.balances.Transfer.is(event)),
    'System.Events at the block holds the transfer');
  check((await api.rpc.system.accountNextIndex(alice.address)).toNumber() === aliceNonce + 1, 'Alice nonce +1');

  // ed25519: fund, then it signs a transfer itself.
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(edAcc.address, 20n * UNIT), alice);
  const daveBefore = (await api.query.system.account(dave.address)).data.free.toBigInt();
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(dave.address, 2n * UNIT), edAcc);
  const daveAfter = (await api.query.system.account(dave.address)).data.free.toBigInt();
  check(daveAfter - daveBefore === 2n * UNIT, 'ed25519-signed transfer credited 2 CERE');
  check((await api.query.system.account(edAcc.address)).nonce.toNumber() === 1, 'ed25519 account nonce is 1');

  // Nonces: three transfers in flight at once from Bob (nonce -1 = from system_accountNextIndex incl. the pool).
  const bobNonce = (await api.query.system.account(bob.address)).nonce.toNumber();
  const n0 = (await api.rpc.system.accountNextIndex(bob.address)).toNumber();
  const t1 = api.tx.balances.transferKeepAlive(charlie.address, UNIT);
  const t2 = api.tx.balances.transferKeepAlive(charlie.address, UNIT);
  const t3 = api.tx.balances.transferKeepAlive(charlie.address, UNIT);
  await Promise.all([
    sendAndFinalize(api, t1, bob, { nonce: n0 }),
    sendAndFinalize(api, t2, bob, { nonce: n0 + 1 }),
    sendAndFinalize(api, t3, bob, { nonce: n0 + 2 }),
  ]);
  check((await api.query.system.account(bob.address)).nonce.toNumber() === bobNonce + 3, 'Bob nonce advanced by 3');

  // utility.batch
  const rb = await sendAndFinalize(api, api.tx.utility.batch([
    api.tx.balances.transferKeepAlive(charlie.address, UNIT),
    api.tx.balances.transferKeepAlive(dave.address, UNIT),
  ]), alice);
  check(rb.events.some(({ event }) => api.events.utility.BatchCompleted.is(event)), 'Utility.BatchCompleted emitted');
  check(rb.events.filter(({ event }) => api.events.balances.Transfer.is(event)).length === 2, 'batch made 2 transfers');

  // A dispatch error surfaces as a module error with its name.
  try {
    await sendAndFinalize(api, api.tx.balances.transferKeepAlive(alice.address, 10n ** 30n), charlie);
    check(false, 'an over-balance transfer fails');
  } catch (e) {
    check(e.dispatch !== undefined && /^balances\./.test(e.dispatch) || /token|Funds/i.test(String(e.dispatch)),
      `an over-balance transfer fails with ${e.dispatch ?? e.message}`);
  }

  // paymentInfo
  const info = await api.tx.balances.transferKeepAlive(bob.address, UNIT).paymentInfo(alice);
  check(info.partialFee.toBigInt() > 0n, `paymentInfo partialFee ${info.partialFee.toHuman()}`);
  check(info.weight.refTime.toBigInt() > 0n, `paymentInfo weight ${info.weight.refTime}`);

  // Bad signature: flip one bit of the signature → 1010 BadProof.
  const bad = api.tx.balances.transferKeepAlive(bob.address, UNIT);
  await bad.signAsync(alice, { nonce: -1 });
  const u8 = bad.toU8a();
  // compact length (2 bytes here) + 0x84 + 0x00 + 32-byte id + 0x01 (sr25519) → signature starts at offset 37.
  const lenBytes = (u8[0] & 3) === 1 ? 2 : 1;
  u8[lenBytes + 35 + 5] ^= 0x01;
  await expectRejected(api.rpc.author.submitExtrinsic(u8), /1010.*Invalid Transaction.*bad signature/,
    'corrupted signature rejected with 1010 BadProof');

  // Stale nonce: nonce 0 for Alice has long been used → 1010 Stale.
  const stale = api.tx.balances.transferKeepAlive(bob.address, UNIT);
  await stale.signAsync(alice, { nonce: 0 });
  await expectRejected(api.rpc.author.submitExtrinsic(stale), /1010.*Invalid Transaction.*outdated/,
    'stale nonce rejected with 1010 Stale');

  // Unknown method → -32601 (on a provider of its own, so the api's request bookkeeping stays untouched).
  const raw = new WsProvider(url, false);
  await raw.connect();
  await raw.isReady;
  await expectRejected(raw.send('ddc_noSuchMethod', []), /-32601|Method not found/, 'unknown method → -32601');
  await raw.disconnect();

  // Storage subscription fires on change.
  const seen = [];
  const unsub = await api.query.system.account(fresh.address, (acc) => seen.push(acc.data.free.toBigInt()));
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(fresh.address, UNIT), alice);
  for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  unsub();
  check(seen.length >= 2 && seen[seen.length - 1] - seen[0] === UNIT, 'system.account subscription saw the credit');

  // New heads subscription.
  const heads = [];
  const unsubHeads = await api.rpc.chain.subscribeNewHeads((h) => heads.push(h.number.toNumber()));
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(fresh.address, UNIT), alice);
  for (let i = 0; i < 50 && heads.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  unsubHeads();
  check(heads.length >= 2 && heads[heads.length - 1] > heads[0], `new heads observed ${heads.join(',')}`);

  // Record balances for the restart phase.
  const balances = {};
  for (const a of [alice, bob, charlie, dave, edAcc, fresh]) {
    balances[a.address] = (await api.query.system.account(a.address)).data.free.toString();
  }
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  writeFileSync(stateFile, JSON.stringify({ genesis: api.genesisHash.toHex(), head: best, balances }));
  await api.disconnect();
}

main().then(
  () => {
    console.log(`# ${checkCount()} checks passed`);
    process.exit(0);
  },
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
