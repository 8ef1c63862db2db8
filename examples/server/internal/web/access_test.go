package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	am "github.com/lkt-rammeverk/go-lkt/adapters/http/accessmatrix"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The access matrix (issue 15) of the web pages: every route the pages
// mount, asked by every kind of principal in every consent state (package
// accessmatrix). A page grants what the API route it stands for grants
// (adapters/http's access test); a route without a row fails the test.
// A form is sent with the version it was shown at.

var pageRules = []am.Row{
	{Route: "GET /static/style.css", Words: "the style sheet is public", Rule: am.Public},
	{Route: "GET /signin", Words: "the sign-in page is public", Rule: am.Public},
	{Route: "POST /signin", Words: "signing in is open to anyone", Rule: am.Public},
	{Route: "GET /{$}", Words: "anyone signed in sees their own portfolio page", Rule: am.SignedIn},
	{Route: "GET /communities/{id}", Words: "the community's page: as reading the community", Rule: am.ReadContent},
	{Route: "POST /communities/{id}/consent", Words: "the consent form (sent here without evidence): the patient's side in person; the coordinator or a configured system on their word, refused for want of evidence, sees the form again while consent shares",
		Rule: am.When(am.Or(am.PatientSide, am.Sharing(am.In(am.Coordinator, am.SystemRights))))},
	{Route: "POST /communities/{id}/members", Words: "the member form: as AddMember", Rule: am.MemberCommand},
	{Route: "POST /communities/{id}/activate", Words: "the activation form: as Activate", Rule: am.ProfessionalCommand},
	{Route: "POST /communities/{id}/plan/agree", Words: "the agreement form: as AgreePlan", Rule: am.ProfessionalCommand},
	{Route: "POST /communities/{id}/phase", Words: "the phase form: as SetPhase", Rule: am.MemberCommand},
}

// servePages serves svc's API and the pages, with tokens as the bearer
// tokens (and the sign-in form's).
func servePages(svc *lkt.Service, tokens map[string]lkt.Principal) http.Handler {
	var logins []demoauth.Login
	for tok, p := range tokens {
		logins = append(logins, demoauth.Login{Token: tok, Principal: p})
	}
	toks, err := demoauth.NewTokens(logins)
	if err != nil {
		panic(err)
	}
	return lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: toks, Pages: New(toks), Logger: slog.New(slog.DiscardHandler)})
}

// askPage sends route's request as w and classes the answer; changed
// reports a form that went through.
func askPage(t *testing.T, mw *am.World, route string, w am.Who, n int) (am.Outcome, bool, string) {
	t.Helper()
	method, pattern, _ := strings.Cut(route, " ")
	path := strings.NewReplacer("{id}", string(lkttest.CommunityID), "{$}", "").Replace(pattern)
	var r *http.Request
	switch {
	case strings.HasPrefix(route, "POST /communities/"):
		_, version, err := mw.Store.Load(context.Background(), lkttest.CommunityID)
		require.NoError(t, err)
		// Forms that would do something: a refused one shows the page
		// again, which those who cannot read it get as 403 whatever the
		// reason the write was refused.
		form := url.Values{"version": {strconv.FormatInt(version, 10)}, "revision": {"1"}, "phase": {"yellow"}, "reason": {"Matrix"},
			"id": {fmt.Sprintf("m-new-%d", n)}, "name": {"Ny Medlem"}, "role": {string(roles.School)}, "givenBy": {string(lkttest.MotherID)}}
		if p := am.Principals()[w]; w == am.Patient || w == am.Representative {
			form.Set("givenBy", string(p.ID))
		}
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case method == "POST":
		r = httptest.NewRequest(method, path, strings.NewReader(""))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	default:
		r = httptest.NewRequest(method, path, nil)
	}
	rec := mw.Send(r, w)
	got := am.Class(t, route, w, rec)
	return got, got == am.Allowed && method == "POST" && rec.Code < 400 && route != "POST /signin", am.Answer(rec)
}

// pageRoutes are the routes Pages mount.
func pageRoutes() []string {
	p := New(nil)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(lkttest.NewClock(lkttest.Start)))
	lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: lkthttp.AuthenticatorFunc(nil), Pages: p})
	return p.routes
}

// TestPageAccessMatrix asks every page route as every kind of principal
// in every consent state, and compares the answer with pageRules.
func TestPageAccessMatrix(t *testing.T) {
	am.Run(t, pageRoutes(), pageRules, servePages, askPage)
}
