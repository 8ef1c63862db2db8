package fhir_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// source is the active fixture with members that exercise every mapped
// detail: an organisation number, a workplace, a sector other than the
// role's, work in the home, contact notes.
func source(t testing.TB) (*lkt.Community, *lkttest.Clock) {
	c, clock := lkttest.Active(t)
	for _, m := range []lkt.NewMember{
		{ID: "m-bpa", Name: "Jonas Aas", Role: roles.Assistant, WorksInHome: true, Organisation: "Bjørnafjorden kommune", OrgNumber: "974556340",
			Contact: actormap.Contact{Phone: "+47 555 00 111", Note: "weekdays 08-15"}},
		{ID: "m-priv", Name: "Privat Omsorg AS", Role: roles.PrivateServiceProvider, Sector: roles.MunicipalHealth, Workplace: "Avlastningsboligen"},
		{ID: "m-far", Name: "Ola Berg", Role: roles.ParentGuardian, Contact: actormap.Contact{Email: "ola@example.org"}},
	} {
		if err := c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}); err != nil {
			t.Fatal(err)
		}
	}
	return c, clock
}

// target is a fresh community for the same patient, founded by the same
// coordinator, with the mother's consent and the coordinator's mandate:
// what must exist before professionals can be imported.
func target(t testing.TB) (*lkt.Service, *lkttest.Clock) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	b := lkttest.NewBuilder()
	if _, err := svc.Create(ctx, lkttest.Coordinator, b.New()); err != nil {
		t.Fatal(err)
	}
	for _, s := range b.Steps(clock.Now())[:2] { // the mother joins and consents
		if _, err := svc.Do(ctx, s.By, b.ID, lkt.AnyVersion, s.Cmd); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Do(ctx, lkttest.Coordinator, b.ID, lkt.AnyVersion, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID}); err != nil {
		t.Fatal(err)
	}
	return svc, clock
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportRoundTrip: export → import into a fresh community → export
// gives the same Patient, Practitioner, PractitionerRole, RelatedPerson and
// Organization resources and the same CareTeam participants.
func TestImportRoundTrip(t *testing.T) {
	src, clock := source(t)
	first := fhir.Export(src, clock.Now(), fhir.Options{})
	svc, tclock := target(t)
	ctx := context.Background()
	c, err := fhir.Import(ctx, svc, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, marshal(t, first), fhir.ImportOptions{AcceptSyntheticIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	second := fhir.Export(c, tclock.Now(), fhir.Options{})
	a, b := resources(t, first), resources(t, second)
	compared := 0
	for key, ra := range a {
		switch ra["resourceType"] {
		case "Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Organization":
			if !reflect.DeepEqual(ra, b[key]) {
				t.Errorf("%s differs after the round trip:\n first: %v\nsecond: %v", key, ra, b[key])
			}
			compared++
		case "CareTeam":
			if !reflect.DeepEqual(ra["participant"], b[key]["participant"]) {
				t.Errorf("CareTeam participants differ:\n first: %v\nsecond: %v", ra["participant"], b[key]["participant"])
			}
			compared++
		}
	}
	if compared < 15 {
		t.Fatalf("only %d resources compared", compared)
	}
	// Importing the same Bundle again changes nothing.
	before := c.Version()
	c, err = fhir.Import(ctx, svc, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, marshal(t, first), fhir.ImportOptions{AcceptSyntheticIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Members()); got != len(src.Members()) || c.Version() != before+1 {
		t.Fatalf("second import: %d members (want %d), version %d", got, len(src.Members()), c.Version())
	}
}

// edit returns the exported fixture Bundle as generic JSON after f changed it.
func edit(t testing.TB, f func(b map[string]any)) []byte {
	src, clock := source(t)
	var b map[string]any
	if err := json.Unmarshal(marshal(t, fhir.Export(src, clock.Now(), fhir.Options{})), &b); err != nil {
		t.Fatal(err)
	}
	f(b)
	return marshal(t, b)
}

// find returns the resource typ/id in a generic Bundle.
func find(b map[string]any, typ, id string) map[string]any {
	for _, e := range b["entry"].([]any) {
		r := e.(map[string]any)["resource"].(map[string]any)
		if r["resourceType"] == typ && r["id"] == id {
			return r
		}
	}
	panic(typ + "/" + id + " not in the Bundle")
}

func participant(b map[string]any, i int) map[string]any {
	return find(b, "CareTeam", "c-jonas")["participant"].([]any)[i].(map[string]any)
}

func roleCoding(b map[string]any, i, r int) map[string]any {
	return participant(b, i)["role"].([]any)[r].(map[string]any)["coding"].([]any)[0].(map[string]any)
}

func TestImportRefusesBadInput(t *testing.T) {
	// participant[3] is the GP, Per Hauge (HPR 1234560); [6] the assistant.
	cases := []struct {
		name string
		data []byte
		path string
	}{
		{"malformed JSON", []byte(`{"resourceType":"Bundle","entry":[`), "Bundle"},
		{"wrong resourceType", []byte(`{"resourceType":"Patient","id":"x"}`), "Bundle.resourceType"},
		{"entry without resource", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"x"}]}`), "Bundle.entry[0].resource"},
		{"no CareTeam", []byte(`{"resourceType":"Bundle","type":"collection","entry":[]}`), "Bundle.entry"},
		{"reference to nowhere", edit(t, func(b map[string]any) {
			participant(b, 3)["member"].(map[string]any)["reference"] = "PractitionerRole/nobody"
		}), "CareTeam.participant[3].member.reference"},
		{"unknown role code", edit(t, func(b map[string]any) { roleCoding(b, 3, 0)["code"] = "wizard" }), "CareTeam.participant[3].role[0].coding[0].code"},
		{"unknown code system", edit(t, func(b map[string]any) {
			roleCoding(b, 3, 0)["system"] = "http://snomed.info/sct"
		}), "CareTeam.participant[3].role[0].coding[0].system"},
		{"mandatory role as own role", edit(t, func(b map[string]any) { roleCoding(b, 3, 0)["code"] = "gp" }), "CareTeam.participant[3].role[0]"},
		{"own role twice", edit(t, func(b map[string]any) { roleCoding(b, 3, 1)["code"] = "school" }), "CareTeam.participant[3].role[1]"},
		{"HPR check digit", edit(t, func(b map[string]any) {
			find(b, "Practitioner", "m-per")["identifier"].([]any)[0].(map[string]any)["value"] = "1234561"
		}), "Practitioner.identifier[0].value"},
		{"national id check digit", edit(t, func(b map[string]any) {
			id := find(b, "Patient", "p-jonas")["identifier"].([]any)[0].(map[string]any)
			v := []byte(id["value"].(string))
			v[10] = '0' + (v[10]-'0'+1)%10
			id["value"] = string(v)
		}), "Patient.identifier[0].value"},
		{"organisation number check digit", edit(t, func(b map[string]any) {
			find(b, "Organization", "org-974556340")["identifier"].([]any)[0].(map[string]any)["value"] = "974556341"
		}), "Organization.identifier[0].value"},
		{"another patient", edit(t, func(b map[string]any) {
			find(b, "Patient", "p-jonas")["identifier"] = []any{map[string]any{"system": fhir.MemberIDSystem, "value": "someone"}}
		}), "Patient.identifier"},
		{"unfit mandatory role (the domain refuses)", edit(t, func(b map[string]any) {
			p := participant(b, 6)
			p["role"] = append(p["role"].([]any), map[string]any{"coding": []any{map[string]any{"system": fhir.RoleSystem, "code": "gp"}}})
			roleCoding(b, 3, 1)["code"] = "contact-clinician" // so the GP role moves to the assistant
			participant(b, 3)["role"] = participant(b, 3)["role"].([]any)[:1]
		}), "CareTeam.participant[6].role[1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := target(t)
			ctx := context.Background()
			before, err := svc.Get(ctx, lkttest.Coordinator, lkttest.CommunityID)
			if err != nil {
				t.Fatal(err)
			}
			_, err = fhir.Import(ctx, svc, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, tc.data, fhir.ImportOptions{AcceptSyntheticIDs: true})
			var ie *fhir.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an ImportError", err)
			}
			paths := []string{}
			for _, p := range ie.Problems {
				paths = append(paths, p.Path)
			}
			found := false
			for _, p := range paths {
				found = found || p == tc.path
			}
			if !found {
				t.Fatalf("problems at %v, want one at %s: %v", paths, tc.path, err)
			}
			after, err := svc.Get(ctx, lkttest.Coordinator, lkttest.CommunityID)
			if err != nil {
				t.Fatal(err)
			}
			if after.Version() != before.Version() || len(after.Members()) != len(before.Members()) {
				t.Fatalf("something was imported: version %d→%d, members %d→%d", before.Version(), after.Version(), len(before.Members()), len(after.Members()))
			}
		})
	}
}

// FuzzParse: no input makes the importer panic, and what it accepts it
// accepts again the same way.
func FuzzParse(f *testing.F) {
	src, clock := source(f)
	full := marshal(f, fhir.Export(src, clock.Now(), fhir.Options{}))
	f.Add(full)
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"CareTeam","id":"t","subject":{"reference":"Patient/p"},"participant":[{"role":[{"coding":[{"system":"` + fhir.RoleSystem + `","code":"school"}]}],"member":{"reference":"Practitioner/x"}}]}},{"resource":{"resourceType":"Patient","id":"p"}},{"resource":{"resourceType":"Practitioner","id":"x","identifier":[{"system":"urn:oid:2.16.578.1.12.4.1.4.4","value":"1234560"}]}}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"CareTeam","participant":[{"period":{"start":"x"},"role":[{}]}]}}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"a","resource":{"resourceType":"CareTeam"}},{"fullUrl":"a","resource":{"resourceType":"CareTeam"}}]}`))
	patient := src.Patient()
	f.Fuzz(func(t *testing.T, data []byte) {
		cmd, _, err := fhir.Parse(data, patient, fhir.ImportOptions{AcceptSyntheticIDs: true})
		cmd2, _, err2 := fhir.Parse(data, patient, fhir.ImportOptions{AcceptSyntheticIDs: true})
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(cmd, cmd2) {
			t.Fatalf("two reads differ: %v / %v", err, err2)
		}
		var ie *fhir.ImportError
		if err != nil && (!errors.As(err, &ie) || len(ie.Problems) == 0) {
			t.Fatalf("error without problems: %v", err)
		}
	})
}
