// Interoperability of stored data: the official client 2.16.1 against one of our nodes in
// chain-less mode (node-protocol.md §10.4), for the JVM test that checks the Java SDK against it.
//
//   node run-interop.mjs store          stores a raw piece, a multipart file (two 4 MiB parts,
//                                       the client's minimum part size), a DAG of two nodes with
//                                       a link and a tag, and a CNS name; prints their CIDs,
//                                       lengths and SHA-256 digests as one JSON line.
//   node run-interop.mjs read JSON      reads what the JSON names (CIDs of a raw piece and a
//                                       multipart file, a DAG root with a link path, a CNS name, a
//                                       directory's DAG whose links are files) and prints what it
//                                       got (lengths, SHA-256, DAG structure).
//
// Settings (environment): DDC_GRPC_URL, DDC_HTTP_URL, DDC_SCHEME (default sr25519),
// DDC_OWNER_URI (the bucket's owner), DDC_BUCKET (default 2). The JSON result is the last line
// printed, prefixed with "INTEROP "; the exit code is non-zero on any error.
import { createHash, randomBytes } from 'node:crypto';
import {
  DdcClient, File, FileUri, DagNode, DagNodeUri, Link, Tag, UriSigner, MB,
} from '@cere-ddc-sdk/ddc-client';

const env = process.env;
const BUCKET = BigInt(env.DDC_BUCKET || '2');
const PART = 4 * MB;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (response) => new Uint8Array(await response.arrayBuffer());
const hex = (bytes) => Buffer.from(bytes).toString('hex');

function describeDag(node) {
  return {
    cid: node.cid,
    data: hex(node.data),
    links: node.links.map((l) => ({ cid: l.cid.toString(), name: l.name, size: l.size })),
    tags: node.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

async function store(client) {
  const raw = randomBytes(3000);
  const rawUri = await client.store(BUCKET, new File(raw, { size: raw.length }));
  const multi = randomBytes(2 * PART - 4321);
  const multiUri = await client.store(BUCKET, new File(multi, { size: multi.length }), {
    maxBufferSize: PART,
  });
  const leafUri = await client.store(BUCKET, new DagNode('js leaf'));
  const root = new DagNode(
    'js root',
    [new Link(leafUri.cid, 7, 'docs/leaf.txt'), new Link(rawUri.cid, raw.length, 'raw')],
    [new Tag('lang', 'js')],
  );
  const rootUri = await client.store(BUCKET, root, { name: 'interop/js-dag' });
  const named = randomBytes(1000);
  const namedUri = await client.store(BUCKET, new File(named, { size: named.length }), {
    name: 'interop/js-file',
  });
  return {
    raw: { cid: rawUri.cid, length: raw.length, sha256: sha256(raw) },
    multipart: { cid: multiUri.cid, length: multi.length, sha256: sha256(multi), partSize: PART },
    dag: { root: rootUri.cid, leaf: leafUri.cid, name: 'interop/js-dag', leafPath: 'docs/leaf.txt' },
    name: { name: 'interop/js-file', cid: namedUri.cid, length: named.length, sha256: sha256(named) },
  };
}

async function fileFacts(client, cidOrName) {
  const response = await client.read(new FileUri(BUCKET, cidOrName));
  const bytes = await bytesOf(response);
  return { cid: response.cid.toString(), length: bytes.length, sha256: sha256(bytes) };
}

async function read(client, wanted) {
  const out = {};
  out.raw = await fileFacts(client, wanted.raw);
  out.multipart = await fileFacts(client, wanted.multipart);
  const range = await client.read(new FileUri(BUCKET, wanted.multipart), {
    range: { start: wanted.rangeStart, end: wanted.rangeStart + wanted.rangeLength - 1 },
  });
  out.multipartRange = { sha256: sha256(await bytesOf(range)) };
  out.dag = describeDag(await client.read(new DagNodeUri(BUCKET, wanted.dag)));
  out.dagPath = describeDag(
    await client.read(new DagNodeUri(BUCKET, wanted.dag), { path: wanted.dagPath }),
  );
  out.dagByName = describeDag(await client.read(new DagNodeUri(BUCKET, wanted.dagName)));
  out.name = { resolved: (await client.resolveName(BUCKET, wanted.name)).toString() };
  Object.assign(out.name, await fileFacts(client, wanted.name));
  // a directory stored like a website upload: one DAG node linking every file by its path
  const dir = await client.read(new DagNodeUri(BUCKET, wanted.directory));
  out.directory = [];
  for (const l of dir.links) {
    out.directory.push({ name: l.name, size: l.size, ...(await fileFacts(client, l.cid.toString())) });
  }
  return out;
}

const mode = process.argv[2];
if (mode !== 'store' && mode !== 'read') {
  console.error('usage: node run-interop.mjs store | read JSON');
  process.exit(2);
}
const signer = new UriSigner(env.DDC_OWNER_URI || '//Alice', { type: env.DDC_SCHEME || 'sr25519' });
await signer.isReady();
const client = await DdcClient.create(signer, {
  blockchain: { isReady: async () => true, disconnect: async () => {} },
  logLevel: 'silent',
  nodes: [{ mode: 'Full', grpcUrl: env.DDC_GRPC_URL, httpUrl: env.DDC_HTTP_URL }],
});
let code = 0;
try {
  const result = mode === 'store' ? await store(client) : await read(client, JSON.parse(process.argv[3]));
  console.log(`INTEROP ${JSON.stringify(result)}`);
} catch (e) {
  console.error(`interop ${mode} failed: ${e.stack || e}`);
  code = 1;
}
await client.disconnect().catch(() => {});
process.exit(code);
