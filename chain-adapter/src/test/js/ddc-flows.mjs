// The DDC chain flows through @polkadot/api against the dev chain: the integration bootstrap (cluster, cluster bond,
// node, bond, store, add) and the customer flows the official client runs (deposit, createBucket, getBucket, bucket
// list, getDeposit, unlock, withdraw, removeBucket). Usage: node ddc-flows.mjs <ws-url>
import { Keyring } from '@polkadot/keyring';
import { check, checkCount, connect, sendAndFinalize } from './lib.mjs';

const [, , url] = process.argv;
const UNIT = 10n ** 10n;
const CLUSTER = '0x0000000000000000000000000000000000000001';

async function main() {
  const api = await connect(url);
  const sr = new Keyring({ type: 'sr25519', ss58Format: 54 });
  const ed = new Keyring({ type: 'ed25519', ss58Format: 54 });
  const alice = sr.addFromUri('//Alice');
  const bob = sr.addFromUri('//Bob');
  const charlie = sr.addFromUri('//Charlie');
  const dave = sr.addFromUri('//Dave');
  const node = ed.addFromUri('//DdcNode1');
  const nodeKey = { StoragePubKey: node.publicKey };

  for (const [p, c] of [['ddcCustomers', 'createBucket'], ['ddcCustomers', 'deposit'], ['ddcCustomers', 'depositFor'],
    ['ddcCustomers', 'unlockDeposit'], ['ddcCustomers', 'withdrawUnlockedDeposit'], ['ddcNodes', 'createNode'],
    ['ddcStaking', 'bond'], ['ddcStaking', 'store'], ['ddcStaking', 'bondCluster'], ['ddcClusters', 'createCluster'],
    ['ddcClusters', 'addNode']]) {
    check(typeof api.tx[p][c] === 'function', `api.tx.${p}.${c} decorated`);
  }
  check(api.tx.ddcClusters.createCluster.meta.args.length === 4, 'ddcClusters.createCluster takes 4 args');
  check(api.tx.ddcCustomers.depositFor.meta.args.length === 3, 'ddcCustomers.depositFor takes 3 args');

  // Bootstrap, in the official integration order.
  const r1 = await sendAndFinalize(api, api.tx.ddcClusters.createCluster(CLUSTER, bob.address, {
    nodeProviderAuthContract: null, erasureCodingRequired: 4, erasureCodingTotal: 6, replicationTotal: 3,
    inspectionDryRunParams: null,
  }, {
    treasuryShare: 0, validatorsShare: 0, clusterReserveShare: 0, storageBondSize: 100n * UNIT, storageChillDelay: 0,
    storageUnbondingDelay: 0, costPerMbStored: 1, costPerMbStreamed: 1, costPerPutRequest: 1, costPerGetRequest: 1,
    costPerGpuUnit: 0, costPerCpuUnit: 0, costPerRamUnit: 0, customerDepositContract: alice.address,
  }), alice);
  check(r1.events.some(({ event }) => api.events.ddcClusters.ClusterCreated.is(event)), 'DdcClusters.ClusterCreated');
  await sendAndFinalize(api, api.tx.ddcStaking.bondCluster(CLUSTER), bob);
  check((await api.query.ddcClusters.clusters(CLUSTER)).unwrap().status.isBonded, 'cluster bonded by its reserve');
  await sendAndFinalize(api, api.tx.ddcNodes.createNode(nodeKey, { StorageParams: {
    mode: 'Storage', host: '127.0.0.1', domain: '', ssl: false, httpPort: 8091, grpcPort: 9091, p2pPort: 9071 } }), charlie);
  await sendAndFinalize(api, api.tx.ddcStaking.bond(charlie.address, nodeKey, 200n * UNIT), charlie);
  const rs = await sendAndFinalize(api, api.tx.ddcStaking.store(CLUSTER), charlie);
  check(rs.events.some(({ event }) => api.events.ddcStaking.Activated.is(event)), 'DdcStaking.Activated');
  await sendAndFinalize(api, api.tx.ddcClusters.addNode(CLUSTER, nodeKey, 'Genesis'), alice);
  const stored = (await api.query.ddcNodes.storageNodes(node.publicKey)).unwrap();
  check(stored.clusterId.unwrap().toHex() === CLUSTER, 'the node belongs to the cluster');
  check(stored.props.host.toU8a(true).length === 9 && stored.props.httpPort.toNumber() === 8091, 'node props stored');
  const members = await api.query.ddcClusters.clustersNodes.entries(CLUSTER);
  check(members.length === 1 && members[0][0].args[1].asStoragePubKey.toHex() === node.publicKey.reduce((s, b) => s + b.toString(16).padStart(2, '0'), '0x'),
    'clustersNodes lists the node');

  // Customer flows.
  await sendAndFinalize(api, api.tx.ddcCustomers.deposit(CLUSTER, 100n * UNIT), dave);
  const ledger = (await api.query.ddcCustomers.clusterLedger(CLUSTER, dave.address)).unwrap();
  check(ledger.active.toBigInt() === 100n * UNIT, `deposit of 100 CERE (${ledger.active.toHuman()})`);
  const rb = await sendAndFinalize(api, api.tx.ddcCustomers.createBucket(CLUSTER, { isPublic: true }), dave);
  const created = rb.events.find(({ event }) => api.events.ddcCustomers.BucketCreated.is(event));
  const bucketId = created.event.data.bucketId.toBigInt();
  check(bucketId === 1n, 'BucketCreated with id 1');
  await sendAndFinalize(api, api.tx.ddcCustomers.createBucket(CLUSTER, { isPublic: false }), dave);
  const bucket = (await api.query.ddcCustomers.buckets(bucketId)).unwrap();
  check(bucket.ownerId.toString() === dave.address && bucket.isPublic.isTrue && bucket.clusterId.toHex() === CLUSTER,
    'getBucket: owner, public, cluster');
  const all = await api.query.ddcCustomers.buckets.entries();
  check(all.length === 2 && (await api.query.ddcCustomers.bucketsCount()).toNumber() === 2, 'bucket list and count');
  await sendAndFinalize(api, api.tx.ddcCustomers.unlockDeposit(CLUSTER, 40n * UNIT), dave);
  const after = (await api.query.ddcCustomers.clusterLedger(CLUSTER, dave.address)).unwrap();
  check(after.active.toBigInt() === 60n * UNIT && after.unlocking.length === 1, 'unlock moves 40 CERE to a chunk');
  const rw = await sendAndFinalize(api, api.tx.ddcCustomers.withdrawUnlockedDeposit(CLUSTER), dave);
  check(!rw.events.some(({ event }) => api.events.ddcCustomers.Withdrawn.is(event)), 'nothing withdrawable before the delay');
  await sendAndFinalize(api, api.tx.ddcCustomers.removeBucket(bucketId), dave);
  check((await api.query.ddcCustomers.buckets(bucketId)).unwrap().isRemoved.isTrue, 'removeBucket marks it removed');
  try {
    await sendAndFinalize(api, api.tx.ddcCustomers.removeBucket(bucketId), dave);
    check(false, 'removing twice fails');
  } catch (e) {
    check(e.dispatch === 'ddcCustomers.AlreadyRemoved', `removing twice fails with ${e.dispatch}`);
    check(/removed/i.test(e.docs), `polkadot-js shows the error's doc from the metadata (got: "${e.docs}")`);
  }
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
