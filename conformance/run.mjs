// Conformance suite: the official client 2.16.1 against one of our nodes in chain-less mode
// (docs/spec/node-protocol.md §10.4). The node must serve bucket PUBLIC (public) and PRIVATE
// (private), both owned by OWNER_URI, and run with a small unacknowledged-delivery quota
// (QUOTA bytes). Prints "N passed, N failed" and exits non-zero on any failure.
import { randomBytes } from 'node:crypto';
import {
  DdcClient, File, FileUri, DagNode, DagNodeUri, Link, UriSigner, AuthToken, AuthTokenOperation,
} from '@cere-ddc-sdk/ddc-client';

const env = process.env;
const GRPC_URL = env.DDC_GRPC_URL;
const HTTP_URL = env.DDC_HTTP_URL;
const SCHEME = env.DDC_SCHEME || 'ed25519';
const OWNER_URI = env.DDC_OWNER_URI || '//Alice';
const OTHER_URI = env.DDC_OTHER_URI || '//Bob';
const PUBLIC = BigInt(env.DDC_PUBLIC_BUCKET || '1');
const PRIVATE = BigInt(env.DDC_PRIVATE_BUCKET || '2');
const QUOTA = Number(env.DDC_QUOTA || 8 * 1024 * 1024);
const MB = 1024 * 1024;

// A stub chain: the client only checks typeof blockchain === 'string' (§10.4).
const blockchain = { isReady: async () => true, disconnect: async () => {} };

async function client(uri, node = {}) {
  const signer = new UriSigner(uri, { type: SCHEME });
  await signer.isReady();
  return DdcClient.create(signer, {
    blockchain,
    logLevel: 'silent',
    nodes: [{ mode: 'Full', grpcUrl: GRPC_URL, httpUrl: HTTP_URL, ...node }],
  });
}

async function bytesOf(response) {
  return new Uint8Array(await response.arrayBuffer());
}

function same(a, b, what) {
  if (a.length !== b.length || !Buffer.from(a).equals(Buffer.from(b))) {
    throw new Error(`${what}: ${a.length} bytes differ from the ${b.length} expected`);
  }
}

async function rejects(promise, pattern, what) {
  const started = Date.now();
  try {
    await promise;
  } catch (e) {
    const text = `${e.code ?? ''} ${e.message ?? e}`;
    if (!pattern.test(text)) throw new Error(`${what}: unexpected error ${text}`);
    return Date.now() - started;
  }
  throw new Error(`${what}: succeeded but should have failed`);
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}

const owner = await client(OWNER_URI);
const other = await client(OTHER_URI);
const ownerNoAcks = await client(OWNER_URI, { enableAcks: false });
const ownerAuth = await client(OWNER_URI, { authenticate: true });

for (const [label, c] of [['', owner], [' (authenticate)', ownerAuth]]) {
  for (const size of [1024, MB]) {
    await check(`store and read ${size} bytes${label}`, async () => {
      const data = randomBytes(size);
      const uri = await c.store(PRIVATE, new File(data, { size }));
      same(await bytesOf(await c.read(uri)), data, 'content');
    });
  }
}

await check('ranged reads at 0 and at 16 KiB multiples', async () => {
  const data = randomBytes(MB);
  const uri = await owner.store(PUBLIC, new File(data, { size: MB }));
  for (const [offset, length] of [[0, 100], [16384, 32768], [MB - 16384, 16384]]) {
    const got = await bytesOf(await owner.read(uri, { range: { start: offset, end: offset + length - 1 } }));
    same(got, data.subarray(offset, offset + length), `range ${offset}+${length}`);
  }
});

await check('multipart file of 3 x 4 MiB parts, read whole and across part boundaries', async () => {
  const size = 3 * 4 * MB - 12345;
  const data = randomBytes(size);
  const uri = await owner.store(PRIVATE, new File(data, { size }), { maxBufferSize: 4 * MB });
  if (!uri.cid.startsWith('baebr4i')) throw new Error(`not a multipart CID: ${uri.cid}`);
  same(await bytesOf(await ownerAuth.read(uri)), data, 'whole file');
  const start = 4 * MB - 16384;
  const got = await bytesOf(await owner.read(uri, { range: { start, end: start + 4 * MB + 32767 } }));
  same(got, data.subarray(start, start + 4 * MB + 32768), 'range across parts');
});

await check('store with a name and read by name', async () => {
  const data = randomBytes(2048);
  await owner.store(PRIVATE, new File(data, { size: 2048 }), { name: 'dir/file-name' });
  same(await bytesOf(await owner.read(new FileUri(PRIVATE, 'dir/file-name'))), data, 'by name');
});

await check('DAG put/get with nested paths and link names with slashes', async () => {
  const leaf = new DagNode('leaf data');
  const leafUri = await owner.store(PRIVATE, leaf);
  const branch = new DagNode('branch', [new Link(leafUri.cid, 9, 'leaf')]);
  const branchUri = await owner.store(PRIVATE, branch);
  const root = new DagNode('root', [new Link(branchUri.cid, 0, 'branch'), new Link(leafUri.cid, 9, 'assets/bg.jpg')]);
  const rootUri = await owner.store(PRIVATE, root, { name: 'ddc-client/test-dag-node' });
  const got = await ownerAuth.read(rootUri);
  if (Buffer.from(got.data).toString() !== 'root') throw new Error('root data differs');
  const nested = await owner.read(new DagNodeUri(PRIVATE, rootUri.cid), { path: 'branch/leaf' });
  if (Buffer.from(nested.data).toString() !== 'leaf data') throw new Error('branch/leaf differs');
  const slashed = await owner.read(new DagNodeUri(PRIVATE, rootUri.cid), { path: 'assets/bg.jpg' });
  if (Buffer.from(slashed.data).toString() !== 'leaf data') throw new Error('assets/bg.jpg differs');
  const byName = await owner.read(new DagNodeUri(PRIVATE, 'ddc-client/test-dag-node'));
  if (Buffer.from(byName.data).toString() !== 'root') throw new Error('by name differs');
});

await check('CNS overwrite and not-found', async () => {
  const a = await owner.store(PRIVATE, new File(randomBytes(10), { size: 10 }), { name: 'cns/overwrite' });
  const b = await owner.store(PRIVATE, new File(randomBytes(11), { size: 11 }), { name: 'cns/overwrite' });
  const resolved = await owner.resolveName(PRIVATE, 'cns/overwrite');
  if (resolved.toString() !== b.cid) throw new Error(`resolved ${resolved} instead of ${b.cid} (first ${a.cid})`);
  await rejects(owner.read(new FileUri(PRIVATE, 'cns/never-stored')), /not found|Cannot resolve|CNS|name/i, 'missing name');
});

await check('unknown bucket: refused at once with "no bucket"', async () => {
  const ms = await rejects(owner.store(999n, new File(randomBytes(10), { size: 10 })), /no bucket/i, 'bucket 999');
  if (ms > 2000) throw new Error(`refusal took ${ms} ms: it was retried`);
});

await check('another user: public read yes, public write no (immediately), private read no', async () => {
  const data = randomBytes(4096);
  const pub = await owner.store(PUBLIC, new File(data, { size: 4096 }));
  same(await bytesOf(await other.read(pub)), data, 'public read');
  const ms = await rejects(other.store(PUBLIC, new File(data, { size: 4096 })), /PERMISSION_DENIED|permission/i, 'public write');
  if (ms > 2000) throw new Error(`refusal took ${ms} ms: it was retried`);
  const priv = await owner.store(PRIVATE, new File(data, { size: 4096 }));
  await rejects(other.read(priv), /PERMISSION_DENIED|permission/i, 'private read');
});

await check('bearer GET and PUT tokens signed by the owner', async () => {
  const signer = new UriSigner(OWNER_URI, { type: SCHEME });
  const data = randomBytes(5000);
  const priv = await owner.store(PRIVATE, new File(data, { size: 5000 }));
  const getToken = await new AuthToken({ bucketId: PRIVATE, operations: [AuthTokenOperation.GET] }).sign(signer);
  same(await bytesOf(await other.read(priv, { accessToken: getToken.toString() })), data, 'bearer GET');
  await rejects(other.store(PRIVATE, new File(data, { size: 5000 }), { accessToken: getToken.toString() }), /PERMISSION_DENIED/, 'GET token used to PUT');
  const putToken = await new AuthToken({ bucketId: PRIVATE, operations: [AuthTokenOperation.PUT] }).sign(signer);
  await other.store(PRIVATE, new File(data, { size: 5000 }), { accessToken: putToken.toString() });
});

await check('delegated GET and PUT tokens (grantAccess, wrapped by the grantee)', async () => {
  const otherSigner = new UriSigner(OTHER_URI, { type: SCHEME });
  await otherSigner.isReady();
  const data = randomBytes(6000);
  const priv = await owner.store(PRIVATE, new File(data, { size: 6000 }));
  const getGrant = await owner.grantAccess(otherSigner.address, { bucketId: PRIVATE, operations: [AuthTokenOperation.GET] });
  same(await bytesOf(await other.read(priv, { accessToken: getGrant })), data, 'delegated GET');
  const putGrant = await owner.grantAccess(otherSigner.address, { bucketId: PRIVATE, operations: [AuthTokenOperation.PUT] });
  await other.store(PRIVATE, new File(data, { size: 6000 }), { accessToken: putGrant });
  const dag = await other.store(PRIVATE, new DagNode('delegated'), { accessToken: putGrant });
  if (!dag.cid.startsWith('baear4i')) throw new Error('DAG store under a delegated PUT token');
  await rejects(other.read(priv, { accessToken: putGrant }), /PERMISSION_DENIED/, 'delegated PUT token used to GET');
});

await check('a read past the quota without acks fails; the same read with acks succeeds', async () => {
  const size = Math.min(QUOTA + 4 * MB, 128 * MB);
  const data = randomBytes(size);
  const uri = await owner.store(PUBLIC, new File(data, { size }));
  const fresh = await client(`//Reader${Date.now()}`, { enableAcks: false });
  await rejects(bytesOf(await fresh.read(uri)), /RESOURCE_EXHAUSTED|quota/i, 'read without acks');
  same(await bytesOf(await owner.read(uri)), data, 'read with acks');
  void ownerNoAcks;
});

if (env.DDC_LARGE === '1') {
  // The official suite's sizes: a 128 MiB raw piece, a 128 + 128 + 1 MiB multipart file, and a
  // 257 MiB read without acks against the default 50 MiB quota.
  await check('large: 128 MiB raw piece', async () => {
    const data = randomBytes(128 * MB);
    const t0 = Date.now();
    const uri = await owner.store(PRIVATE, new File(data, { size: data.length }));
    const t1 = Date.now();
    same(await bytesOf(await owner.read(uri)), data, '128 MiB');
    console.log(`     store ${t1 - t0} ms, read ${Date.now() - t1} ms`);
  });
  await check('large: 128 + 128 + 1 MiB multipart file', async () => {
    const data = randomBytes(257 * MB);
    const t0 = Date.now();
    const uri = await owner.store(PUBLIC, new File(data, { size: data.length }));
    const t1 = Date.now();
    same(await bytesOf(await owner.read(uri)), data, '257 MiB');
    console.log(`     store ${t1 - t0} ms, read ${Date.now() - t1} ms`);
    const fresh = await client(`//LargeReader${Date.now()}`, { enableAcks: false });
    await rejects(bytesOf(await fresh.read(uri)), /RESOURCE_EXHAUSTED|quota/i, '257 MiB read without acks');
  });
}

const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
await Promise.allSettled([owner, other, ownerNoAcks, ownerAuth].map((c) => c.disconnect()));
process.exit(failed === 0 ? 0 : 1);
