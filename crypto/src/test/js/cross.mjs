// Cross-checks keys and signatures with polkadot-js. Started by PolkadotJsCrossTest.
//
// Input (argv[2]), one record per line:
//   case <scheme> <hex of the secret URI>
//   msg <hex of the message> <hex of the Java signature>
// Output (stdout), one record per line, cases and messages numbered from 0:
//   pub <case> <hex public key>
//   ok <case> <msg> <true|false>        polkadot-js verification of the Java signature
//   sig <case> <msg> <hex signature>    polkadot-js signature for Java to verify
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex, u8aToString } from '@polkadot/util';
import { cryptoWaitReady, ed25519Verify, sr25519Verify } from '@polkadot/util-crypto';

await cryptoWaitReady();
const keyrings = { sr25519: new Keyring({ type: 'sr25519' }), ed25519: new Keyring({ type: 'ed25519' }) };
const verifiers = { sr25519: sr25519Verify, ed25519: ed25519Verify };
const out = [];
let caseNo = -1;
let msgNo = 0;
let pair;
let scheme;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const f = line.trim().split(' ');
  if (f[0] === 'case') {
    caseNo++;
    msgNo = 0;
    scheme = f[1];
    pair = keyrings[scheme].createFromUri(u8aToString(hexToU8a(f[2])), {}, scheme);
    out.push(`pub ${caseNo} ${u8aToHex(pair.publicKey, -1, false)}`);
  } else if (f[0] === 'msg') {
    const msg = hexToU8a(f[1]);
    const ok = verifiers[scheme](msg, hexToU8a(f[2]), pair.publicKey);
    out.push(`ok ${caseNo} ${msgNo} ${ok}`);
    out.push(`sig ${caseNo} ${msgNo} ${u8aToHex(pair.sign(msg), -1, false)}`);
    msgNo++;
  }
}
process.stdout.write(out.join('\n') + '\n');
