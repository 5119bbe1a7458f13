// The official client's WebSocket transport (improbable-eng grpc-web, as in browsers) against our
// node's HTTP port: the SDK's browser build, with the `ws` package standing in for the browser's
// WebSocket. Same settings as run.mjs. Prints "N passed, N failed".
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

globalThis.WebSocket = WebSocket;
const ddc = await import(new URL('./node_modules/@cere-ddc-sdk/ddc/dist/browser.js', import.meta.url));
const { StorageNode, StorageNodeMode, UriSigner, Piece, MultipartPiece, DagNode, Link, CnsRecord, AuthToken, AuthTokenOperation } = ddc;

const env = process.env;
const SCHEME = env.DDC_SCHEME || 'ed25519';
const PUBLIC = BigInt(env.DDC_PUBLIC_BUCKET || '1');
const PRIVATE = BigInt(env.DDC_PRIVATE_BUCKET || '2');
const QUOTA = Number(env.DDC_QUOTA || 8 * 1024 * 1024);
const OWNER_URI = env.DDC_OWNER_URI || '//Alice';
const OTHER_URI = env.DDC_OTHER_URI || '//Bob';
const MB = 1024 * 1024;

async function node(uri, extra = {}) {
  const signer = new UriSigner(uri, { type: SCHEME });
  await signer.isReady();
  return new StorageNode(signer, {
    mode: StorageNodeMode.Full,
    grpcUrl: env.DDC_GRPC_URL,
    httpUrl: env.DDC_HTTP_URL,
    logLevel: 'silent',
    ...extra,
  });
}

const bytesOf = async (r) => new Uint8Array(await r.arrayBuffer());
function same(a, b, what) {
  if (!Buffer.from(a).equals(Buffer.from(b))) throw new Error(`${what}: ${a.length} bytes differ from ${b.length}`);
}
async function rejects(p, pattern, what) {
  try {
    await p;
  } catch (e) {
    const text = `${e.code ?? ''} ${e.message ?? e}`;
    if (!pattern.test(text)) throw new Error(`${what}: unexpected error ${text}`);
    return;
  }
  throw new Error(`${what}: succeeded but should have failed`);
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok   ws: ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ws: ${name}: ${e.stack || e}`);
  }
}

const owner = await node(OWNER_URI);
const other = await node(OTHER_URI);

await check('store and read pieces (1 KiB, 5 MiB) with ranges', async () => {
  for (const size of [1024, 5 * 1024 * 1024]) {
    const data = randomBytes(size);
    const cid = await owner.storePiece(PRIVATE, new Piece(data));
    same(await bytesOf(await owner.readPiece(PRIVATE, cid)), data, `${size} bytes`);
    const range = { start: 16384, end: Math.min(size, 65536) - 1 };
    if (size > 16384) same(await bytesOf(await owner.readPiece(PRIVATE, cid, { range })), data.subarray(16384, 65536), 'range');
  }
});

await check('DAG put/get with a path, CNS put/get/overwrite/not-found', async () => {
  const leaf = await owner.storeDagNode(PRIVATE, new DagNode('leaf'));
  const root = await owner.storeDagNode(PRIVATE, new DagNode('root', [new Link(leaf, 4, 'a/leaf')]));
  const got = await owner.getDagNode(PRIVATE, root, { path: 'a/leaf' });
  if (Buffer.from(got.data).toString() !== 'leaf') throw new Error('path a/leaf');
  await owner.storeCnsRecord(PRIVATE, new CnsRecord(leaf, 'ws/name'));
  await owner.storeCnsRecord(PRIVATE, new CnsRecord(root, 'ws/name'));
  const rec = await owner.getCnsRecord(PRIVATE, 'ws/name');
  if (rec.cid.toString() !== root) throw new Error(`name resolved to ${rec.cid}`);
  if ((await owner.getCnsRecord(PRIVATE, 'ws/missing')) !== undefined) throw new Error('missing name found');
});

await check('refusals: no bucket, private read by another user, public write by another user', async () => {
  await rejects(owner.storePiece(999n, new Piece(randomBytes(10))), /no bucket/i, 'bucket 999');
  const cid = await owner.storePiece(PRIVATE, new Piece(randomBytes(100)));
  await rejects(other.readPiece(PRIVATE, cid), /PERMISSION_DENIED/, 'private read');
  await rejects(other.storePiece(PUBLIC, new Piece(randomBytes(10))), /PERMISSION_DENIED/, 'public write');
  const signer = new UriSigner(OWNER_URI, { type: SCHEME });
  const token = await new AuthToken({ bucketId: PRIVATE, operations: [AuthTokenOperation.GET] }).sign(signer);
  await other.readPiece(PRIVATE, cid, { accessToken: token.toString() });
});

async function signer(uri) {
  const s = new UriSigner(uri, { type: SCHEME });
  await s.isReady();
  return s;
}

await check('1 MiB piece with authenticate on: whole, and ranges at 0, 16 KiB multiples and the last byte', async () => {
  const authed = await node(OWNER_URI, { authenticate: true });
  const data = randomBytes(MB);
  const cid = await authed.storePiece(PRIVATE, new Piece(data));
  same(await bytesOf(await authed.readPiece(PRIVATE, cid)), data, '1 MiB');
  for (const [start, end] of [[0, 16383], [16384, 49151], [5 * 16384, MB - 1], [32768, 32768], [MB - 1, MB - 1]]) {
    same(await bytesOf(await authed.readPiece(PRIVATE, cid, { range: { start, end } })), data.subarray(start, end + 1), `range ${start}-${end}`);
  }
});

await check('multipart piece of 3 × 4 MiB parts: whole and across part boundaries', async () => {
  const part = 4 * MB;
  const data = randomBytes(3 * part);
  const parts = [];
  for (let i = 0; i < 3; i++) {
    parts.push(await owner.storePiece(PUBLIC, new Piece(data.subarray(i * part, (i + 1) * part), { multipartOffset: i * part })));
  }
  const cid = await owner.storePiece(PUBLIC, new MultipartPiece(parts, { partSize: part, totalSize: 3 * part }));
  same(await bytesOf(await other.readPiece(PUBLIC, cid)), data, 'whole, read by another user');
  for (const [start, end] of [[part - 16384, part + 16383], [2 * part - 1, 2 * part], [part, 3 * part - 1]]) {
    same(await bytesOf(await owner.readPiece(PUBLIC, cid, { range: { start, end } })), data.subarray(start, end + 1), `range ${start}-${end}`);
  }
});

await check('access matrix: bearer PUT, delegated GET and PUT tokens; a token for one operation refused for another', async () => {
  const ownerSigner = await signer(OWNER_URI);
  const otherSigner = await signer(OTHER_URI);
  const data = randomBytes(6000);
  const cid = await owner.storePiece(PRIVATE, new Piece(data));
  const bearerPut = await new AuthToken({ bucketId: PRIVATE, operations: [AuthTokenOperation.PUT] }).sign(ownerSigner);
  await other.storePiece(PRIVATE, new Piece(randomBytes(50)), { accessToken: bearerPut.toString() });
  await rejects(other.readPiece(PRIVATE, cid, { accessToken: bearerPut.toString() }).then(bytesOf), /PERMISSION_DENIED/, 'PUT token used to GET');
  const grant = (operations) =>
    new AuthToken({ bucketId: PRIVATE, operations, subject: otherSigner.address }).sign(ownerSigner);
  const getGrant = await grant([AuthTokenOperation.GET]);
  same(await bytesOf(await other.readPiece(PRIVATE, cid, { accessToken: getGrant.toString() })), data, 'delegated GET');
  await rejects(other.storePiece(PRIVATE, new Piece(randomBytes(70)), { accessToken: getGrant.toString() }), /PERMISSION_DENIED/, 'delegated GET used to PUT');
  const putGrant = await grant([AuthTokenOperation.PUT]);
  await other.storePiece(PRIVATE, new Piece(randomBytes(60)), { accessToken: putGrant.toString() });
  await other.storeDagNode(PRIVATE, new DagNode('delegated'), { accessToken: putGrant.toString() });
});

if (env.DDC_LARGE === '1') {
  await check('large: 128 MiB raw piece', async () => {
    const data = randomBytes(128 * MB);
    const cid = await owner.storePiece(PRIVATE, new Piece(data));
    same(await bytesOf(await owner.readPiece(PRIVATE, cid)), data, '128 MiB');
  });
}

await check('quota: a read without acks fails, with acks succeeds', async () => {
  const data = randomBytes(QUOTA + 4 * 1024 * 1024);
  const cid = await owner.storePiece(PUBLIC, new Piece(data));
  const noAcks = await node(`//WsReader${Date.now()}`, { enableAcks: false });
  await rejects(noAcks.readPiece(PUBLIC, cid).then(bytesOf), /RESOURCE_EXHAUSTED|quota/i, 'no acks');
  same(await bytesOf(await owner.readPiece(PUBLIC, cid)), data, 'with acks');
});

const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
