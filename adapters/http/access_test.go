package http

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	am "github.com/lkt-rammeverk/go-lkt/adapters/http/accessmatrix"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The access matrix (issue 15) of the JSON API: every route of the OpenAPI
// document, asked by every kind of principal, in a community whose consent
// is given, withdrawn, or awaiting renewal by a patient who has turned 16
// (package accessmatrix). What each may do is stated once, in words and as
// a rule, in accessRules below; a route without a row fails the test. The
// web pages' rows are the example server's (examples/server/internal/web).
//
// The test asks about access, not about input: a command is sent as {}
// (the domain checks who asks and consent before it reads the input).

// accessRule is one row of the table: a route, the rule in words, and the
// rule.
type accessRule struct {
	route, words string
	rule         am.Rule
}

// accessRules is the one table of who may do what. Every route the server
// registers has a row.
var accessRules = []accessRule{
	{"GET /healthz", "probes are public", am.Public},
	{"GET /readyz", "probes are public", am.Public},
	{"GET /openapi.json", "the API's description is public", am.Public},
	{"POST /signout", "signing out is open to anyone", am.Public},
	{"GET /signin/{provider}", "signing in through an identity provider is open to anyone", am.Public},
	{"GET /signin/{provider}/callback", "the identity provider's return is open to anyone (its answer is checked)", am.Public},
	{"POST /signin/{provider}/logout", "the identity provider's back-channel logout is open to it (its token is checked)", am.Public},

	{"GET /api/communities", "anyone signed in lists the communities they are a member of (a system: all)", am.SignedIn},
	{"GET /api/agenda", "anyone signed in reads the agenda of the communities they coordinate", am.SignedIn},
	{"GET /api/feed", "only a system configured with the read-feed right reads the change feed (events of communities without consent withheld)", am.When(am.In(am.SystemRights))},
	{"POST /api/communities", "a person verified as health personnel founds a community as its GP; a system only if configured to create communities",
		am.When(am.In(am.Coordinator, am.GP, am.OtherHP, am.OtherMember, am.SystemRights))},

	{"GET /api/communities/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/summary", "every member reads the summary, whatever the consent (after withdrawal it says only that)", am.When(am.Members)},
	{"GET /api/communities/{id}/story", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/members", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/events", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/audit", "the patient's side always; the coordinator and systems while consent shares",
		am.When(am.Or(am.PatientSide, am.Sharing(am.In(am.Coordinator, am.SystemRights))))},
	{"GET /api/communities/{id}/plan", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/plan/revisions/{no}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/plan.html", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/plan.txt", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/plan.pdf", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/execution", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/agenda", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/actormap", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/actormap.svg", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/actormap.dot", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /api/communities/{id}/actormap/risks", "the patient's side always; other members while consent shares", am.ReadContent},
	{"POST /api/communities/{id}/actormap/scenario", "a scenario reads the map: as reading it", am.ReadContent},
	{"POST /api/communities/{id}/actormap/scenario.svg", "a scenario reads the map: as reading it", am.ReadContent},
	{"POST /api/communities/{id}/actormap/comparison", "a comparison reads the map: as reading it", am.ReadContent},
	{"POST /api/communities/{id}/actormap/comparison.svg", "a comparison reads the map: as reading it", am.ReadContent},

	{"POST /api/communities/{id}/commands/GiveConsent", "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		am.RecordsOnBehalf},
	{"POST /api/communities/{id}/commands/WithdrawConsent", "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		am.RecordsOnBehalf},
	{"POST /api/communities/{id}/commands/AssessCapacity", "members verified as health personnel, and no one while consent is withdrawn",
		am.When(am.Sharing(am.In(am.HealthPersonnel...)))},
	{"POST /api/communities/{id}/commands/RecordCareDecision", "a § 4-6 decision: members verified as health personnel, and no one while consent is withdrawn",
		am.When(am.Sharing(am.In(am.HealthPersonnel...)))},
	{"POST /api/communities/{id}/commands/ConfirmStory", "the patient's side confirms a revision recorded on their behalf, while consent shares",
		am.When(am.Sharing(am.PatientSide))},
	{"POST /api/communities/{id}/commands/ReviseStory", "the story is the patient's: their side in person; on their word, the coordinator or a system configured for it; while consent shares",
		am.When(am.Sharing(func(w am.Who, c am.Consent) bool { return am.RecordsOnBehalf(w, c) == am.Allowed }))},
	{"POST /api/communities/{id}/commands/AddMember", "the patient's side, professionals and systems, and no one while consent is withdrawn", am.MemberCommand},
	{"POST /api/communities/{id}/commands/UpdateMember", "any member, relatives too, while consent shares", am.AnyMemberCommand},
	{"POST /api/communities/{id}/commands/ChangeMemberStatus", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/AssignRole", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/AddTie", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/RemoveTie", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/PlaceActors", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/RecordPerspective", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/AppointCoordinator", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/AnchorMandate", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/RecordInclusion", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/Activate", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/Pause", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/Resume", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/Close", "the patient's side, professionals and systems, whatever the consent",
		am.When(am.Or(am.PatientSide, am.In(am.Professionals...), am.In(am.Systems...)))},
	{"POST /api/communities/{id}/commands/DraftPlan", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/RevisePlan", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/AcceptPlan", "any member, relatives too, while consent shares", am.AnyMemberCommand},
	{"POST /api/communities/{id}/commands/AgreePlan", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/SetPhase", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/CompleteMeasure", "any member, relatives too, while consent shares", am.AnyMemberCommand},
	{"POST /api/communities/{id}/commands/RecordAdmission", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/RecordDischarge", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/RecordMeeting", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/RecordActivity", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/CompleteDecision", "any member, relatives too, while consent shares", am.AnyMemberCommand},
	{"POST /api/communities/{id}/commands/RecordDeviation", "the patient's side, professionals and systems, while consent shares", am.MemberCommand},
	{"POST /api/communities/{id}/commands/ActOnDeviation", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/RecordEvaluation", "professionals and systems, while consent shares", am.ProfessionalCommand},
	{"POST /api/communities/{id}/commands/AdvanceCycle", "professionals and systems, while consent shares", am.ProfessionalCommand},

	// FHIR: every read is Service.Get's; a search answers only what the caller may read.
	{"GET /fhir/metadata", "the CapabilityStatement is public", am.Public},
	{"GET /fhir/Patient/{id}", "the patient's side always, other members while consent shares; a read by patient id looks only among the caller's own communities, so for anyone else the patient is not there (404)",
		am.When(am.Or(am.PatientSide, am.Sharing(am.Members), am.In(am.OtherMember, am.SystemBare)))},
	{"GET /fhir/Patient/{id}/$everything", "as reading the Patient", am.When(am.Or(am.PatientSide, am.Sharing(am.Members), am.In(am.OtherMember, am.SystemBare)))},
	{"GET /fhir/CareTeam", "anyone signed in searches; the answer holds only communities they may read", am.SignedIn},
	{"GET /fhir/Consent", "anyone signed in searches; the answer holds only communities they may read", am.SignedIn},
	{"GET /fhir/CarePlan", "anyone signed in searches; the answer holds only communities they may read", am.SignedIn},
	{"GET /fhir/CareTeam/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/EpisodeOfCare/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/Goal/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/Consent/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/CarePlan/{id}", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/CarePlan/{id}/_history", "the patient's side always; other members while consent shares", am.ReadContent},
	{"GET /fhir/CarePlan/{id}/_history/{vid}", "the patient's side always; other members while consent shares", am.ReadContent},
}

// fhirPath is the path the matrix asks a FHIR route at: the fixture
// community's resource of the route's type, a search by the patient's
// national identity number.
func fhirPath(pattern string) string {
	typ, _, _ := strings.Cut(strings.TrimPrefix(pattern, "/fhir/"), "/")
	id := map[string]string{"Patient": string(lkttest.PatientID), "CarePlan": string(lkttest.CommunityID) + "-plan",
		"Goal": string(lkttest.CommunityID) + "-goal", "Consent": string(lkttest.CommunityID) + "-consent-1"}[typ]
	if id == "" {
		id = string(lkttest.CommunityID)
	}
	path := strings.NewReplacer("{id}", id, "{vid}", "1").Replace(pattern)
	if !strings.Contains(pattern, "{id}") && typ != "metadata" {
		path += "?patient.identifier=" + url.QueryEscape("urn:oid:2.16.578.1.12.4.1.4.1|"+lkttest.NewBuilder().Patient.NationalID)
	}
	return path
}

// ask sends route's request as w and classes the answer; changed reports
// a write that went through.
func ask(t *testing.T, mw *am.World, route string, w am.Who, n int) (am.Outcome, bool, string) {
	t.Helper()
	method, pattern, _ := strings.Cut(route, " ")
	path := strings.NewReplacer("{id}", string(lkttest.CommunityID), "{no}", "1", "{provider}", "helseid", "{$}", "").Replace(pattern)
	if strings.HasPrefix(pattern, "/fhir/") {
		path = fhirPath(pattern)
	}
	var r *http.Request
	switch {
	case route == "POST /api/communities":
		nin, err := ident.SyntheticNumber(time.Date(1930+n/400, 1, 1, 0, 0, 0, 0, time.UTC), false, n%400)
		require.NoError(t, err)
		p := am.Principals()[w]
		id, hpr := p.ID, p.Verified.HPR
		if id == "" {
			id = "nobody"
		}
		if hpr == "" && p.Kind == lkt.PersonPrincipal {
			hpr = "1234560" // claimed, not verified
		}
		body, err := json.Marshal(lkt.NewCommunity{ID: lkt.ID(fmt.Sprintf("c-new-%d", n)), Municipality: "Os",
			Patient: lkt.Patient{ID: "p-new", Name: "Ny Pasient", NationalID: nin},
			Founder: &lkt.NewMember{ID: id, Name: "Grunnlegger", Role: roles.GeneralPractitioner, HPR: hpr}})
		require.NoError(t, err)
		r = httptest.NewRequest(method, path, strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
	case method == "POST" && strings.HasPrefix(path, "/api/"):
		body := "{}"
		name := strings.TrimPrefix(pattern, "/api/communities/{id}/commands/")
		if b, ok := commandBodies[name]; ok {
			body = b(w, n)
			if !am.PatientSide(w, am.Given) && takesEvidence(name) {
				// On another's word, with evidence dated now: after any
				// withdrawal (see newMatrixWorld).
				body = strings.TrimSuffix(body, "}") + fmt.Sprintf(
					`,"evidence":{"kind":"signed-form","date":%q,"reference":"Archive 2026/17"}}`, mw.Clock.Now().Format(time.RFC3339))
			}
		}
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("If-Match", "*")
	case method == "POST":
		r = httptest.NewRequest(method, path, strings.NewReader(""))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	default:
		r = httptest.NewRequest(method, path, nil)
	}
	rec := mw.Send(r, w)
	got := am.Class(t, route, w, rec)
	return got, got == am.Allowed && method == "POST" && rec.Code < 400 && route != "POST /signout" && !strings.Contains(route, "/actormap/"), am.Answer(rec)
}

// commandBodies are the commands whose rules of issue 15 look at what is
// asked, not only at who asks: sent whole, so that the domain reaches
// those rules. Every other command is sent as {}: the domain checks who
// asks and consent before the input.
var commandBodies = map[string]func(w am.Who, n int) string{
	"GiveConsent": func(w am.Who, _ int) string {
		by := lkttest.MotherID
		if w == am.Patient || w == am.Representative {
			by = am.Principals()[w].ID
		}
		return fmt.Sprintf(`{"givenBy":%q,"note":"Signed form"}`, by)
	},
	"WithdrawConsent": func(w am.Who, _ int) string {
		by := lkttest.MotherID
		if w == am.Patient || w == am.Representative {
			by = am.Principals()[w].ID
		}
		return fmt.Sprintf(`{"withdrawnBy":%q,"reason":"Matrix"}`, by)
	},
	"AssessCapacity": func(am.Who, int) string { return `{"lacksCapacity":false,"basis":"Assessed in a consultation"}` },
	"RecordCareDecision": func(am.Who, int) string {
		return `{"noNextOfKin":"None reached","covers":"Daily personal care","reviewOn":"2027-01-01T00:00:00Z"}`
	},
	"ConfirmStory": func(am.Who, int) string { return `{"revision":1}` },
	"ReviseStory": func(w am.Who, _ int) string {
		if am.PatientSide(w, am.Given) {
			return `{"goodDay":"A good day is a day at school."}`
		}
		return fmt.Sprintf(`{"goodDay":"A good day is a day at school.","onBehalf":true,"toldBy":%q}`, lkttest.PatientID)
	},
	"AddMember": func(_ am.Who, n int) string {
		return fmt.Sprintf(`{"member":{"id":"m-new-%d","name":"Ny Medlem","role":"school"}}`, n)
	},
}

// takesEvidence reports whether command name has an evidence field: the
// record of what an act on someone else's word rests on.
func takesEvidence(name string) bool {
	for _, c := range commandDocs {
		if c.cmd.CommandName() != name {
			continue
		}
		t := reflect.TypeOf(c.cmd)
		for i := range t.NumField() {
			if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag == "evidence" {
				return true
			}
		}
	}
	return false
}

// serveAPI serves svc's API with tokens as the bearer tokens.
func serveAPI(svc *lkt.Service, tokens map[string]lkt.Principal) http.Handler {
	h, _ := newServer(Deps{Service: svc, Auth: bearer(tokens), Logger: slog.New(slog.DiscardHandler)})
	return h
}

// TestAccessMatrix asks every documented route as every kind of principal
// in every consent state, and compares the answer with accessRules.
func TestAccessMatrix(t *testing.T) {
	var routes []string
	for _, op := range operations() {
		routes = append(routes, op.key)
	}
	rows := make([]am.Row, len(accessRules))
	for i, r := range accessRules {
		rows[i] = am.Row{Route: r.route, Words: r.words, Rule: r.rule}
	}
	am.Run(t, routes, rows, serveAPI, ask)
}
