// Reads stripe-node's types for the three pinned versions and prints, per object kind the
// events carry, the required fields merged into the grammar of
// crates/testkit-core/src/events/shapes.rs (with `@` version masks), then every field
// that differs between versions. The tables in shapes.rs started from this output; the
// defaults and the fields the builders set (`!`) were then chosen by hand.
//
// node tools/stripe-types/fields.cjs
'use strict';
const path = require('path');
const fs = require('fs');
const root = path.resolve(__dirname, '../..');
const ts = require(path.join(root, 'node_modules/typescript'));
const names = ['Event', 'Customer', 'Subscription', 'SubscriptionItem', 'Price', 'Plan', 'Invoice', 'InvoiceLineItem', 'PaymentMethod', 'TestHelpers.TestClock', 'Checkout.Session', 'Dispute'];
const work = path.join(root, 'target/stripe-types/fields');
const RES = {Customer:'customer',Subscription:'subscription',SubscriptionItem:'subscription_item',Price:'price',Plan:'plan',Invoice:'invoice',InvoiceLineItem:'line_item',PaymentMethod:'payment_method',TestClock:'test_helpers.test_clock',Session:'checkout.session',Dispute:'dispute',Charge:'charge',PaymentIntent:'payment_intent',Product:'product'};
function load(ver) {
  const dir = path.join(work, ver); fs.mkdirSync(dir, {recursive: true});
  const head = ver === 'v23' ? `import Stripe from '${root}/node_modules/stripe-v23';\n`
    : `/// <reference path="${root}/node_modules/stripe-${ver}/types/index.d.ts" />\nimport Stripe from 'stripe';\n`;
  fs.writeFileSync(dir + '/a.ts', head + names.map((n, i) => `export type T${i} = Stripe.${n};`).join('\n'));
  const prog = ts.createProgram([dir + '/a.ts'], {strict: true, skipLibCheck: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, types: []});
  const tc = prog.getTypeChecker(); const sf = prog.getSourceFile(dir + '/a.ts');
  const mod = tc.getSymbolAtLocation(sf);
  function val(t, depth) {
    const str = tc.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
    if (t.isUnion() && t.types.some(x => x.flags & ts.TypeFlags.Null)) return 'null';
    if (t.flags & ts.TypeFlags.BooleanLike) return 'f';
    if (t.flags & ts.TypeFlags.NumberLike) return '0';
    if (t.isUnion() && t.types.every(x => x.isStringLiteral())) return 's:' + t.types[0].value + '  /*' + str + '*/';
    if (t.isStringLiteral()) return 's:' + t.value;
    if (t.flags & ts.TypeFlags.String) return 's:';
    if (t.isUnion()) return 'EXPANDABLE /*' + str + '*/';
    if (tc.isArrayType(t)) return '[]';
    if (str.startsWith('Metadata')) return '{}';
    if (str.startsWith('ApiList')) return 'LIST /*' + str + '*/';
    const last = str.split('.').pop();
    if (depth > 0 && RES[last]) return 'RES ' + RES[last];
    if (depth > 4) return '? /*' + str + '*/';
    return obj(t, depth + 1);
  }
  function obj(t, depth) {
    const o = {};
    for (const p of tc.getPropertiesOfType(t)) {
      const opt = (p.flags & ts.SymbolFlags.Optional);
      o[(opt ? '?' : '') + p.name] = opt ? 'OPT' : val(tc.getTypeOfSymbolAtLocation(p, sf), depth);
    }
    return o;
  }
  const out = {};
  for (const [i, n] of names.entries()) {
    const sym = tc.getExportsOfModule(mod).find(s => s.name === 'T' + i);
    out[n] = obj(tc.getDeclaredTypeOfSymbol(sym), 0);
  }
  return out;
}
const vs = {1: load('v16'), 2: load('v18'), 3: load('v23')};
// diff print
function diff(path, a) { // a: {1:x,2:y,3:z}
  const objs = [1,2,3].map(k => a[k]);
  if (objs.every(o => o && typeof o === 'object')) {
    const keys = new Set(objs.flatMap(o => Object.keys(o)));
    for (const k of keys) diff(path + '.' + k, {1: a[1][k], 2: a[2][k], 3: a[3][k]});
  } else {
    const s = [1,2,3].map(k => a[k] === undefined ? '-' : (typeof a[k] === 'object' ? '{..}' : a[k]));
    if (!(s[0] === s[1] && s[1] === s[2])) console.log(path, '|', s.join(' | '));
  }
}
for (const n of names) diff(n, {1: vs[1][n], 2: vs[2][n], 3: vs[3][n]});
const t = vs;
const kinds = {Customer:'customer',Subscription:'subscription',SubscriptionItem:'subscription_item',Price:'price',Plan:'plan',Invoice:'invoice',InvoiceLineItem:'line_item',PaymentMethod:'payment_method','TestHelpers.TestClock':'test_helpers.test_clock','Checkout.Session':'checkout.session',Dispute:'dispute'};
const norm = v => (typeof v === 'string' && v.startsWith('EXPANDABLE /*') && !v.includes('|')) ? 'ENUM' : v;
function tok(k, v, mask) {
  const m = mask === '123' ? '' : '@' + mask;
  if (typeof v === 'object') return null;
  if (v === 'null') return k + m;
  if (v === 'OPT') return null;
  if (v.startsWith('EXPANDABLE') || v.startsWith('RES') || v.startsWith('LIST') || v === 'ENUM') return k + '!' + m;
  if (v.startsWith('s:')) return k + '!' + m; // enums and strings: the builder sets them
  if (v.startsWith('?')) return k + '!' + m;
  return k + '=' + v + m;
}
function merge(objs) { // objs: {1:o,2:o,3:o} (undefined where absent)
  const keys = [...new Set([1,2,3].flatMap(i => objs[i] ? Object.keys(objs[i]) : []))]
    .filter(k => !k.startsWith('?'));
  const head = keys.filter(k => k === 'id' || k === 'object');
  const rest = keys.filter(k => k !== 'id' && k !== 'object').sort();
  const out = [];
  for (const k of [...head, ...rest]) {
    if (k === 'id' || k === 'object') continue;
    const vals = {}; for (const i of [1,2,3]) if (objs[i] && k in objs[i]) vals[i] = norm(objs[i][k]);
    const present = Object.keys(vals);
    if (present.every(i => typeof vals[i] === 'object')) {
      const mask = present.join('');
      const inner = merge(vals);
      out.push(k + (mask === '123' ? '' : '@' + mask) + '{' + inner.join(' ') + '}');
      continue;
    }
    // group by value
    const groups = {};
    for (const i of present) { const key = typeof vals[i] === 'object' ? 'OBJ' : vals[i]; (groups[key] = groups[key] || []).push(i); }
    for (const [v, is] of Object.entries(groups)) {
      if (v === 'OBJ') { const sub = {}; for (const i of is) sub[i] = vals[i]; out.push(k + '@' + is.join('') + '{' + merge(sub).join(' ') + '}'); continue; }
      const x = tok(k, v, is.join('')); if (x) out.push(x);
    }
  }
  return out;
}
for (const [n, kind] of Object.entries(kinds)) {
  console.log(kind + '|' + merge({1: t[1][n], 2: t[2][n], 3: t[3][n]}).join(' '));
}
