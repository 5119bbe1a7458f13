// The dev-line DdcPayouts and DdcVerification pallets through @polkadot/api: calls, constants, storage and events
// decode from the dev chain's metadata; the fingerprint hash is recomputed here; a one-payer, one-payee payout runs
// from fingerprint to end_payout (a one-leaf MMR: the root is the leaf, the proof is empty).
// Usage: node payouts.mjs <ws-url> (the chain's genesis validator set must be //Charlie, sr25519)
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { compactToU8a, stringToU8a, u8aConcat, u8aToHex, bnToU8a } from '@polkadot/util';
import { check, checkCount, connect, sendAndFinalize } from './lib.mjs';

const [, , url] = process.argv;
const UNIT = 10n ** 10n;
const CLUSTER = '0x0000000000000000000000000000000000000001';
const ERA = 42;

function leaf(accountId, amount) {
  return blake2AsU8a(u8aConcat(accountId, bnToU8a(amount, { bitLength: 128, isLe: true })), 256);
}

function has(events, api, section, name) {
  return events.find(({ event }) => api.events[section][name].is(event));
}

async function main() {
  const api = await connect(url);
  const sr = new Keyring({ type: 'sr25519', ss58Format: 54 });
  const alice = sr.addFromUri('//Alice');
  const bob = sr.addFromUri('//Bob');
  const charlie = sr.addFromUri('//Charlie');
  const dave = sr.addFromUri('//Dave');

  const calls = { commitPayoutFingerprint: 4, beginPayout: 3, beginChargingCustomers: 3, sendChargingCustomersBatch: 5,
    endChargingCustomers: 2, beginRewardingProviders: 3, sendRewardingProvidersBatch: 5, endRewardingProviders: 2,
    endPayout: 2 };
  for (const [c, n] of Object.entries(calls)) {
    check(api.tx.ddcPayouts[c] && api.tx.ddcPayouts[c].meta.args.length === n, `ddcPayouts.${c} takes ${n} args`);
  }
  for (const [c, n] of Object.entries({ setValidatorKey: 1, forceSkipInspection: 2, forceSetValidatorKey: 2,
    reportFaultyNode: 3, forceSetValidators: 1 })) {
    check(api.tx.ddcVerification[c] && api.tx.ddcVerification[c].meta.args.length === n,
      `ddcVerification.${c} takes ${n} args`);
  }
  check(api.tx.ddcPayouts.beginPayout(CLUSTER, ERA, new Uint8Array(32)).method.toHex().startsWith('0x2701'),
    'DdcPayouts is pallet 39, begin_payout call 1');
  check(api.tx.ddcVerification.reportFaultyNode(CLUSTER, { StoragePubKey: new Uint8Array(32) }, ERA).method.toHex()
    .startsWith('0x2814'), 'DdcVerification is pallet 40, report_faulty_node call 20');
  check(api.consts.ddcPayouts.maxPayoutBatchSize.toNumber() === 100, 'MaxPayoutBatchSize 100');
  check(api.consts.ddcVerification.faultyNodeQuorum.toNumber() === 67, 'FaultyNodeQuorum 67 %');
  const set = await api.query.ddcVerification.validatorSet();
  check(set.length === 1 && set[0].toString() === charlie.address, 'genesis ValidatorSet is //Charlie');

  await sendAndFinalize(api, api.tx.ddcClusters.createCluster(CLUSTER, bob.address, {
    nodeProviderAuthContract: null, erasureCodingRequired: 4, erasureCodingTotal: 6, replicationTotal: 3,
    inspectionDryRunParams: null,
  }, {
    treasuryShare: 0, validatorsShare: 100_000_000_000_000_000n, clusterReserveShare: 0, storageBondSize: 100n * UNIT,
    storageChillDelay: 0, storageUnbondingDelay: 0, costPerMbStored: 1, costPerMbStreamed: 1, costPerPutRequest: 1,
    costPerGetRequest: 1, costPerGpuUnit: 0, costPerCpuUnit: 0, costPerRamUnit: 0, customerDepositContract: alice.address,
  }), alice);
  await sendAndFinalize(api, api.tx.ddcCustomers.deposit(CLUSTER, 100n * UNIT), dave);

  const charge = 30n * UNIT;
  const reward = 27n * UNIT; // 10 % goes to the validators
  const payersRoot = leaf(dave.publicKey, charge);
  const payeesRoot = leaf(bob.publicKey, reward);
  const ehdId = `${CLUSTER}-${u8aToHex(charlie.publicKey)}-${ERA}`;
  const ehd = stringToU8a(ehdId);
  const fingerprint = blake2AsU8a(u8aConcat(CLUSTER, compactToU8a(ehd.length), ehd, payersRoot, payeesRoot), 256);
  const rc = await sendAndFinalize(api,
    api.tx.ddcPayouts.commitPayoutFingerprint(CLUSTER, ehdId, payersRoot, payeesRoot), charlie);
  const committed = has(rc.events, api, 'ddcPayouts', 'PayoutFingerprintCommited');
  check(committed && committed.event.data.eraId.toNumber() === ERA
    && committed.event.data.validatorId.toString() === charlie.address, 'PayoutFingerprintCommited decodes');
  const fp = (await api.query.ddcPayouts.payoutFingerprints(fingerprint)).unwrap();
  check(fp.ehdId.toString() === ehdId && fp.validators.length === 1 && u8aToHex(fp.payersMerkleRoot) === u8aToHex(payersRoot),
    'PayoutFingerprints keyed by the fingerprint recomputed here');

  const steps = [
    [api.tx.ddcPayouts.beginPayout(CLUSTER, ERA, fingerprint), 'PayoutInitialized'],
    [api.tx.ddcPayouts.beginChargingCustomers(CLUSTER, ERA, 0), 'ChargingStarted'],
    [api.tx.ddcPayouts.sendChargingCustomersBatch(CLUSTER, ERA, 0, [[dave.address, charge]], { proof: [] }), 'Charged'],
    [api.tx.ddcPayouts.endChargingCustomers(CLUSTER, ERA), 'ValidatorFeesCollected'],
    [api.tx.ddcPayouts.beginRewardingProviders(CLUSTER, ERA, 0), 'RewardingStarted'],
    [api.tx.ddcPayouts.sendRewardingProvidersBatch(CLUSTER, ERA, 0, [[bob.address, reward]], { proof: [] }), 'Rewarded'],
    [api.tx.ddcPayouts.endRewardingProviders(CLUSTER, ERA), 'RewardingFinished'],
    [api.tx.ddcPayouts.endPayout(CLUSTER, ERA), 'PayoutReceiptFinalized'],
  ];
  for (const [tx, event] of steps) {
    const r = await sendAndFinalize(api, tx, charlie);
    check(has(r.events, api, 'ddcPayouts', event), `${tx.method.method} emits ${event}`);
  }
  const receipt = (await api.query.ddcPayouts.payoutReceipts(CLUSTER, ERA)).unwrap();
  check(receipt.state.isFinalized && receipt.totalCollectedCharges.toBigInt() === charge
    && receipt.totalDistributedRewards.toBigInt() === reward && receipt.totalSettledFees.toBigInt() === 3n * UNIT,
    'PayoutReceipts: finalized, 30 CERE collected, 27 rewarded, 3 in fees');
  check((await api.query.ddcClusters.clusters(CLUSTER)).unwrap().lastPaidEra.toNumber() === ERA, 'last_paid_era set');
  const ledger = (await api.query.ddcCustomers.clusterLedger(CLUSTER, dave.address)).unwrap();
  check(ledger.active.toBigInt() === 70n * UNIT, 'the customer paid 30 CERE from the deposit');
  check((await api.query.ddcPayouts.debtorCustomers(CLUSTER, dave.address)).isNone, 'no debt');

  const rs = await sendAndFinalize(api,
    api.tx.sudo.sudo(api.tx.ddcVerification.forceSetValidators([charlie.address, dave.address])), alice);
  const updated = has(rs.events, api, 'ddcVerification', 'ValidatorsSetUpdated');
  check(updated && updated.event.data.validators.length === 2, 'ValidatorsSetUpdated decodes');

  console.log(`${checkCount()} checks passed`);
  await api.disconnect();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
