// The official client 2.16.1 configured with every node of one cluster (chain-less mode,
// node-protocol.md §10.4): it stores through one node and reads everything back through each of
// the others, for the JVM test that runs five node processes (FiveNodeClusterTest).
//
//   node run-cluster.mjs
//
// Settings (environment): DDC_NODES, a JSON array of the cluster's nodes as the client takes them
// ({ mode: 'Storage' | 'Full' | 'Cache', grpcUrl, httpUrl }); DDC_STORE_NODE, the index of the node
// to store through; DDC_SCHEME (default sr25519), DDC_OWNER_URI (the bucket's owner), DDC_BUCKET
// (default 2).
//
// Every client is configured with all the nodes; the node it should use gets the client's own
// `priority` 0 and the others 10. The client's router also ranks nodes by ping latency (in 100 ms
// groups), which can outrank that priority, so the node the router actually selected for each call
// is taken from its log ("Selected node for operation ...") and a phase whose calls went elsewhere
// is run again with a fresh client (new pings), at most three times. The JSON result is the last
// line printed, prefixed with "CLUSTER ": what was stored (CIDs, lengths, SHA-256, the nodes the
// router selected) and, per reading node, what it read and through which nodes. Exit code non-zero
// on any error.
import { createHash, randomBytes } from 'node:crypto';
import { DdcClient, File, FileUri, DagNode, DagNodeUri, Link, Tag, UriSigner, MB } from '@cere-ddc-sdk/ddc-client';

const env = process.env;
const BUCKET = BigInt(env.DDC_BUCKET || '2');
const PART = 4 * MB;
const NODES = JSON.parse(env.DDC_NODES);
const STORE = Number(env.DDC_STORE_NODE || '0');
const ATTEMPTS = 3;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (response) => new Uint8Array(await response.arrayBuffer());

// The router's log line naming the node it chose for a call; the last argument is the node's
// display name, its HTTP URL.
let selected = [];
const silent = () => {};
const recorder = {
  child: () => recorder,
  info: (msg, ...args) => {
    if (typeof msg === 'string' && msg.startsWith('Selected node for operation')) {
      selected.push({ operation: args[0], node: args[2] });
    }
  },
  debug: silent,
  warn: silent,
  error: silent,
};

async function clientPreferring(index, signer) {
  const nodes = NODES.map((n, i) => ({ ...n, priority: i === index ? 0 : 10 }));
  return DdcClient.create(signer, {
    blockchain: { isReady: async () => true, disconnect: async () => {} },
    logger: recorder,
    nodes,
  });
}

// Runs `body` with a client that prefers node `index` until every call it made went to that node.
async function through(index, signer, body) {
  const wanted = NODES[index].httpUrl;
  for (let attempt = 1; ; attempt++) {
    const client = await clientPreferring(index, signer);
    selected = [];
    try {
      const result = await body(client);
      const elsewhere = selected.filter((s) => s.node !== wanted);
      if (elsewhere.length === 0 || attempt === ATTEMPTS) {
        return { ...result, node: wanted, attempts: attempt, via: [...new Set(selected.map((s) => s.node))], calls: selected.length };
      }
      console.error(`attempt ${attempt} through ${wanted}: ${elsewhere.length} calls went elsewhere, again`);
    } finally {
      await client.disconnect().catch(() => {});
    }
  }
}

async function fileFacts(client, cidOrName) {
  const bytes = await bytesOf(await client.read(new FileUri(BUCKET, cidOrName)));
  return { length: bytes.length, sha256: sha256(bytes) };
}

async function store(client) {
  const small = randomBytes(3000);
  const large = randomBytes(MB + 17);
  const multi = randomBytes(2 * PART - 4321);
  const smallUri = await client.store(BUCKET, new File(small, { size: small.length }));
  const largeUri = await client.store(BUCKET, new File(large, { size: large.length }), { name: 'cluster/js-file' });
  const multiUri = await client.store(BUCKET, new File(multi, { size: multi.length }), { maxBufferSize: PART });
  const root = new DagNode('cluster root', [new Link(smallUri.cid, small.length, 'small')], [new Tag('from', 'js')]);
  const rootUri = await client.store(BUCKET, root, { name: 'cluster/js-dag' });
  return {
    small: { cid: smallUri.cid, length: small.length, sha256: sha256(small) },
    large: { cid: largeUri.cid, length: large.length, sha256: sha256(large), name: 'cluster/js-file' },
    multipart: { cid: multiUri.cid, length: multi.length, sha256: sha256(multi) },
    dag: { cid: rootUri.cid, name: 'cluster/js-dag' },
  };
}

async function read(client, stored) {
  const dag = await client.read(new DagNodeUri(BUCKET, stored.dag.name));
  return {
    small: await fileFacts(client, stored.small.cid),
    large: await fileFacts(client, stored.large.cid),
    largeByName: await fileFacts(client, stored.large.name),
    resolved: (await client.resolveName(BUCKET, stored.large.name)).toString(),
    multipart: await fileFacts(client, stored.multipart.cid),
    dag: {
      cid: dag.cid,
      data: Buffer.from(dag.data).toString('utf8'),
      links: dag.links.map((l) => ({ cid: l.cid.toString(), name: l.name, size: l.size })),
      tags: dag.tags.map((t) => ({ key: t.key, value: t.value })),
    },
  };
}

const signer = new UriSigner(env.DDC_OWNER_URI || '//Alice', { type: env.DDC_SCHEME || 'sr25519' });
await signer.isReady();
let code = 0;
try {
  const stored = await through(STORE, signer, store);
  const reads = [];
  for (let i = 0; i < NODES.length; i++) {
    if (i !== STORE) {
      reads.push(await through(i, signer, (client) => read(client, stored)));
    }
  }
  console.log(`CLUSTER ${JSON.stringify({ stored, reads })}`);
} catch (e) {
  console.error(`cluster run failed: ${e.stack || e}`);
  code = 1;
}
process.exit(code);
