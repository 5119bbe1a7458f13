// polkadot-js's provider and type layer against the dev chain's JSON-RPC, with the server's test double runtime
// (extrinsic = [account, nonce, payload...]). Usage: node rpc-conformance.mjs <ws-url>
import { WsProvider } from '@polkadot/api';
import { TypeRegistry } from '@polkadot/types';
import { check, checkCount } from './lib.mjs';

const [, , url] = process.argv;

async function main() {
  const provider = new WsProvider(url, false);
  await provider.connect();
  await provider.isReady;
  const registry = new TypeRegistry();

  const methods = (await provider.send('rpc_methods', [])).methods;
  check(methods.includes('chain_subscribeNewHeads') && methods.includes('author_submitAndWatchExtrinsic'),
    `rpc_methods lists ${methods.length} methods`);

  // polkadot-js recomputes block hashes from the JSON header: they must equal what the node serves.
  const head = await provider.send('chain_getHeader', []);
  const header = registry.createType('Header', head);
  const served = await provider.send('chain_getBlockHash', [header.number.toNumber()]);
  check(header.hash.toHex() === served, `header #${header.number} hashes to the served ${served}`);
  const genesis = registry.createType('Header', await provider.send('chain_getHeader', [
    await provider.send('chain_getBlockHash', [0])]));
  check(genesis.number.toNumber() === 0 && genesis.parentHash.isEmpty, 'genesis header has number 0 and zero parent');

  const version = registry.createType('RuntimeVersion', await provider.send('state_getRuntimeVersion', []));
  check(version.specName.toString() === 'node' && version.implName.toString() === 'substrate-node',
    'RuntimeVersion decodes (node / substrate-node)');
  const props = await provider.send('system_properties', []);
  check(props.ss58Format === 54 && props.tokenSymbol === 'CERE', 'system_properties: ss58 54, CERE');

  // Watch an extrinsic through polkadot-js's subscription plumbing.
  const statuses = [];
  await new Promise((resolve, reject) => {
    provider.subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', ['0x01000a0b'], (err, s) => {
      if (err) reject(err);
      statuses.push(s);
      if (s && s.finalized) resolve();
    }).catch(reject);
  });
  const types = statuses.map((s) => registry.createType('ExtrinsicStatus', s).type);
  check(JSON.stringify(types) === JSON.stringify(['Ready', 'InBlock', 'Finalized']),
    `ExtrinsicStatus stream ${types.join(' → ')}`);
  // Extrinsics of the double are not Substrate extrinsics (no metadata here): decode the header, compare the body.
  const block = await provider.send('chain_getBlock', [statuses[2].finalized]);
  check(registry.createType('Header', block.block.header).hash.toHex() === statuses[2].finalized
    && block.block.extrinsics[0] === '0x01000a0b', 'chain_getBlock: header hashes to the block hash, body holds it');

  // New heads through a subscription, decoded as Header.
  const heads = [];
  const subId = await provider.subscribe('chain_newHead', 'chain_subscribeNewHeads', [], (err, h) => {
    if (!err) heads.push(registry.createType('Header', h));
  });
  await provider.send('engine_createBlock', [true, true]);
  for (let i = 0; i < 50 && heads.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  check(heads.length >= 2 && heads[1].parentHash.toHex() === heads[0].hash.toHex(), 'new heads chain by parent hash');
  await provider.unsubscribe('chain_newHead', 'chain_unsubscribeNewHeads', subId);

  // Error shapes as polkadot-js formats them.
  try {
    await provider.send('author_submitExtrinsic', ['0x0200bb']);
    check(false, 'bad signature rejected');
  } catch (e) {
    check(/^1010: Invalid Transaction: Transaction has a bad signature$/.test(e.message), `1010 reads "${e.message}"`);
  }
  try {
    await provider.send('ddc_nothing', []);
    check(false, 'unknown method rejected');
  } catch (e) {
    check(/^-32601: /.test(e.message), `unknown method reads "${e.message}"`);
  }

  // Storage subscription and queryStorageAt through the provider.
  const key = '0x7805'; // "x" ‖ 0x05: where the double stores payload 0x05
  const seen = [];
  const sid = await provider.subscribe('state_storage', 'state_subscribeStorage', [[key]], (err, r) => {
    if (!err) seen.push(r.changes[0][1]);
  });
  await provider.send('author_submitExtrinsic', ['0x020005']);
  for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  check(seen[0] === null && seen[seen.length - 1] === '0x05', `storage subscription saw ${JSON.stringify(seen)}`);
  await provider.unsubscribe('state_storage', 'state_unsubscribeStorage', sid);
  const at = await provider.send('state_queryStorageAt', [[key]]);
  check(at[0].changes[0][1] === '0x05', 'state_queryStorageAt returns the value');

  await provider.disconnect();
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
