package accessmatrix

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The matrix's extra people, besides lkttest's.
const (
	RelativeID       = "m-grandma"
	RepresentativeID = "m-guardian"
	OtherMemberID    = "m-stranger"
	OtherCommunity   = lkt.ID("c-other")
)

// GuardianNIN is the legal representative's national identity number.
func GuardianNIN() string {
	nin, err := ident.SyntheticNumber(time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC), false, 321)
	if err != nil {
		panic(err)
	}
	return nin
}

// Principals are the principals of each kind, with the claims a real
// sign-in would have verified.
func Principals() map[Who]lkt.Principal {
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
	return map[Who]lkt.Principal{
		Patient:        pat,
		Parent:         lkttest.Mother,
		Relative:       lkt.Person(RelativeID),
		Representative: lkt.Principal{Kind: lkt.PersonPrincipal, ID: RepresentativeID, Verified: lkt.Claims{Issuer: "test", NationalID: GuardianNIN()}},
		Coordinator:    hp(lkttest.Coordinator, "1000001"),
		GP:             hp(lkttest.GP, "1234560"),
		OtherHP:        hp(lkt.Person(lkttest.OccupationalTherapistID), "1000002"),
		School:         lkttest.Teacher,
		OtherMember:    hp(lkt.Person(OtherMemberID), "1000003"),
		SystemRights:   sys,
		SystemBare:     bare,
	}
}

// Token is the bearer token of w, in the tokens NewWorld serves with.
func Token(w Who) string { return "tok-matrix-" + string(w) }

// World is one consent state's community, served.
type World struct {
	H     http.Handler
	Store *lkttest.Store
	Clock *lkttest.Clock
}

// Serve builds the handler a world is served by: svc's routes, with each
// token of tokens authenticating its principal.
type Serve func(svc *lkt.Service, tokens map[string]lkt.Principal) http.Handler

// NewWorld builds the fixture community with its plan agreed, the
// matrix's extra members and another community, takes consent to c and
// serves it.
func NewWorld(t *testing.T, c Consent, serve Serve) *World {
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
	require.NoError(t, json.Unmarshal([]byte(`{"id":"`+RepresentativeID+`","name":"Vera Verge","role":"legal-representative","nationalId":"`+GuardianNIN()+`",
		"basis":{"kind":"guardianship-decision","authority":"Statsforvalteren i Vestland","date":"2026-01-15T00:00:00Z","reference":"2026/1234","scope":"Health and care"}}`), &guardian))
	for _, m := range []lkt.NewMember{{ID: RelativeID, Name: "Gro Berg", Role: roles.NextOfKin}, guardian} {
		_, err := svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.AddMember{Member: m})
		require.NoError(t, err, "add %s", m.ID)
	}
	nin, err := ident.SyntheticNumber(time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), false, 300)
	require.NoError(t, err)
	_, err = svc.Create(ctx, Principals()[OtherMember], lkt.NewCommunity{ID: OtherCommunity, Municipality: "Os",
		Patient: lkt.Patient{ID: "p-other", Name: "Ola Annen", NationalID: nin},
		Founder: &lkt.NewMember{ID: OtherMemberID, Name: "Siri Fremmed", Role: roles.HomeNursing}})
	require.NoError(t, err)
	switch c {
	case Withdrawn:
		_, err := svc.Do(ctx, lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
		require.NoError(t, err)
		clock.Advance(24 * time.Hour) // the principals ask the day after
	case Renewal:
		clock.Set(time.Date(2026, time.October, 1, 9, 0, 0, 0, time.UTC)) // Jonas is 16
	}
	tokens := map[string]lkt.Principal{}
	for w, p := range Principals() {
		tokens[Token(w)] = p
	}
	return &World{H: serve(svc, tokens), Store: store, Clock: clock}
}

// Send serves r as w (with w's bearer token) and returns the answer.
func (mw *World) Send(r *http.Request, w Who) *httptest.ResponseRecorder {
	if w != NoToken {
		r.Header.Set("Authorization", "Bearer "+Token(w))
	}
	rec := httptest.NewRecorder()
	mw.H.ServeHTTP(rec, r)
	return rec
}

// Class classes an answer; a 5xx fails the test.
func Class(t *testing.T, route string, w Who, rec *httptest.ResponseRecorder) Outcome {
	t.Helper()
	switch {
	case rec.Code >= 500:
		t.Fatalf("%s as %s: %s", route, w, Answer(rec))
	case rec.Code == http.StatusUnauthorized, rec.Code == http.StatusSeeOther && rec.Header().Get("Location") == "/signin":
		return Unauth
	case rec.Code == http.StatusForbidden:
		return Denied
	}
	return Allowed
}

// Answer is the status and first line of an answer, for a failure's message.
func Answer(rec *httptest.ResponseRecorder) string {
	s, _, _ := strings.Cut(rec.Body.String(), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return fmt.Sprintf("%d %s", rec.Code, s)
}

// Ask asks route as w in mw (n numbers the request, for ids that must be
// new) and returns the answer's outcome, whether a write went through,
// and the answer.
type Ask func(t *testing.T, mw *World, route string, w Who, n int) (got Outcome, changed bool, answer string)

// Run asks every route as every kind of principal in every consent state,
// and compares the answer with its row in rows; a route without a row
// fails the test. A world in which a write went through is built again,
// so that the next principal meets the community unchanged.
func Run(t *testing.T, routes []string, rows []Row, serve Serve, ask Ask) {
	t.Helper()
	byRoute := map[string]Row{}
	for _, r := range rows {
		_, dup := byRoute[r.Route]
		require.False(t, dup, "two rows for %s", r.Route)
		require.NotEmpty(t, r.Words, r.Route)
		byRoute[r.Route] = r
	}
	for _, route := range routes {
		if _, ok := byRoute[route]; !ok {
			t.Errorf("route %s has no row: say who may use it", route)
		}
	}
	for _, r := range rows {
		if !strings.Contains(strings.Join(routes, "\n")+"\n", r.Route+"\n") {
			// A row may come before its route (another change adds it).
			t.Logf("a row for %s, which is not served (yet)", r.Route)
		}
	}
	if t.Failed() {
		return
	}
	n := 0
	for _, c := range Consents {
		mw := NewWorld(t, c, serve)
		for _, route := range routes {
			row := byRoute[route]
			isPublic := reflect.ValueOf(row.Rule).Pointer() == reflect.ValueOf(Public).Pointer()
			var publicAnswer string
			for _, w := range Everyone {
				n++
				got, changed, answer := ask(t, mw, route, w, n)
				if changed {
					mw = NewWorld(t, c, serve)
				}
				if want := row.Rule(w, c); got != want && !isPublic {
					t.Errorf("%s as %s, consent %s: %s, want %s (%s); answered %s", route, w, c, got, want, row.Words, answer)
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
	t.Logf("%d routes × %d principals × %d consent states: %d requests", len(routes), len(Everyone), len(Consents), n)
}
