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

// accessRules is the one table of who may do what. Every route the server
// registers has a row.
var accessRules = []am.Row{
	{Route: "GET /healthz", Words: "probes are public", Rule: am.Public},
	{Route: "GET /readyz", Words: "probes are public", Rule: am.Public},
	{Route: "GET /openapi.json", Words: "the API's description is public", Rule: am.Public},
	{Route: "POST /signout", Words: "signing out is open to anyone", Rule: am.Public},
	{Route: "GET /signin/{provider}", Words: "signing in through an identity provider is open to anyone", Rule: am.Public},
	{Route: "GET /signin/{provider}/callback", Words: "the identity provider's return is open to anyone (its answer is checked)", Rule: am.Public},
	{Route: "POST /signin/{provider}/logout", Words: "the identity provider's back-channel logout is open to it (its token is checked)", Rule: am.Public},

	{Route: "GET /api/communities", Words: "anyone signed in lists the communities they are a member of (a system: all)", Rule: am.SignedIn},
	{Route: "GET /api/agenda", Words: "anyone signed in reads the agenda of the communities they coordinate", Rule: am.SignedIn},
	{Route: "GET /api/feed", Words: "only a system configured with the read-feed right reads the change feed (events of communities without consent withheld)", Rule: am.When(am.In(am.SystemRights))},
	{Route: "POST /api/communities", Words: "a person verified as health personnel founds a community as its GP; a system only if configured to create communities",
		Rule: am.When(am.In(am.Coordinator, am.GP, am.OtherHP, am.OtherMember, am.SystemRights))},

	{Route: "GET /api/communities/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/summary", Words: "every member reads the summary, whatever the consent (after withdrawal it says only that)", Rule: am.When(am.Members)},
	{Route: "GET /api/communities/{id}/story", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/members", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/events", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/audit", Words: "the patient's side always; the coordinator and systems while consent shares",
		Rule: am.When(am.Or(am.PatientSide, am.Sharing(am.In(am.Coordinator, am.SystemRights))))},
	{Route: "GET /api/communities/{id}/plan", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/plan/revisions/{no}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/plan.html", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/plan.txt", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/plan.pdf", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/execution", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/agenda", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/actormap", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/actormap.svg", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/actormap.dot", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /api/communities/{id}/actormap/risks", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "POST /api/communities/{id}/actormap/scenario", Words: "a scenario reads the map: as reading it", Rule: am.ReadContent},
	{Route: "POST /api/communities/{id}/actormap/scenario.svg", Words: "a scenario reads the map: as reading it", Rule: am.ReadContent},
	{Route: "POST /api/communities/{id}/actormap/comparison", Words: "a comparison reads the map: as reading it", Rule: am.ReadContent},
	{Route: "POST /api/communities/{id}/actormap/comparison.svg", Words: "a comparison reads the map: as reading it", Rule: am.ReadContent},

	{Route: "POST /api/communities/{id}/commands/GiveConsent", Words: "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		Rule: am.RecordsOnBehalf},
	{Route: "POST /api/communities/{id}/commands/WithdrawConsent", Words: "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		Rule: am.RecordsOnBehalf},
	{Route: "POST /api/communities/{id}/commands/AssessCapacity", Words: "members verified as health personnel, and no one while consent is withdrawn",
		Rule: am.When(am.Sharing(am.In(am.HealthPersonnel...)))},
	{Route: "POST /api/communities/{id}/commands/RecordCareDecision", Words: "a § 4-6 decision: members verified as health personnel, and no one while consent is withdrawn",
		Rule: am.When(am.Sharing(am.In(am.HealthPersonnel...)))},
	{Route: "POST /api/communities/{id}/commands/ConfirmStory", Words: "the patient's side confirms a revision recorded on their behalf, while consent shares",
		Rule: am.When(am.Sharing(am.PatientSide))},
	{Route: "POST /api/communities/{id}/commands/ReviseStory", Words: "the story is the patient's: their side in person; on their word, the coordinator or a system configured for it; while consent shares",
		Rule: am.When(am.Sharing(func(w am.Who, c am.Consent) bool { return am.RecordsOnBehalf(w, c) == am.Allowed }))},
	{Route: "POST /api/communities/{id}/commands/AddMember", Words: "the patient's side, professionals and systems, and no one while consent is withdrawn", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/UpdateMember", Words: "any member, relatives too, while consent shares", Rule: am.AnyMemberCommand},
	{Route: "POST /api/communities/{id}/commands/ChangeMemberStatus", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/AssignRole", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/AddTie", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/RemoveTie", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/PlaceActors", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/RecordPerspective", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/AppointCoordinator", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/AnchorMandate", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/RecordInclusion", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/Activate", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/Pause", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/Resume", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/Close", Words: "the patient's side, professionals and systems, whatever the consent",
		Rule: am.When(am.Or(am.PatientSide, am.In(am.Professionals...), am.In(am.Systems...)))},
	{Route: "POST /api/communities/{id}/commands/DraftPlan", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/RevisePlan", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/AcceptPlan", Words: "any member, relatives too, while consent shares", Rule: am.AnyMemberCommand},
	{Route: "POST /api/communities/{id}/commands/AgreePlan", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/SetPhase", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/CompleteMeasure", Words: "any member, relatives too, while consent shares", Rule: am.AnyMemberCommand},
	{Route: "POST /api/communities/{id}/commands/RecordAdmission", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/RecordDischarge", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/RecordMeeting", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/RecordActivity", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/CompleteDecision", Words: "any member, relatives too, while consent shares", Rule: am.AnyMemberCommand},
	{Route: "POST /api/communities/{id}/commands/RecordDeviation", Words: "the patient's side, professionals and systems, while consent shares", Rule: am.MemberCommand},
	{Route: "POST /api/communities/{id}/commands/ActOnDeviation", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/RecordEvaluation", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},
	{Route: "POST /api/communities/{id}/commands/AdvanceCycle", Words: "professionals and systems, while consent shares", Rule: am.ProfessionalCommand},

	// FHIR: every read is Service.Get's; a search answers only what the caller may read.
	{Route: "GET /fhir/metadata", Words: "the CapabilityStatement is public", Rule: am.Public},
	{Route: "GET /fhir/Patient/{id}", Words: "the patient's side always, other members while consent shares; a read by patient id looks only among the caller's own communities, so for anyone else the patient is not there (404)",
		Rule: am.When(am.Or(am.PatientSide, am.Sharing(am.Members), am.In(am.OtherMember, am.SystemBare)))},
	{Route: "GET /fhir/Patient/{id}/$everything", Words: "as reading the Patient", Rule: am.When(am.Or(am.PatientSide, am.Sharing(am.Members), am.In(am.OtherMember, am.SystemBare)))},
	{Route: "GET /fhir/CareTeam", Words: "anyone signed in searches; the answer holds only communities they may read", Rule: am.SignedIn},
	{Route: "GET /fhir/Consent", Words: "anyone signed in searches; the answer holds only communities they may read", Rule: am.SignedIn},
	{Route: "GET /fhir/CarePlan", Words: "anyone signed in searches; the answer holds only communities they may read", Rule: am.SignedIn},
	{Route: "GET /fhir/CareTeam/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/EpisodeOfCare/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/Goal/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/Consent/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/CarePlan/{id}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/CarePlan/{id}/_history", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
	{Route: "GET /fhir/CarePlan/{id}/_history/{vid}", Words: "the patient's side always; other members while consent shares", Rule: am.ReadContent},
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
	am.Run(t, routes, accessRules, serveAPI, ask)
}
