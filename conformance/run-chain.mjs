// The official client 2.16.1 against a devnet with its chain: a string `blockchain` URL and no
// static node list, so deposits and buckets go through extrinsics and the client finds the
// bucket's nodes by reading the chain (node-protocol.md §10). DDC_DEVNET_JSON names the devnet's
// devnet.json (chain URL, cluster id, root account). Steps run in order, each depending on the
// previous ones; prints "N passed, N failed" and exits non-zero on any failure.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { DdcClient, File, FileUri, UriSigner } from '@cere-ddc-sdk/ddc-client';

const devnet = JSON.parse(readFileSync(process.env.DDC_DEVNET_JSON, 'utf8'));
const CLUSTER = devnet.clusterId;
const owner = devnet.accounts.find((a) => a.name === 'owner');
const CERE = 10_000_000_000n;

const results = [];
let stop = false;
async function step(name, fn) {
  if (stop) {
    results.push(false);
    console.log(`SKIP chain: ${name} (an earlier step failed)`);
    return;
  }
  try {
    await fn();
    results.push(true);
    console.log(`ok   chain: ${name}`);
  } catch (e) {
    results.push(false);
    stop = true;
    console.log(`FAIL chain: ${name}: ${e.stack || e}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}

const signer = new UriSigner(owner.uri, { type: owner.scheme });
let client;
let balance;
let deposit;
let publicBucket;
let privateBucket;

await step('connect with a string blockchain URL and no nodes', async () => {
  client = await DdcClient.create(signer, { blockchain: devnet.chain, logLevel: 'silent' });
});

await step('getBalance', async () => {
  balance = await client.getBalance();
  expect(typeof balance === 'bigint' && balance > 0n, `balance ${balance}`);
});

await step('getDeposit', async () => {
  deposit = await client.getDeposit(CLUSTER);
  expect(typeof deposit === 'bigint', `deposit ${deposit}`);
});

await step('depositBalance (extra) raises the deposit', async () => {
  await client.depositBalance(CLUSTER, 5n * CERE, { allowExtra: true });
  const now = await client.getDeposit(CLUSTER);
  expect(now === deposit + 5n * CERE, `deposit ${now} after ${deposit} + 5 CERE`);
  deposit = now;
  expect((await client.getBalance()) < balance, 'balance not reduced');
});

await step('createBucket (public and private), getBucket', async () => {
  publicBucket = await client.createBucket(CLUSTER, { isPublic: true });
  privateBucket = await client.createBucket(CLUSTER, { isPublic: false });
  expect(privateBucket === publicBucket + 1n, `bucket ids ${publicBucket}, ${privateBucket}`);
  const pub = await client.getBucket(publicBucket);
  const priv = await client.getBucket(privateBucket);
  expect(pub && pub.isPublic === true && pub.ownerId === owner.address, `public bucket ${JSON.stringify(pub, big)}`);
  expect(priv && priv.isPublic === false && priv.ownerId === owner.address, `private bucket ${JSON.stringify(priv, big)}`);
  expect(String(pub.clusterId).toLowerCase() === CLUSTER.toLowerCase(), `cluster ${pub.clusterId}`);
});

await step('getBucketList contains the new buckets', async () => {
  const ids = (await client.getBucketList()).map((b) => b.bucketId);
  expect(ids.includes(publicBucket) && ids.includes(privateBucket), `list ${ids}`);
});

await step('store a file in each new bucket and read it back (nodes found on chain)', async () => {
  for (const bucket of [privateBucket, publicBucket]) {
    const data = randomBytes(64 * 1024);
    const uri = await client.store(bucket, new File(data, { size: data.length }));
    const back = new Uint8Array(await (await client.read(uri)).arrayBuffer());
    expect(Buffer.from(back).equals(data), `bucket ${bucket}: ${back.length} bytes read differ`);
    await client.store(bucket, new File(data.subarray(0, 100), { size: 100 }), { name: 'chain/name' });
    const named = new Uint8Array(await (await client.read(new FileUri(bucket, 'chain/name'))).arrayBuffer());
    expect(Buffer.from(named).equals(data.subarray(0, 100)), `bucket ${bucket}: named file differs`);
  }
});

await step('unlockDeposit', async () => {
  await client.unlockDeposit(CLUSTER, 2n * CERE);
  const now = await client.getDeposit(CLUSTER);
  expect(now === deposit - 2n * CERE, `deposit ${now} after unlocking 2 CERE of ${deposit}`);
});

await step('withdrawUnlockedDeposit before the unlocking delay returns nothing', async () => {
  const before = await client.getBalance();
  await client.withdrawUnlockedDeposit(CLUSTER);
  const after = await client.getBalance();
  expect(after <= before && before - after < CERE, `balance ${before} -> ${after} (only the fee is paid)`);
});

await step('withdrawUnlockedDeposit after the unlocking delay returns the unlocked 2 CERE', async () => {
  // The customers pallet's UnlockingDelay is 100800 blocks; the dev chain seals them on demand.
  await sealBlocks(100_800);
  const before = await client.getBalance();
  await client.withdrawUnlockedDeposit(CLUSTER);
  const gained = (await client.getBalance()) - before;
  expect(gained > 2n * CERE - CERE / 10n && gained <= 2n * CERE, `balance grew by ${gained}`);
  expect((await client.getDeposit(CLUSTER)) === deposit - 2n * CERE, 'active deposit changed');
});

await step('removeBuckets marks both buckets removed', async () => {
  const removed = await client.removeBuckets(publicBucket, privateBucket);
  expect(removed.length === 2 && removed.includes(publicBucket) && removed.includes(privateBucket), `removed ${removed}`);
  for (const id of [publicBucket, privateBucket]) {
    const b = await client.getBucket(id);
    expect(b && b.isRemoved === true, `bucket ${id} after removal: ${JSON.stringify(b, big)}`);
  }
  // The chain keeps removed buckets (is_removed = true); the SDK lists every entry.
  const listed = (await client.getBucketList()).filter((b) => b.bucketId === publicBucket);
  expect(listed.length === 1 && listed[0].isRemoved === true, `listed ${JSON.stringify(listed, big)}`);
});

await step('a removed bucket takes no more data', async () => {
  // Nodes cache what the chain says of a bucket for up to 5 s (ChainBucketRegistry.TTL): the removal
  // binds them from then on. The store step above read this bucket through the node moments ago.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  let failed;
  try {
    await client.store(privateBucket, new File(randomBytes(10), { size: 10 }));
  } catch (e) {
    failed = e;
  }
  expect(failed !== undefined, 'stored into a removed bucket');
});

async function sealBlocks(n) {
  const ws = new WebSocket(devnet.chain);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    for (let id = 1; n > 0; id++) {
      const count = Math.min(n, 1000);
      const reply = await new Promise((resolve) => {
        ws.once('message', (m) => resolve(JSON.parse(m)));
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'dev_newBlock', params: [{ count }] }));
      });
      if (reply.error) throw new Error(`dev_newBlock: ${JSON.stringify(reply.error)}`);
      n -= count;
    }
  } finally {
    ws.close();
  }
}

if (client) await client.disconnect().catch(() => {});
function big(_k, v) {
  return typeof v === 'bigint' ? v.toString() : v;
}
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
