// Decides NDJSON requests (docs/simulate.md) with @cloud-copilot/iam-simulate, one
// runSimulation call per request, and prints one decision per line: the peer side of
// bench/simulate_batch.sh, timed as a whole process like `iamwarden simulate`. Runs the package as
// a separate process only (AGPL).
// Usage: node simulate_iam_simulate.mjs NPM_DIR POLICIES.json REQUESTS.ndjson
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';

const [, , npmDir, policiesFile, requestsFile] = process.argv;
const req = createRequire(path.join(path.resolve(npmDir), 'x.js'));
const sim = req('@cloud-copilot/iam-simulate');
const p = JSON.parse(readFileSync(policiesFile, 'utf8'));
const DECISION = { Allowed: 'allow', ExplicitlyDenied: 'explicit_deny', ImplicitlyDenied: 'implicit_deny' };

const common = {
  identityPolicies: p.identity_policies.map((doc, i) => ({ name: `identity${i}`, policy: doc })),
  serviceControlPolicies: (p.scps || []).map((level, l) => ({
    orgIdentifier: `level${l}`, policies: level.map((doc, i) => ({ name: `scp${l}_${i}`, policy: doc })) })),
  resourceControlPolicies: [],
  additionalSettings: { s3: { bucketAbacEnabled: true } },
};
if (p.resource_policy) common.resourcePolicy = p.resource_policy;
if (p.permission_boundary) common.permissionBoundaryPolicies = [{ name: 'boundary', policy: p.permission_boundary }];

const out = [];
for (const line of readFileSync(requestsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const rq = JSON.parse(line);
  const account = rq.resource_account || rq.resource.split(':')[4] || rq.principal.split(':')[4];
  const simulation = { ...common, request: { principal: rq.principal, action: rq.action,
    resource: { resource: rq.resource, accountId: account }, contextVariables: rq.context || {} } };
  const r = await sim.runSimulation(simulation, {});
  out.push(r.resultType === 'error' ? 'error' : DECISION[r.overallResult]);
}
process.stdout.write(out.join('\n') + '\n');
