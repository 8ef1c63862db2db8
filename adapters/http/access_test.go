package http

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The access matrix (issue 15): every route of the OpenAPI document, asked
// by every kind of principal, in a community whose consent is given,
// withdrawn, or awaiting renewal by a patient who has turned 16. What each
// may do is stated once, in words and as a rule, in accessRules below; a
// route without a row fails the test.
//
// The test asks about access, not about input: a command is sent as {}
// (the domain checks who asks and consent before it reads the input), a
// form with the version it was shown at. The answer is classed as
// unauthenticated (401, or a page sending the browser to sign in), denied
// (403: forbidden or consent required), or allowed (anything else the
// domain answered after letting the caller in: 2xx, 3xx, 400, 409, 412,
// 422). A 5xx fails the test.

// who is a kind of principal.
type who string

const (
	patient        who = "patient"
	parent         who = "parent"       // with parental responsibility; represents the patient under 16
	relative       who = "relative"     // next of kin, not representing
	representative who = "legal-rep"    // legal representative (guardian)
	coordinator    who = "coordinator"  // the coordinator and founder, a physiotherapist
	gp             who = "gp"           // the GP, HPR-verified
	otherHP        who = "other-hp"     // an occupational therapist, HPR-verified
	school         who = "school"       // the contact teacher: a member who is not health personnel
	otherMember    who = "other-member" // a member of another community only
	systemRights   who = "system"       // a system configured with every right
	systemBare     who = "system-bare"  // a system configured with none
	noToken        who = "no-token"
)

var everyone = []who{patient, parent, relative, representative, coordinator, gp, otherHP, school, otherMember, systemRights, systemBare, noToken}

// consent is the state of consent in the community asked about.
type consent string

const (
	given     consent = "given"     // the mother consented for her son of 15
	withdrawn consent = "withdrawn" // the mother withdrew it
	renewal   consent = "renewal"   // the son has turned 16: the parent's consent awaits his
)

type outcome string

const (
	allowed outcome = "allowed"
	denied  outcome = "denied"
	unauth  outcome = "unauthenticated"
)

// rule decides the outcome for a principal kind in a consent state.
type rule func(w who, c consent) outcome

// accessRule is one row of the table: a route, the rule in words, and the
// rule.
type accessRule struct {
	route string
	words string
	rule  rule
}

// Groups of principals, as the rules speak of them.
var (
	// patientSide speaks for the patient: the patient, the legal
	// representative, and the parent while the patient is under 16.
	patientSide = func(w who, c consent) bool {
		return w == patient || w == representative || (w == parent && c != renewal)
	}
	// professional members of the community.
	professionals = []who{coordinator, gp, otherHP, school}
	// relatives who do not speak for the patient: next of kin, and the
	// parent of a patient of 16 or more.
	relatives = func(w who, c consent) bool { return w == relative || (w == parent && c == renewal) }
	// systems taking part in communities: one configured with
	// act-in-communities; a system without it is no member of any.
	systems = []who{systemRights}
	members = func(w who, c consent) bool {
		return patientSide(w, c) || relatives(w, c) || slices.Contains(professionals, w) || slices.Contains(systems, w)
	}
)

// Rules.
var (
	// public: anyone, signed in or not, gets the same answer, whatever
	// it is (signing in with a bad token is refused alike).
	public rule = func(who, consent) outcome { return allowed }
	// signedIn: anyone signed in; the answer holds only what is theirs.
	signedIn rule = func(w who, _ consent) outcome {
		if w == noToken {
			return unauth
		}
		return allowed
	}
)

// when builds a rule: allowed to those ok admits, denied to everyone else
// signed in.
func when(ok func(who, consent) bool) rule {
	return func(w who, c consent) outcome {
		switch {
		case w == noToken:
			return unauth
		case ok(w, c):
			return allowed
		}
		return denied
	}
}

func in(ws ...who) func(who, consent) bool {
	return func(w who, _ consent) bool { return slices.Contains(ws, w) }
}

func or(fs ...func(who, consent) bool) func(who, consent) bool {
	return func(w who, c consent) bool {
		for _, f := range fs {
			if f(w, c) {
				return true
			}
		}
		return false
	}
}

// sharing: only while consent lets members share (given, or awaiting
// renewal).
func sharing(f func(who, consent) bool) func(who, consent) bool {
	return func(w who, c consent) bool { return c != withdrawn && f(w, c) }
}

var (
	// readContent: the patient's side always reads their own community;
	// other members only while consent lets them share.
	readContent = when(or(patientSide, sharing(members)))
	// memberCommand: a command of the patient's side, the professionals and
	// systems, while consent shares.
	memberCommand = when(sharing(or(patientSide, in(professionals...), in(systems...))))
	// anyMemberCommand: as memberCommand, relatives too.
	anyMemberCommand = when(sharing(members))
	// healthPersonnel are the members the authenticator verified as
	// health personnel (HPR).
	healthPersonnel = []who{coordinator, gp, otherHP}
	// recordsOnBehalf: the patient's side acts in person; on another's word
	// only the coordinator or a system configured to record on behalf.
	recordsOnBehalf = when(or(patientSide, in(coordinator, systemRights)))
	// professionalCommand: professionals and systems, while consent shares.
	professionalCommand = when(sharing(in(append(slices.Clone(professionals), systems...)...)))
)

// accessRules is the one table of who may do what. Every route the server
// registers has a row.
var accessRules = []accessRule{
	{"GET /healthz", "probes are public", public},
	{"GET /readyz", "probes are public", public},
	{"GET /openapi.json", "the API's description is public", public},
	{"GET /static/style.css", "the style sheet is public", public},
	{"GET /signin", "the sign-in page is public", public},
	{"POST /signin", "signing in is open to anyone", public},
	{"POST /signout", "signing out is open to anyone", public},
	{"GET /signin/{provider}", "signing in through an identity provider is open to anyone", public},
	{"GET /signin/{provider}/callback", "the identity provider's return is open to anyone (its answer is checked)", public},
	{"POST /signin/{provider}/logout", "the identity provider's back-channel logout is open to it (its token is checked)", public},

	{"GET /api/communities", "anyone signed in lists the communities they are a member of (a system: all)", signedIn},
	{"GET /api/agenda", "anyone signed in reads the agenda of the communities they coordinate", signedIn},
	{"GET /{$}", "anyone signed in sees their own portfolio page", signedIn},
	{"GET /api/feed", "only a system configured with the read-feed right reads the change feed (events of communities without consent withheld)", when(in(systemRights))},
	{"POST /api/communities", "a person verified as health personnel founds a community as its GP; a system only if configured to create communities",
		when(in(coordinator, gp, otherHP, otherMember, systemRights))},

	{"GET /api/communities/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/summary", "every member reads the summary, whatever the consent (after withdrawal it says only that)", when(members)},
	{"GET /api/communities/{id}/story", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/members", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/events", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/audit", "the patient's side always; the coordinator and systems while consent shares",
		when(or(patientSide, sharing(in(coordinator, systemRights))))},
	{"GET /api/communities/{id}/plan", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/plan/revisions/{no}", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/plan.html", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/plan.txt", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/plan.pdf", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/execution", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/agenda", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/actormap", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/actormap.svg", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/actormap.dot", "the patient's side always; other members while consent shares", readContent},
	{"GET /api/communities/{id}/actormap/risks", "the patient's side always; other members while consent shares", readContent},
	{"POST /api/communities/{id}/actormap/scenario", "a scenario reads the map: as reading it", readContent},
	{"POST /api/communities/{id}/actormap/scenario.svg", "a scenario reads the map: as reading it", readContent},
	{"POST /api/communities/{id}/actormap/comparison", "a comparison reads the map: as reading it", readContent},
	{"POST /api/communities/{id}/actormap/comparison.svg", "a comparison reads the map: as reading it", readContent},
	{"GET /communities/{id}", "the community's page: as reading the community", readContent},

	{"POST /api/communities/{id}/commands/GiveConsent", "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		recordsOnBehalf},
	{"POST /communities/{id}/consent", "the consent form (sent here without evidence): the patient's side in person; the coordinator or a configured system on their word, refused for want of evidence, sees the form again while consent shares",
		when(or(patientSide, sharing(in(coordinator, systemRights))))},
	{"POST /api/communities/{id}/commands/WithdrawConsent", "the patient's side in person; on their word, the coordinator or a system configured for it (with evidence); whatever the consent",
		recordsOnBehalf},
	{"POST /api/communities/{id}/commands/AssessCapacity", "members verified as health personnel, and no one while consent is withdrawn",
		when(sharing(in(healthPersonnel...)))},
	{"POST /api/communities/{id}/commands/RecordCareDecision", "a § 4-6 decision: members verified as health personnel, and no one while consent is withdrawn",
		when(sharing(in(healthPersonnel...)))},
	{"POST /api/communities/{id}/commands/ConfirmStory", "the patient's side confirms a revision recorded on their behalf, while consent shares",
		when(sharing(patientSide))},
	{"POST /api/communities/{id}/commands/ReviseStory", "the story is the patient's: their side in person; on their word, the coordinator or a system configured for it; while consent shares",
		when(sharing(func(w who, c consent) bool { return recordsOnBehalf(w, c) == allowed }))},
	{"POST /api/communities/{id}/commands/AddMember", "the patient's side, professionals and systems, and no one while consent is withdrawn", memberCommand},
	{"POST /communities/{id}/members", "the member form: as AddMember", memberCommand},
	{"POST /api/communities/{id}/commands/UpdateMember", "any member, relatives too, while consent shares", anyMemberCommand},
	{"POST /api/communities/{id}/commands/ChangeMemberStatus", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/AssignRole", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/AddTie", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/RemoveTie", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/PlaceActors", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/RecordPerspective", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/AppointCoordinator", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/AnchorMandate", "professionals and systems, while consent shares", professionalCommand},
	{"POST /api/communities/{id}/commands/RecordInclusion", "professionals and systems, while consent shares", professionalCommand},
	{"POST /api/communities/{id}/commands/Activate", "professionals and systems, while consent shares", professionalCommand},
	{"POST /communities/{id}/activate", "the activation form: as Activate", professionalCommand},
	{"POST /api/communities/{id}/commands/Pause", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/Resume", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/Close", "the patient's side, professionals and systems, whatever the consent",
		when(or(patientSide, in(professionals...), in(systems...)))},
	{"POST /api/communities/{id}/commands/DraftPlan", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/RevisePlan", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/AcceptPlan", "any member, relatives too, while consent shares", anyMemberCommand},
	{"POST /api/communities/{id}/commands/AgreePlan", "professionals and systems, while consent shares", professionalCommand},
	{"POST /communities/{id}/plan/agree", "the agreement form: as AgreePlan", professionalCommand},
	{"POST /api/communities/{id}/commands/SetPhase", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /communities/{id}/phase", "the phase form: as SetPhase", memberCommand},
	{"POST /api/communities/{id}/commands/CompleteMeasure", "any member, relatives too, while consent shares", anyMemberCommand},
	{"POST /api/communities/{id}/commands/RecordAdmission", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/RecordDischarge", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/RecordMeeting", "professionals and systems, while consent shares", professionalCommand},
	{"POST /api/communities/{id}/commands/RecordActivity", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/CompleteDecision", "any member, relatives too, while consent shares", anyMemberCommand},
	{"POST /api/communities/{id}/commands/RecordDeviation", "the patient's side, professionals and systems, while consent shares", memberCommand},
	{"POST /api/communities/{id}/commands/ActOnDeviation", "professionals and systems, while consent shares", professionalCommand},
	{"POST /api/communities/{id}/commands/RecordEvaluation", "professionals and systems, while consent shares", professionalCommand},
	{"POST /api/communities/{id}/commands/AdvanceCycle", "professionals and systems, while consent shares", professionalCommand},

	// FHIR: every read is Service.Get's; a search answers only what the caller may read.
	{"GET /fhir/metadata", "the CapabilityStatement is public", public},
	{"GET /fhir/Patient/{id}", "the patient's side always, other members while consent shares; a read by patient id looks only among the caller's own communities, so for anyone else the patient is not there (404)",
		when(or(patientSide, sharing(members), in(otherMember, systemBare)))},
	{"GET /fhir/Patient/{id}/$everything", "as reading the Patient", when(or(patientSide, sharing(members), in(otherMember, systemBare)))},
	{"GET /fhir/CareTeam", "anyone signed in searches; the answer holds only communities they may read", signedIn},
	{"GET /fhir/Consent", "anyone signed in searches; the answer holds only communities they may read", signedIn},
	{"GET /fhir/CarePlan", "anyone signed in searches; the answer holds only communities they may read", signedIn},
	{"GET /fhir/CareTeam/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/EpisodeOfCare/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/Goal/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/Consent/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/CarePlan/{id}", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/CarePlan/{id}/_history", "the patient's side always; other members while consent shares", readContent},
	{"GET /fhir/CarePlan/{id}/_history/{vid}", "the patient's side always; other members while consent shares", readContent},
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

// notYetEnforced are the cells where the domain on main still breaks a
// rule of issue 15 that accessRules states: they are left out of the
// comparison, each named here and logged, rather than written into the
// table as if they were the rule. The domain's side of issue 15 (helper
// "authority") closes them; an entry the domain keeps is logged as stale.
var notYetEnforced = []struct {
	route string
	who   []who
	in    []consent
	why   string
}{}

func notEnforced(route string, w who, c consent) (string, bool) {
	for _, e := range notYetEnforced {
		if e.route == route && slices.Contains(e.who, w) && slices.Contains(e.in, c) {
			return e.why, true
		}
	}
	return "", false
}

// The matrix's extra people, besides lkttest's.
const (
	relativeID       = "m-grandma"
	representativeID = "m-guardian"
	otherMemberID    = "m-stranger"
	otherCommunity   = lkt.ID("c-other")
)

// guardianNIN is the legal representative's national identity number.
func guardianNIN() string {
	nin, err := ident.SyntheticNumber(time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC), false, 321)
	if err != nil {
		panic(err)
	}
	return nin
}

// principals are the principals of each kind, with the claims a real
// sign-in would have verified.
func matrixPrincipals() map[who]lkt.Principal {
	hp := func(p lkt.Principal, hpr string) lkt.Principal {
		p.Verified = lkt.Claims{Issuer: "test", HPR: hpr, HealthPersonnel: true}
		return p
	}
	sys := lkt.System("ehr")
	sys.Verified = lkt.Claims{Issuer: "test", Rights: lkt.RightsOf(lkt.RightActInCommunities, lkt.RightCreateCommunities, lkt.RightRecordOnBehalf, lkt.RightReadFeed)}
	bare := lkt.System("bare")
	bare.Verified = lkt.Claims{Issuer: "test"}
	pat := lkttest.Patient
	pat.Verified = lkt.Claims{Issuer: "test", NationalID: lkttest.NewBuilder().Patient.NationalID}
	return map[who]lkt.Principal{
		patient:        pat,
		parent:         lkttest.Mother,
		relative:       lkt.Person(relativeID),
		representative: lkt.Principal{Kind: lkt.PersonPrincipal, ID: representativeID, Verified: lkt.Claims{Issuer: "test", NationalID: guardianNIN()}},
		coordinator:    hp(lkttest.Coordinator, "1000001"),
		gp:             hp(lkttest.GP, "1234560"),
		otherHP:        hp(lkt.Person(lkttest.OccupationalTherapistID), "1000002"),
		school:         lkttest.Teacher,
		otherMember:    hp(lkt.Person(otherMemberID), "1000003"),
		systemRights:   sys,
		systemBare:     bare,
	}
}

// matrixWorld is one consent state's community, served.
type matrixWorld struct {
	h     http.Handler
	store *lkttest.Store
	clock *lkttest.Clock
}

// newMatrixWorld builds the fixture community with its plan agreed, the
// matrix's extra members and another community, and takes consent to c.
func newMatrixWorld(t *testing.T, c consent) *matrixWorld {
	t.Helper()
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(clock))
	_, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc)
	require.NoError(t, err)
	// Decoded from JSON, so that the guardianship decision a representative
	// rests on goes with it wherever NewMember carries one.
	var guardian lkt.NewMember
	require.NoError(t, json.Unmarshal([]byte(`{"id":"`+representativeID+`","name":"Vera Verge","role":"legal-representative","nationalId":"`+guardianNIN()+`",
		"basis":{"kind":"guardianship-decision","authority":"Statsforvalteren i Vestland","date":"2026-01-15T00:00:00Z","reference":"2026/1234","scope":"Health and care"}}`), &guardian))
	for _, m := range []lkt.NewMember{{ID: relativeID, Name: "Gro Berg", Role: roles.NextOfKin}, guardian} {
		_, err := svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.AddMember{Member: m})
		require.NoError(t, err, "add %s", m.ID)
	}
	nin, err := ident.SyntheticNumber(time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), false, 300)
	require.NoError(t, err)
	_, err = svc.Create(ctx, matrixPrincipals()[otherMember], lkt.NewCommunity{ID: otherCommunity, Municipality: "Os",
		Patient: lkt.Patient{ID: "p-other", Name: "Ola Annen", NationalID: nin},
		Founder: &lkt.NewMember{ID: otherMemberID, Name: "Siri Fremmed", Role: roles.HomeNursing}})
	require.NoError(t, err)
	switch c {
	case withdrawn:
		_, err := svc.Do(ctx, lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
		require.NoError(t, err)
		clock.Advance(24 * time.Hour) // the principals ask the day after
	case renewal:
		clock.Set(time.Date(2026, time.October, 1, 9, 0, 0, 0, time.UTC)) // Jonas is 16
	}
	var logins []Login
	for w, p := range matrixPrincipals() {
		logins = append(logins, Login{Token: "tok-matrix-" + string(w), Principal: p})
	}
	toks, err := NewTokens(logins)
	require.NoError(t, err)
	h, _ := newServer(Deps{Service: svc, Auth: toks, Logger: slog.New(slog.DiscardHandler)})
	return &matrixWorld{h: h, store: store, clock: clock}
}

// ask sends route's request as w and classes the answer; changed reports
// a write that went through.
func (mw *matrixWorld) ask(t *testing.T, route string, w who, n int) (outcome, bool, string) {
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
		p := matrixPrincipals()[w]
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
	case strings.HasPrefix(route, "POST /communities/"):
		_, version, err := mw.store.Load(context.Background(), lkttest.CommunityID)
		require.NoError(t, err)
		// Forms that would do something: a refused one shows the page
		// again, which those who cannot read it get as 403 whatever the
		// reason the write was refused.
		form := url.Values{"version": {strconv.FormatInt(version, 10)}, "revision": {"1"}, "phase": {"yellow"}, "reason": {"Matrix"},
			"id": {fmt.Sprintf("m-new-%d", n)}, "name": {"Ny Medlem"}, "role": {string(roles.School)}, "givenBy": {string(lkttest.MotherID)}}
		if p := matrixPrincipals()[w]; w == patient || w == representative {
			form.Set("givenBy", string(p.ID))
		}
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case method == "POST" && strings.HasPrefix(path, "/api/"):
		body := "{}"
		name := strings.TrimPrefix(pattern, "/api/communities/{id}/commands/")
		if b, ok := commandBodies[name]; ok {
			body = b(w, n)
			if !patientSide(w, given) && takesEvidence(name) {
				// On another's word, with evidence dated now: after any
				// withdrawal (see newMatrixWorld).
				body = strings.TrimSuffix(body, "}") + fmt.Sprintf(
					`,"evidence":{"kind":"signed-form","date":%q,"reference":"Archive 2026/17"}}`, mw.clock.Now().Format(time.RFC3339))
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
	if w != noToken {
		r.Header.Set("Authorization", "Bearer tok-matrix-"+string(w))
	}
	rec := httptest.NewRecorder()
	mw.h.ServeHTTP(rec, r)
	answer := fmt.Sprintf("%d %s", rec.Code, firstLine(rec.Body.String()))
	switch {
	case rec.Code >= 500:
		t.Fatalf("%s as %s: %s", route, w, answer)
	case rec.Code == http.StatusUnauthorized, rec.Code == http.StatusSeeOther && rec.Header().Get("Location") == "/signin":
		return unauth, false, answer
	case rec.Code == http.StatusForbidden:
		return denied, false, answer
	}
	public := route == "POST /signin" || route == "POST /signout"
	return allowed, method == "POST" && rec.Code < 400 && !public && !strings.Contains(route, "/actormap/"), answer
}

// commandBodies are the commands whose rules of issue 15 look at what is
// asked, not only at who asks: sent whole, so that the domain reaches
// those rules. Every other command is sent as {}: the domain checks who
// asks and consent before the input.
var commandBodies = map[string]func(w who, n int) string{
	"GiveConsent": func(w who, _ int) string {
		by := lkttest.MotherID
		if w == patient || w == representative {
			by = matrixPrincipals()[w].ID
		}
		return fmt.Sprintf(`{"givenBy":%q,"note":"Signed form"}`, by)
	},
	"WithdrawConsent": func(w who, _ int) string {
		by := lkttest.MotherID
		if w == patient || w == representative {
			by = matrixPrincipals()[w].ID
		}
		return fmt.Sprintf(`{"withdrawnBy":%q,"reason":"Matrix"}`, by)
	},
	"AssessCapacity": func(who, int) string { return `{"lacksCapacity":false,"basis":"Assessed in a consultation"}` },
	"RecordCareDecision": func(who, int) string {
		return `{"noNextOfKin":"None reached","covers":"Daily personal care","reviewOn":"2027-01-01T00:00:00Z"}`
	},
	"ConfirmStory": func(who, int) string { return `{"revision":1}` },
	"ReviseStory": func(w who, _ int) string {
		if patientSide(w, given) {
			return `{"goodDay":"A good day is a day at school."}`
		}
		return fmt.Sprintf(`{"goodDay":"A good day is a day at school.","onBehalf":true,"toldBy":%q}`, lkttest.PatientID)
	},
	"AddMember": func(_ who, n int) string {
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

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// TestAccessMatrix asks every documented route as every kind of principal
// in every consent state, and compares the answer with accessRules.
func TestAccessMatrix(t *testing.T) {
	rows := map[string]accessRule{}
	for _, r := range accessRules {
		_, dup := rows[r.route]
		require.False(t, dup, "two rows for %s", r.route)
		require.NotEmpty(t, r.words, r.route)
		rows[r.route] = r
	}
	var routes []string
	for _, op := range operations() {
		routes = append(routes, op.key)
		if _, ok := rows[op.key]; !ok {
			t.Errorf("route %s has no row in accessRules: say who may use it", op.key)
		}
	}
	for route := range rows {
		if !slices.Contains(routes, route) {
			// A row may come before its route (another change adds it).
			t.Logf("accessRules has a row for %s, which the OpenAPI document does not describe (yet)", route)
		}
	}
	if t.Failed() {
		return
	}
	n := 0
	var skipped []string
	for _, c := range []consent{given, withdrawn, renewal} {
		mw := newMatrixWorld(t, c)
		for _, route := range routes {
			row := rows[route]
			var publicAnswer string
			for _, w := range everyone {
				n++
				got, changed, answer := mw.ask(t, route, w, n)
				if changed {
					mw = newMatrixWorld(t, c) // the next principal meets the community unchanged
				}
				isPublic := reflect.ValueOf(row.rule).Pointer() == reflect.ValueOf(public).Pointer()
				want := row.rule(w, c)
				if why, ok := notEnforced(route, w, c); ok {
					if got == want {
						t.Logf("stale entry in notYetEnforced: %s as %s, consent %s is %s now (%s)", route, w, c, got, why)
					} else {
						skipped = append(skipped, fmt.Sprintf("%s as %s, consent %s: %s, issue 15 says %s (%s)", route, w, c, got, want, why))
					}
					continue
				}
				if got != want && !isPublic {
					t.Errorf("%s as %s, consent %s: %s, want %s (%s); answered %s", route, w, c, got, want, row.words, answer)
				}
				if isPublic {
					status, _, _ := strings.Cut(answer, " ")
					if publicAnswer == "" {
						publicAnswer = status
					} else if status != publicAnswer {
						t.Errorf("%s as %s, consent %s: %s, but %s for others: a public route answers all alike", route, w, c, answer, publicAnswer)
					}
				}
			}
		}
	}
	t.Logf("%d routes × %d principals × 3 consent states: %d requests", len(routes), len(everyone), n)
	if len(skipped) > 0 {
		t.Logf("%d cells where the domain does not yet keep issue 15's rule, left out:\n  %s", len(skipped), strings.Join(skipped, "\n  "))
	}
}
