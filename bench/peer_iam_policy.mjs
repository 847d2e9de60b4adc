// Peer for the lint benchmark: @cloud-copilot/iam-policy (AGPL; run only as a separate
// process, never linked or shipped). Validates and lints each policy of a corpus (one JSON
// document per line) and prints policies/s on one core.
// Usage: node peer_iam_policy.mjs CORPUS NODE_MODULES_DIR
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [corpusPath, modules] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'x.js'));
const iam = require('@cloud-copilot/iam-policy');
const lines = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.length > 0);

function validate(doc) {
  const hasPrincipal = (doc.Statement || []).some((s) => s.Principal || s.NotPrincipal);
  const errors = hasPrincipal ? iam.validateResourcePolicy(doc) : iam.validateIdentityPolicy(doc);
  let lint = [];
  if (errors.length === 0) lint = iam.lintPolicy ? iam.lintPolicy(doc) : [];
  return errors.length + lint.length;
}

let issues = 0;
for (const l of lines.slice(0, 200)) issues += validate(JSON.parse(l)); // warm-up
const start = process.hrtime.bigint();
let n = 0;
const deadline = start + 3_000_000_000n;
while (process.hrtime.bigint() < deadline) {
  for (const l of lines) {
    issues += validate(JSON.parse(l));
    n++;
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ peer: '@cloud-copilot/iam-policy', policies: n, seconds, policies_per_second: n / seconds, issues }));
