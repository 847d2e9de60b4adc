#!/usr/bin/env node
// Evaluates contracts §4 batch request files with @cloud-copilot/iam-simulate (run as a separate
// process: the package is AGPL and is only required here, never linked into iamwarden).
//
// Usage: node iam_simulate_runner.cjs NODE_MODULES_PARENT FILE... > results.jsonl
// NODE_MODULES_PARENT is the directory that holds node_modules/@cloud-copilot/iam-simulate
// (build/npm). Output: one line per request {"scenario", "index", "decision"} with decision
// allow / explicit_deny / implicit_deny, or {"scenario", "index", "error"} when iam-simulate
// rejects the input.
'use strict';
const path = require('path');
const fs = require('fs');
const { createRequire } = require('module');

// Loads the package from BASE/node_modules.
function loadIamSimulate(base) {
  return createRequire(path.join(path.resolve(base), 'x.js'))('@cloud-copilot/iam-simulate');
}

const DECISION = { Allowed: 'allow', ExplicitlyDenied: 'explicit_deny', ImplicitlyDenied: 'implicit_deny' };

function kindOf(p) {
  if (p === 'anonymous') return 'anonymous';
  if (p.startsWith('service:')) return 'service';
  if (/^arn:[^:]+:sts::\d+:assumed-role\//.test(p)) return 'assumed_role';
  if (/^arn:[^:]+:sts::\d+:federated-user\//.test(p)) return 'federated_user';
  if (/^arn:[^:]+:iam::\d+:role\//.test(p)) return 'role';
  if (/^arn:[^:]+:iam::\d+:root$/.test(p)) return 'root';
  return 'user';
}

// The iam-simulate Simulation for request `rq` of batch file `s`. Policies that do not apply to
// the caller's kind are left out (iam-simulate rejects them for anonymous callers and for
// non-session principals; iamwarden does not evaluate them): identity and boundary only for IAM
// callers other than root, SCPs only for IAM callers, the session policy only for roles, sessions
// and federated users.
function toSimulation(s, rq) {
  const kind = kindOf(rq.principal);
  const iam = kind !== 'service' && kind !== 'anonymous';
  // The root user has no identity policies or boundary in AWS (iamwarden ignores any given).
  const attachable = iam && kind !== 'root';
  const session = kind === 'role' || kind === 'assumed_role' || kind === 'federated_user';
  const principal =
    kind === 'anonymous' ? { type: 'Anonymous' } : kind === 'service' ? rq.principal.slice('service:'.length) : rq.principal;
  const simulation = {
    request: {
      principal,
      action: rq.action,
      resource: { resource: rq.resource, accountId: rq.resource_account },
      contextVariables: rq.context || {},
    },
    identityPolicies: attachable ? (s.identity_policies || []).map((p, i) => ({ name: `identity[${i}]`, policy: p })) : [],
    serviceControlPolicies: iam
      ? (s.scps || []).map((lvl, l) => ({
          orgIdentifier: `level${l}`,
          policies: lvl.map((p, i) => ({ name: `scp[${l}][${i}]`, policy: p })),
        }))
      : [],
    resourceControlPolicies: (s.rcps || []).map((lvl, l) => ({
      orgIdentifier: `rlevel${l}`,
      policies: lvl.map((p, i) => ({ name: `rcp[${l}][${i}]`, policy: p })),
    })),
    additionalSettings: { s3: { bucketAbacEnabled: true } },
  };
  if (s.resource_policy) simulation.resourcePolicy = s.resource_policy;
  if (attachable && s.permission_boundary) simulation.permissionBoundaryPolicies = [{ name: 'boundary', policy: s.permission_boundary }];
  if (session && s.session_policies && s.session_policies.length > 0) {
    if (s.session_policies.length > 1) throw new Error('iam-simulate takes one session policy');
    simulation.sessionPolicy = s.session_policies[0];
  }
  return simulation;
}

async function main() {
  const [, , base, ...files] = process.argv;
  const sim = loadIamSimulate(base);
  const out = [];
  for (const file of files) {
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    const scenario = path.basename(file);
    for (let i = 0; i < s.requests.length; i++) {
      let line;
      try {
        const res = await sim.runSimulation(toSimulation(s, s.requests[i]), {});
        if (res.resultType === 'error') line = { scenario, index: i, error: res.errors.message };
        else {
          line = { scenario, index: i, decision: DECISION[res.overallResult] || res.overallResult };
          const ignored = res.result && res.result.ignoredContextKeys;
          if (ignored && ignored.length) line.ignored = ignored;
        }
      } catch (e) {
        line = { scenario, index: i, error: 'exception: ' + String(e && e.message) };
      }
      out.push(JSON.stringify(line));
    }
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
}

module.exports = { toSimulation, kindOf, loadIamSimulate };
if (require.main === module) main();
