// Times @cloud-copilot/iam-simulate on a contracts §4 batch request file (bench/eval_mix.mjs):
// one process, warm-up first, then a timed loop over the requests. Runs the package as a separate
// process only (AGPL). Usage: node eval_iam_simulate.mjs NPM_DIR REQUESTS.json [SECONDS]
// Prints JSON: {"decisions": [...], "runSimulation": decisions/s}. (runUnsafeSimulation, the
// unvalidated entry point, cannot be timed: in 0.1.173 it throws on any simulation with a
// resource policy, reading the name of a policy it loaded without metadata.)
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';

const [, , npmDir, file, secondsArg] = process.argv;
const req = createRequire(path.join(path.resolve(npmDir), 'x.js'));
const sim = req('@cloud-copilot/iam-simulate');
const seconds = Number(secondsArg || 3);
const s = JSON.parse(readFileSync(file, 'utf8'));
const DECISION = { Allowed: 'allow', ExplicitlyDenied: 'explicit_deny', ImplicitlyDenied: 'implicit_deny' };

const simulations = s.requests.map((rq) => {
  const x = {
    request: { principal: rq.principal, action: rq.action,
      resource: { resource: rq.resource, accountId: rq.resource_account }, contextVariables: rq.context },
    identityPolicies: s.identity_policies.map((p, i) => ({ name: `identity${i}`, policy: p })),
    serviceControlPolicies: s.scps.map((lvl, l) => ({ orgIdentifier: `level${l}`, policies: lvl.map((p, i) => ({ name: `scp${l}_${i}`, policy: p })) })),
    resourceControlPolicies: [],
    additionalSettings: { s3: { bucketAbacEnabled: true } },
  };
  if (s.resource_policy) x.resourcePolicy = s.resource_policy;
  if (s.permission_boundary) x.permissionBoundaryPolicies = [{ name: 'boundary', policy: s.permission_boundary }];
  return x;
});

const decisions = [];
for (const x of simulations) {
  const r = await sim.runSimulation(x, {});
  decisions.push(r.resultType === 'error' ? 'error:' + r.errors.message : DECISION[r.overallResult]);
}

async function timeIt(fn) {
  for (let i = 0; i < simulations.length * 4; i++) await fn(simulations[i % simulations.length]);  // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < limit) {
    for (const x of simulations) await fn(x);
    n += simulations.length;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}
const safe = await timeIt((x) => sim.runSimulation(x, {}));
process.stdout.write(JSON.stringify({ decisions, runSimulation: safe }) + '\n');
