// The browser half of testkit-core's App Store verifier, run in Node's WebCrypto (the same
// `crypto.subtle` API browsers have). Reads JSON lines from `cargo run -p testkit-core
// --features native-crypto --example appstore_webcrypto_cases`:
//  - "verify": importKey("spki", DER, {name: "ECDSA", namedCurve}) then verify({name:
//    "ECDSA", hash}, key, raw r||s, message); the answer must equal the native backend's.
//  - "sign": importKey("pkcs8", leaf key DER) then sign the JWS signing input; the 64-byte
//    raw signature must verify with the leaf's SPKI.
// One PASS/FAIL line per case, then "N passed, N failed".
import { webcrypto } from 'node:crypto';
import { createInterface } from 'node:readline';

const subtle = webcrypto.subtle;
const bytes = (b64) => Buffer.from(b64, 'base64');
let passed = 0;
let failed = 0;

async function run(c) {
  if (c.type === 'verify') {
    const key = await subtle.importKey('spki', bytes(c.spki), { name: 'ECDSA', namedCurve: c.curve }, false, ['verify']);
    const ok = await subtle.verify({ name: 'ECDSA', hash: c.hash }, key, bytes(c.signature), bytes(c.message));
    return ok === c.native ? null : `WebCrypto says ${ok}, native says ${c.native}`;
  }
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const priv = await subtle.importKey('pkcs8', bytes(c.pkcs8), alg, false, ['sign']);
  const input = Buffer.from(c.signing_input, 'utf8');
  const sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, priv, input));
  const pub = await subtle.importKey('spki', bytes(c.spki), alg, false, ['verify']);
  if (sig.length !== 64) return `signature is ${sig.length} bytes, not 64`;
  return (await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, input)) ? null : 'signature does not verify';
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  let problem;
  try {
    problem = await run(c);
  } catch (err) {
    problem = `${err.name}: ${err.message}`;
  }
  if (problem) {
    failed += 1;
    console.log(`FAIL ${c.name}: ${problem}`);
  } else {
    passed += 1;
    console.log(`PASS ${c.name}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
