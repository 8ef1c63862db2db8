package fhir_test

import (
	"strings"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir/fhirtest"
)

// TestValidatorsCatchErrors shows that the validators the export is checked
// with do fail: each defect below must be reported as an error by the
// validator named, or the export's clean report would prove nothing.
func TestValidatorsCatchErrors(t *testing.T) {
	profile := "http://hl7.no/fhir/ig/StructureDefinition/no-basis-Patient"
	docs := map[string]any{
		// A required code list (administrative-gender): FHIR.js checks it.
		"bad-gender": map[string]any{"resourceType": "Patient", "id": "a", "gender": "sometimes"},
		// A required element missing (Consent.scope 1..1): medplum.
		"no-scope": map[string]any{"resourceType": "Consent", "id": "b", "status": "active",
			"category": []any{map[string]any{"text": "x"}}, "policyRule": map[string]any{"text": "x"}},
		// A FHIRPath invariant (ppc-1: a policy or a policy rule): medplum.
		"no-policy": map[string]any{"resourceType": "Consent", "id": "c", "status": "active",
			"scope": map[string]any{"text": "x"}, "category": []any{map[string]any{"text": "x"}}},
		// A no-basis profiled resource with a wrong type: medplum with the profile.
		"profiled-bad-type": map[string]any{"resourceType": "Patient", "id": "d", "meta": map[string]any{"profile": []any{profile}},
			"identifier": []any{map[string]any{"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": 1}}},
		// An element R4 does not have: both.
		"unknown-element": map[string]any{"resourceType": "Goal", "id": "e", "lifecycleStatus": "active",
			"description": map[string]any{"text": "x"}, "subject": map[string]any{"reference": "Patient/a"}, "colour": "green"},
	}
	rep := fhirtest.Validate(t, docs)
	want := map[string]string{
		"bad-gender":        "fhir.js",
		"no-scope":          "medplum",
		"no-policy":         "medplum",
		"profiled-bad-type": "medplum NoBasisPatient",
		"unknown-element":   "medplum",
	}
	for doc, validator := range want {
		found := false
		for _, i := range rep.Errors() {
			if strings.HasSuffix(i.File, "/"+doc+".json") && i.Validator == validator {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %s reported no error; all issues: %+v", doc, validator, rep.Issues)
		}
	}
}
