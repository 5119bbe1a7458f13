// Shared helpers of the dev chain conformance scripts: connect, assertions, waiting for inclusion.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';

export async function connect(url) {
  await cryptoWaitReady();
  const provider = new WsProvider(url, false);
  await provider.connect();
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

let checks = 0;
export function check(cond, what) {
  checks++;
  if (!cond) {
    throw new Error(`check failed: ${what}`);
  }
  console.log(`ok ${checks} - ${what}`);
}

export function checkCount() {
  return checks;
}

/** Signs and sends; resolves with { blockHash, events } at finalization, rejects on dispatch error or invalidity. */
export function sendAndFinalize(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    const timer = setTimeout(() => reject(new Error('no finalization within 30 s')), 30000);
    tx.signAndSend(signer, options, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        reject(new Error(`extrinsic ${status.type}`));
      }
      if (status.isFinalized) {
        clearTimeout(timer);
        if (unsub) unsub();
        if (dispatchError) {
          let msg = dispatchError.toString();
          let docs = '';
          if (dispatchError.isModule) {
            const d = api.registry.findMetaError(dispatchError.asModule);
            msg = `${d.section}.${d.name}`;
            docs = d.docs.join(' ');
          }
          const e = new Error(`dispatch failed: ${msg}`);
          e.dispatch = msg;
          e.docs = docs;
          e.blockHash = status.asFinalized.toHex();
          reject(e);
          return;
        }
        resolve({ blockHash: status.asFinalized.toHex(), events });
      }
    }).then((u) => { unsub = u; }, (e) => { clearTimeout(timer); reject(e); });
  });
}

export async function expectRejected(promise, pattern, what) {
  try {
    await promise;
  } catch (e) {
    const msg = String(e && e.message ? e.message : e);
    check(pattern.test(msg), `${what} (got: ${msg})`);
    return msg;
  }
  throw new Error(`check failed: ${what}: no error`);
}
