package oidc

import (
	"html"
	"net/http"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// testPages are the least web pages a browser's sign-in ends on (the
// example server's are examples/server/internal/web): / names who is
// signed in and links their communities, /signin links the providers.
type testPages struct{ h *lkthttp.Host }

func (p *testPages) Mount(h *lkthttp.Host) {
	p.h = h
	h.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := h.Authenticate(r)
		if err != nil {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		page, err := h.Service().List(r.Context(), who, lkt.Query{})
		if err != nil {
			p.ShowProblem(w, r, err)
			return
		}
		_, _ = w.Write([]byte("<p>" + html.EscapeString(who.Name) + "</p>"))
		for _, c := range page.Items {
			_, _ = w.Write([]byte(`<a href="/communities/` + html.EscapeString(string(c.ID)) + `">`))
		}
	}))
	h.Handle("GET /signin", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, si := range h.SignIns() {
			_, _ = w.Write([]byte(`<a href="/signin/` + html.EscapeString(si.Name()) + `">`))
		}
	}))
}

func (p *testPages) ShowProblem(w http.ResponseWriter, r *http.Request, err error) {
	pr := lkthttp.ProblemOf(err, roles.Bokmal)
	http.Error(w, pr.Detail, pr.Status)
}

func (p *testPages) ShowSignInRefused(w http.ResponseWriter, r *http.Request, err error) {
	p.ShowProblem(w, r, err)
}

func (p *testPages) ShowSignOut(w http.ResponseWriter, r *http.Request, next string) {
	_, _ = w.Write([]byte(`<meta http-equiv="refresh" content="0; url=` + html.EscapeString(next) + `">`))
}

var _ lkthttp.Pages = (*testPages)(nil)
