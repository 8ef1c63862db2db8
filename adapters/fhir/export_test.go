package fhir_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/adapters/fhir/fhirtest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// randomCommunity grows the fixture community with a plan in a way seed
// decides: extra members of every role kind with odd names and ids (some
// not valid FHIR ids), members on leave or gone, phases, meetings with
// decisions, a consent withdrawn or renewed.
func randomCommunity(t testing.TB, seed uint64) (*lkt.Community, *lkttest.Clock) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 17))
	clock := lkttest.NewClock(lkttest.Start)
	c := lkttest.NewBuilder().WithID(lkt.ID(fmt.Sprintf("c-random-%d", seed))).WithPlan().Build(t, lkttest.Config(clock))
	must := func(by lkt.Principal, cmd lkt.Command) {
		t.Helper()
		if err := c.Do(by, cmd); err != nil {
			t.Fatalf("seed %d: %s: %v", seed, cmd.CommandName(), err)
		}
	}
	var pool []roles.Role
	for _, r := range roles.All() {
		if r.Kind == roles.KindProfessional || r.Kind == roles.KindRelative {
			pool = append(pool, r)
		}
	}
	names := []string{"Åse Ødegård", "Nils O'Neil", "Per-Ivar Ås", "Kari \"Kia\" Li", "Ægir Østby", "Jo"}
	n := 2 + rng.IntN(12)
	var added []actormap.ActorID
	for i := range n {
		r := pool[rng.IntN(len(pool))]
		id := actormap.ActorID(fmt.Sprintf("m-r%d-%d", seed, i))
		if rng.IntN(4) == 0 {
			id = actormap.ActorID(fmt.Sprintf("person:%d/%d ø", seed, i)) // not a FHIR id
		}
		m := lkt.NewMember{ID: id, Name: names[rng.IntN(len(names))], Role: r.Code, WorksInHome: rng.IntN(3) == 0}
		if r.Sector == roles.AnySector {
			m.Sector = roles.Sectors()[rng.IntN(len(roles.Sectors()))]
		}
		if r.Kind == roles.KindProfessional && rng.IntN(2) == 0 {
			m.Organisation, m.Workplace = "Helse Bergen", []string{"", "Ortopedisk klinikk", "Barneklinikken"}[rng.IntN(3)]
			m.Contact = actormap.Contact{Phone: "+47 555 00 000", Email: "x@example.org", Note: "weekdays"}
		}
		if r.Code == roles.ParentGuardian {
			m.ParentalResponsibility = rng.IntN(2) == 0
		}
		switch {
		case m.ParentalResponsibility:
			m.Basis = lkttest.ParentalBasis()
		case r.Code == roles.LegalRepresentative:
			m.Basis = lkttest.GuardianshipBasis(lkttest.Start)
		}
		must(lkttest.Coordinator, lkt.AddMember{Member: m})
		added = append(added, id)
	}
	for _, id := range added {
		clock.Advance(time.Duration(rng.IntN(48)) * time.Hour)
		switch rng.IntN(5) {
		case 0:
			must(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: id, Status: actormap.OnLeave})
		case 1:
			must(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: id, Status: actormap.Left})
		}
	}
	for range rng.IntN(4) {
		clock.Advance(time.Duration(1+rng.IntN(20)) * 24 * time.Hour)
		now := clock.Now()
		must(lkttest.Coordinator, lkt.RecordMeeting{Held: now, Title: "Samarbeidsmøte", Attended: []actormap.ActorID{lkttest.MotherID, lkttest.CoordinatorID},
			Decisions: []lkt.NewDecision{{What: "Følge opp hjelpemidler", Responsible: lkttest.GPID, Due: now.AddDate(0, 0, 14)}}})
	}
	if rng.IntN(2) == 0 {
		must(lkttest.Mother, lkt.SetPhase{Phase: []plan.Phase{plan.Yellow, plan.Red}[rng.IntN(2)], Reason: "worse"})
	}
	switch rng.IntN(4) {
	case 0:
		must(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "wants a pause"})
	case 1:
		must(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
		must(lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.MotherID})
	}
	return c, clock
}

// exports returns the Bundles the validators check: the fixture as it is
// built step by step, the fixture after three years, and random communities.
func exports(t testing.TB) map[string]any {
	docs := map[string]any{}
	clock := lkttest.NewClock(lkttest.Start)
	draft := lkttest.NewBuilder().Without(lkttest.StepActivate).Build(t, lkttest.Config(clock))
	docs["fixture-draft"] = fhir.Export(draft, clock.Now(), fhir.Options{})
	c, clock := lkttest.ThreeYears(t)
	docs["three-years"] = fhir.Export(c, clock.Now(), fhir.Options{})
	for seed := range uint64(12) {
		c, clock := randomCommunity(t, seed)
		docs[fmt.Sprintf("random-%d", seed)] = fhir.Export(c, clock.Now(), fhir.Options{})
	}
	docs["codesystem-lkt-role"] = fhir.RoleCodeSystem()
	docs["codesystem-lkt-plan"] = fhir.PlanCodeSystem()
	docs["codesystem-lkt-sector"] = fhir.SectorCodeSystem()
	return docs
}

func TestExportValidates(t *testing.T) {
	rep := fhirtest.RequireValid(t, exports(t))
	if rep.Resources < 500 {
		t.Fatalf("only %d resources checked", rep.Resources)
	}
	t.Logf("%d files, %d resources, %d issues below error", rep.Files, rep.Resources, len(rep.Issues))
}

// resources returns the Bundle's resources as generic JSON, by type/id.
func resources(t testing.TB, b fhir.Bundle) map[string]map[string]any {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Entry []struct {
			FullURL  string         `json:"fullUrl"`
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, e := range raw.Entry {
		key := fmt.Sprint(e.Resource["resourceType"], "/", e.Resource["id"])
		if _, dup := out[key]; dup {
			t.Fatalf("%s twice in the Bundle", key)
		}
		if !strings.HasSuffix(e.FullURL, "/"+key) {
			t.Fatalf("fullUrl %s does not name %s", e.FullURL, key)
		}
		out[key] = e.Resource
	}
	return out
}

// TestExportReferencesResolve: every literal reference in the Bundle
// points to a resource in it (versioned references to a version of one).
func TestExportReferencesResolve(t *testing.T) {
	for name, doc := range exports(t) {
		b, ok := doc.(fhir.Bundle)
		if !ok {
			continue
		}
		all := resources(t, b)
		for key, r := range all {
			walkRefs(r, key, func(path, ref string) {
				target, _, _ := strings.Cut(ref, "/_history/")
				if _, ok := all[target]; !ok {
					t.Errorf("%s: %s.%s points to %s, not in the Bundle", name, key, path, ref)
				}
			})
		}
	}
}

func walkRefs(v any, path string, f func(path, ref string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "reference" {
				if s, ok := e.(string); ok {
					f(path, s)
				}
				continue
			}
			walkRefs(e, path+"."+k, f)
		}
	case []any:
		for i, e := range x {
			walkRefs(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	}
}

func TestExportMapsTheCommunity(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	all := resources(t, fhir.Export(c, clock.Now(), fhir.Options{}))
	ct := all["CareTeam/"+string(lkttest.CommunityID)]
	if ct == nil {
		t.Fatal("no CareTeam")
	}
	// The four mandatory roles are identifiable by their codes in the LKT role system.
	held := map[string]string{}
	for _, p := range ct["participant"].([]any) {
		p := p.(map[string]any)
		for _, r := range p["role"].([]any) {
			for _, cd := range r.(map[string]any)["coding"].([]any) {
				cd := cd.(map[string]any)
				if cd["system"] == fhir.RoleSystem && roles.Code(cd["code"].(string)).Mandatory() {
					held[cd["code"].(string)] = p["member"].(map[string]any)["reference"].(string)
				}
			}
		}
	}
	want := map[string]string{"gp": "PractitionerRole/m-per", "contact-clinician": "PractitionerRole/m-ingrid",
		"internal-coordinator": "PractitionerRole/m-mona", "coordinator-leader": "PractitionerRole/m-silje"}
	for r, ref := range want {
		if held[r] != ref {
			t.Errorf("mandatory role %s held by %q, want %q", r, held[r], ref)
		}
	}
	ep := all["EpisodeOfCare/"+string(lkttest.CommunityID)]
	if got := ep["careManager"].(map[string]any)["reference"]; got != "PractitionerRole/m-silje" {
		t.Errorf("careManager = %v", got)
	}
	cp := all["CarePlan/c-jonas-plan"]
	if cp["status"] != "active" || cp["intent"] != "plan" {
		t.Errorf("main CarePlan status %v intent %v", cp["status"], cp["intent"])
	}
	for _, ph := range []string{"green", "yellow", "red"} {
		p := all["CarePlan/c-jonas-plan-"+ph]
		if p == nil || p["partOf"].([]any)[0].(map[string]any)["reference"] != "CarePlan/c-jonas-plan" {
			t.Errorf("phase %s is not part of the main plan: %v", ph, p)
		}
	}
	k := all["Consent/c-jonas-consent-1"]
	if k["status"] != "active" || k["provision"].(map[string]any)["actor"].([]any)[0].(map[string]any)["reference"].(map[string]any)["reference"] != "CareTeam/c-jonas" {
		t.Errorf("consent: %v", k)
	}
	g := all["Goal/c-jonas-goal"]
	if g["expressedBy"].(map[string]any)["reference"] != "Patient/p-jonas" {
		t.Errorf("goal: %v", g)
	}
	pat := all["Patient/p-jonas"]
	if id := pat["identifier"].([]any)[0].(map[string]any); id["system"] != fhir.SystemFNR {
		t.Errorf("patient identifier %v", id)
	}
}

func TestExportConsentFollowsWithdrawal(t *testing.T) {
	c, clock := lkttest.Active(t)
	if err := c.Do(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "pause"}); err != nil {
		t.Fatal(err)
	}
	all := resources(t, fhir.Export(c, clock.Now(), fhir.Options{}))
	k := all["Consent/c-jonas-consent-1"]
	if k["status"] != "inactive" || k["provision"].(map[string]any)["period"].(map[string]any)["end"] == nil {
		t.Fatalf("withdrawn consent exported as %v", k)
	}
	if err := c.Do(lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.MotherID}); err != nil {
		t.Fatal(err)
	}
	all = resources(t, fhir.Export(c, clock.Now(), fhir.Options{}))
	if all["Consent/c-jonas-consent-1"]["status"] != "inactive" || all["Consent/c-jonas-consent-2"]["status"] != "active" {
		t.Fatalf("renewed consent: %v / %v", all["Consent/c-jonas-consent-1"]["status"], all["Consent/c-jonas-consent-2"]["status"])
	}
}

// consentOnWord is the fixture, whose mother's consent the coordinator
// recorded from a signed form, after the coordinator recorded her
// withdrawal (said aloud before a witness), her consent again (given in
// Helsenorge) and once more (said aloud before a witness, with a note).
func consentOnWord(t testing.TB) (*lkt.Community, *lkttest.Clock) {
	t.Helper()
	c, clock := lkttest.Active(t)
	for _, cmd := range []lkt.Command{
		lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Evidence: &lkt.Evidence{Kind: lkt.Verbal, Reference: "Journal note 12", Witness: "Nurse Hansen"}},
		lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: &lkt.Evidence{Kind: lkt.DigitalConsent, Reference: "HN-4711", System: "Helsenorge"}},
		lkt.GiveConsent{GivenBy: lkttest.MotherID, Note: "Renewed at the meeting", Evidence: &lkt.Evidence{Kind: lkt.Verbal, Reference: "Journal note 13", Witness: "Nurse Hansen"}},
	} {
		clock.Advance(24 * time.Hour)
		reflect.ValueOf(cmd).FieldByName("Evidence").Interface().(*lkt.Evidence).Date = clock.Now()
		if err := c.Do(lkttest.Coordinator, cmd); err != nil {
			t.Fatalf("%s: %v", cmd.CommandName(), err)
		}
	}
	return c, clock
}

// TestExportConsentGrantorAndEvidence: each Consent names its grantor
// (performer, and the capacity they consented in as an extension) and the
// evidence it rests on when it was recorded on their word; the Provenance
// of the consent and of the withdrawal names the evidence as its source
// and the witness of words said aloud.
func TestExportConsentGrantorAndEvidence(t *testing.T) {
	c, clock := consentOnWord(t)
	b := fhir.Export(c, clock.Now(), fhir.Options{})
	all := resources(t, b)
	grantor := func(k map[string]any) any {
		return k["extension"].([]any)[0].(map[string]any)
	}
	for n, want := range []struct {
		source string // sourceReference or sourceAttachment
		field  any
	}{
		{"sourceReference", map[string]any{"type": "DocumentReference", "display": "Signed form of 2026-03-02: Signed consent form at home visit.",
			"identifier": map[string]any{"system": fhir.EvidenceSystem, "value": "Archive 2026/17"}}},
		{"sourceReference", map[string]any{"type": "Consent", "display": "Consent given in Helsenorge on 2026-03-04",
			"identifier": map[string]any{"system": fhir.EvidenceSystem, "value": "HN-4711", "assigner": map[string]any{"display": "Helsenorge"}}}},
		{"sourceAttachment", map[string]any{"title": "Said aloud on 2026-03-05 before Nurse Hansen (Journal note 13): Renewed at the meeting",
			"creation": "2026-03-05T09:00:00Z"}},
	} {
		k := all[fmt.Sprintf("Consent/c-jonas-consent-%d", n+1)]
		if k == nil {
			t.Fatalf("no consent %d", n+1)
		}
		if got := k[want.source]; !reflect.DeepEqual(got, want.field) {
			t.Errorf("consent %d: %s is %v, want %v", n+1, want.source, got, want.field)
		}
		if got := grantor(k); !reflect.DeepEqual(got, map[string]any{"url": fhir.GrantorExtension, "valueCode": string(lkt.GrantedByParent)}) {
			t.Errorf("consent %d: grantor %v", n+1, got)
		}
		if got := k["performer"].([]any)[0].(map[string]any)["reference"]; got != "RelatedPerson/"+string(lkttest.MotherID) {
			t.Errorf("consent %d: performer %v", n+1, got)
		}
	}
	// The withdrawal, recorded on the mother's word before a witness.
	var withdrawal map[string]any
	for key, r := range all {
		if strings.HasPrefix(key, "Provenance/") && r["activity"].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"] == "UPDATE" &&
			r["target"].([]any)[0].(map[string]any)["reference"] == "Consent/c-jonas-consent-1" {
			withdrawal = r
		}
	}
	if withdrawal == nil {
		t.Fatal("no Provenance of the withdrawal")
	}
	text := fmt.Sprint(withdrawal)
	for _, want := range []string{"enterer", "onBehalfOf", "WIT", "Nurse Hansen", "source", "Said aloud on 2026-03-03 before Nurse Hansen (Journal note 12)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the withdrawal's Provenance lacks %q: %s", want, text)
		}
	}
	fhirtest.RequireValid(t, map[string]any{"consent-on-word": b})
}

// Each leader the plan names attests the plan in its Provenance, as a
// display (they are not members), with the coordinator as the enterer on
// their behalf (issue 16.1).
func TestExportNamesTheLeadersWhoAcceptedThePlan(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	b, err := json.Marshal(fhir.Export(c, clock.Now(), fhir.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lkttest.PlanSections(lkttest.Start).Roles.Leaders {
		if want := `"display":"` + l.Name + ", " + l.Organisation + ` (leader)"`; !strings.Contains(string(b), want) {
			t.Errorf("the export lacks %s", want)
		}
	}
}

// Every plan code has its nynorsk designation beside the bokmål one.
func TestPlanCodesInNynorsk(t *testing.T) {
	for _, c := range fhir.PlanCodeSystem().Concept {
		langs := map[string]string{}
		for _, d := range c.Designation {
			langs[d.Language] = d.Value
		}
		if langs["nb"] == "" || langs["nn"] == "" {
			t.Errorf("%s: designations %v", c.Code, langs)
		}
		if c.Code == "phase-red" && langs["nn"] != "Fase: raud" {
			t.Errorf("phase-red in nynorsk: %q", langs["nn"])
		}
	}
}
