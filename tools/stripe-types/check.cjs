// Type-checks every event the core can emit against stripe-node's published types for
// its API version (stripe-v16: 2024-06-20, stripe-v18: 2025-03-31.basil, stripe-v23:
// 2026-10-28.endive), with zero errors allowed; then shows the check itself fails on an
// extra field, a missing required field and a wrong enum value.
//
// node tools/stripe-types/check.cjs <events.json> <work dir>
// The events come from `cargo run -p testkit-core --example stripe_events`.
// Prints "N passed, N failed" last (one check per event, one per self-test).
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const [eventsPath, work] = process.argv.slice(2);
const VERSIONS = {
  '2024-06-20': 'stripe-v16',
  '2025-03-31.basil': 'stripe-v18',
  '2026-10-28.endive': 'stripe-v23',
};

// Where stripe-node's types knowingly differ from the JSON Stripe sends (each one is in
// docs/stripe-versions.md with its source); applied to a copy before the check.
function knownDifferences(event, version) {
  const walk = (value, key) => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value === null || typeof value !== 'object') {
      // stripe-node 23 types decimal fields as its Decimal class (it parses the strings).
      if (version === '2026-10-28.endive' && typeof value === 'string' && DECIMALS.has(key)) {
        return { __decimal: value };
      }
      return value;
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      // Embedded lists carry total_count; ApiList<T> does not declare it.
      if (k === 'total_count' && value.object === 'list') continue;
      out[k] = walk(v, k);
    }
    return out;
  };
  const out = walk(event, '');
  // previous_attributes is typed Partial<T>, which is shallow: a nested hash must be
  // whole, but Stripe sends only its changed keys. The rest is as the object has it now.
  const previous = out.data.previous_attributes;
  if (previous) {
    for (const [k, v] of Object.entries(previous)) {
      const now = out.data.object[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && !('object' in v) && now && typeof now === 'object') {
        previous[k] = { ...now, ...v };
      }
    }
  }
  return out;
}
const DECIMALS = new Set(['unit_amount_decimal', 'amount_decimal', 'quantity_decimal', 'unit_amount_excluding_tax']);

function typeName(eventType) {
  return eventType.split(/[._]/).map((p) => p[0].toUpperCase() + p.slice(1)).join('') + 'Event';
}

// Upcoming invoices have no id (Stripe: "upcoming invoices do not have an id"), but
// stripe-node 16 and 23 declare Invoice.id required; 18 makes it optional.
function declared(eventType) {
  const name = `Stripe.${typeName(eventType)}`;
  if (eventType !== 'invoice.upcoming') return name;
  return `Omit<${name}, 'data'> & { data: Omit<${name}['data'], 'object'> & { object: Omit<Stripe.Invoice, 'id'> & { id?: string } } }`;
}

function literal(value) {
  return JSON.stringify(value, null, 1).replace(/\{\s*"__decimal": ("[^"]*")\s*\}/g, 'D($1)');
}

function header(pkg) {
  const lines = pkg === 'stripe-v23'
    ? [`import Stripe from '${pkg}';`, `type Decimal = Stripe.Decimal;`]
    : [`/// <reference path="${path.join(root, 'node_modules', pkg, 'types/index.d.ts')}" />`,
       `import Stripe from 'stripe';`, `type Decimal = string;`];
  return lines.concat(['declare function D(text: string): Decimal;', '']).join('\n');
}

// Writes one file; returns the line each entry starts at.
function writeFile(file, pkg, entries) {
  let text = header(pkg);
  const starts = [];
  entries.forEach((e, i) => {
    starts.push(text.split('\n').length);
    text += `export const e${i}: ${declared(e.event.type)} = ${literal(e.event)};\n`;
  });
  fs.writeFileSync(file, text);
  return starts;
}

function diagnose(files) {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [],
    baseUrl: root, paths: {}, typeRoots: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file && d.file.fileName,
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

function countFields(value) {
  if (Array.isArray(value)) return value.reduce((n, v) => n + countFields(v), 0);
  if (value === null || typeof value !== 'object') return 1;
  return Object.values(value).reduce((n, v) => n + countFields(v), 0);
}

const all = JSON.parse(fs.readFileSync(eventsPath, 'utf8'));
fs.mkdirSync(work, { recursive: true });
let passed = 0;
let failed = 0;
let fields = 0;
for (const [version, pkg] of Object.entries(VERSIONS)) {
  const entries = all.filter((e) => e.version === version)
    .map((e) => ({ ...e, event: knownDifferences(e.event, version) }));
  // Identical events (ids aside) need one check: the scenarios repeat shapes a lot.
  const seen = new Map();
  const unique = [];
  for (const e of entries) {
    fields += countFields(e.event);
    const key = JSON.stringify(e.event).replace(/"(evt|cus|sub|si|in|il|pi|ch|pm|req|clock|prod|price)_[A-Za-z0-9_]*"/g, '"id"');
    if (!seen.has(key)) { seen.set(key, unique.length); unique.push({ ...e, same: 1 }); } else unique[seen.get(key)].same += 1;
  }
  const file = path.join(work, `${pkg}.ts`);
  const starts = writeFile(file, pkg, unique);
  const errors = diagnose([file]).filter((d) => d.file === file || !d.file);
  const bad = new Set();
  for (const d of errors) {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > d.line) i -= 1;
    bad.add(i);
    if (bad.size <= 8) console.log(`${version} ${unique[i].source} ${unique[i].event.type} (line ${d.line - starts[i]}): TS${d.code} ${d.text.split('\n').slice(-3).join(' / ').slice(0, 300)}`);
  }
  unique.forEach((e, i) => { if (bad.has(i)) failed += e.same; else passed += e.same; });
  console.log(`${version} (${pkg}): ${entries.length} events, ${unique.length} distinct, ${bad.size} with errors, ${errors.length} errors`);

  // Self-tests: the check must catch each of these in a correct event.
  const base = unique.find((e) => e.event.type === 'customer.subscription.updated' && !bad.has(unique.indexOf(e)));
  if (!base) { console.log(`${version}: no clean subscription event to mutate`); failed += 3; continue; }
  const cases = [
    ['an extra field', (o) => { o.data.object.surprise_field = 1; }, 2353],
    ['a missing required field', (o) => { delete o.data.object.cancellation_details; }, 2741],
    // stripe-node 23 leaves enums open (`| OtherString`): there a wrong literal `object` is the wrong enum.
    ['a wrong enum value', (o) => { if (pkg === 'stripe-v23') o.data.object.object = 'subscriptions'; else o.data.object.status = 'activ'; }, [2322, 2820]],
  ];
  for (const [name, mutate, code] of cases) {
    const event = JSON.parse(JSON.stringify(base.event));
    mutate(event);
    const codes = [].concat(code);
    const selfFile = path.join(work, `${pkg}-self-${codes[0]}.ts`);
    writeFile(selfFile, pkg, [{ event }]);
    const found = diagnose([selfFile]).filter((d) => d.file === selfFile);
    const ok = found.length > 0 && found.every((d) => codes.includes(d.code));
    console.log(`${version} self-test, ${name}: ${ok ? 'caught' : 'NOT caught'} (${found.map((d) => 'TS' + d.code).join(', ') || 'no error'})`);
    if (ok) passed += 1; else failed += 1;
  }
}
console.log(`${all.length} events, ${fields} fields, ${Object.keys(VERSIONS).length} versions checked`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
