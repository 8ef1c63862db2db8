package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

//go:embed site
var webFS embed.FS

var pages = template.Must(template.New("").ParseFS(webFS, "site/*.html"))

var styleCSS = func() []byte {
	b, err := webFS.ReadFile("site/style.css")
	if err != nil {
		panic(err)
	}
	return b
}()

// page is what every template gets.
type page struct {
	Lang  roles.Lang
	Title string
	Who   lkt.Principal
	Error formProblem

	Page    lkt.Page         // portfolio
	Logins  []demoauth.Login // sign-in: public demo logins to offer
	SignIns []lkthttp.SignIn // sign-in: identity providers
	// TokenForm: the sign-in page offers a field for a token.
	TokenForm bool
	// Next is where the browser goes on to at once (signed out: the
	// identity provider's logout).
	Next string

	C     *lkthttp.CommunityView // community
	Story *lkt.StoryRevision
	// StoryWaiting counts revisions recorded on the patient's behalf that
	// await the patient's side's confirmation.
	StoryWaiting int
	Coordinator  *lkt.Member
	// Mandate is the coordinator's mandate the parties agreed in the plan in
	// force (revision MandateRevision); nil before any plan is agreed.
	Mandate         *plan.Mandate
	MandateRevision int
	Members         []memberRow
	Grantors        []lkt.Member
	Plan            lkt.PlanView
	Exec            lkt.ExecutionView
	// RoleOptions and Phases are the choices the options templates list.
	RoleOptions []roles.Role
	Phases      []plan.Phase
	names       map[plan.MemberID]string
	dir         plan.Directory
}

// Name is the name of a member (or the patient) by id.
func (p *page) Name(id plan.MemberID) string {
	if n, ok := p.names[id]; ok {
		return n
	}
	return string(id)
}

// PartyLabel names a party to the plan.
func (p *page) PartyLabel(pt plan.Party) string { return pt.Label(p.Lang, p.dir) }

func (p *page) PhaseLabel(ph plan.Phase) string { return phaseLabels[ph].In(p.Lang) }

// The labels of statuses and phases on the pages.
var (
	phaseLabels = map[plan.Phase]roles.Labels{
		plan.Green: {EN: "green", NB: "grønn", NN: "grøn"}, plan.Yellow: {EN: "yellow", NB: "gul", NN: "gul"}, plan.Red: {EN: "red", NB: "rød", NN: "raud"},
	}
	statusLabels = map[lkt.Status]roles.Labels{
		lkt.Draft: {EN: "draft", NB: "utkast", NN: "utkast"}, lkt.Active: {EN: "active", NB: "aktiv", NN: "aktiv"},
		lkt.Paused: {EN: "paused", NB: "pause", NN: "pause"}, lkt.Closed: {EN: "closed", NB: "avsluttet", NN: "avslutta"},
	}
	consentLabels = map[lkt.ConsentState]roles.Labels{
		lkt.NoConsent: {EN: "not given", NB: "ikke gitt", NN: "ikkje gitt"}, lkt.Consented: {EN: "given", NB: "gitt", NN: "gitt"},
		lkt.Withdrawn: {EN: "withdrawn", NB: "trukket tilbake", NN: "trekt tilbake"}, lkt.RenewalRequired: {EN: "must be renewed", NB: "må fornyes", NN: "må fornyast"},
		lkt.CareDecided: {EN: "§ 4-6 decision", NB: "beslutning etter § 4-6", NN: "avgjerd etter § 4-6"},
	}
	memberStatusLabels = map[actormap.Status]roles.Labels{
		actormap.Active: {EN: "active", NB: "aktiv", NN: "aktiv"}, actormap.OnLeave: {EN: "on leave", NB: "permisjon", NN: "permisjon"},
		actormap.Leaving: {EN: "leaving", NB: "slutter", NN: "sluttar"}, actormap.Left: {EN: "left", NB: "sluttet", NN: "slutta"},
	}
)

// roleOptions are the roles a member can be added in: relatives and
// professionals, in the catalogue's order. The catalogue is fixed; the
// pages only read the slice.
var roleOptions = func() []roles.Role {
	var out []roles.Role
	for _, r := range roles.All() {
		if r.Kind == roles.KindRelative || r.Kind == roles.KindProfessional {
			out = append(out, r)
		}
	}
	return out
}()

// formProblem is a problem shown on a page, in the form it concerns.
type formProblem struct {
	Form, Title, Detail, Field string
}

type memberRow struct {
	lkt.Member
	Holds roles.Code
}

// T picks the English, bokmål or nynorsk text; the nynorsk is looked up
// by the bokmål (see nynorsk.go).
func (p *page) T(en, nb string) string {
	return roles.Labels{EN: en, NB: nb, NN: nynorsk[nb]}.In(p.Lang)
}

func (p *page) RoleLabel(c roles.Code) string { return c.Label(p.Lang) }

func (p *page) StatusLabel(s lkt.Status) string { return statusLabels[s].In(p.Lang) }

func (p *page) ConsentLabel(s lkt.ConsentState) string { return consentLabels[s].In(p.Lang) }

// Say says l in the page's language.
func (p *page) Say(l roles.Labels) string { return l.In(p.Lang) }

func (p *page) MemberStatus(s actormap.Status) string { return memberStatusLabels[s].In(p.Lang) }

// Date formats a date the Norwegian way; it takes a time or a pointer to one.
func (p *page) Date(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.Format("2.1.2006")
	case *time.Time:
		if t != nil {
			return t.Format("2.1.2006")
		}
	}
	return ""
}

// pageLang is the language asked for on the site (?lang=nn), which a
// cookie then remembers, else the browser's Accept-Language, else bokmål.
func pageLang(w http.ResponseWriter, r *http.Request) roles.Lang {
	l := roles.Lang(r.URL.Query().Get("lang"))
	switch l {
	case roles.English, roles.Bokmal, roles.Nynorsk:
		http.SetCookie(w, &http.Cookie{Name: "lkt_lang", Value: string(l), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		return l
	}
	if c, err := r.Cookie("lkt_lang"); err == nil {
		switch l := roles.Lang(c.Value); l {
		case roles.English, roles.Bokmal, roles.Nynorsk:
			return l
		}
	}
	// No choice made on the site: the browser's Accept-Language, as the
	// API answers it (a nynorsk browser gets nynorsk).
	return lkthttp.LangOf(r)
}

func (s *Pages) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	var b bytes.Buffer
	if err := pagesFor(p.Lang).ExecuteTemplate(&b, name, p); err != nil {
		s.h.Log(r.Context()).Error("render", "template", name, "err", err)
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h["Content-Language"] = []string{string(p.Lang)}
	h["Content-Type"] = contentHTML
	h["Content-Length"] = []string{strconv.Itoa(b.Len())}
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

var contentHTML = []string{"text/html; charset=utf-8"}

// renderProblem shows err on a page of its own.
func (s *Pages) renderProblem(w http.ResponseWriter, r *http.Request, p *page, err error) {
	pr := lkthttp.ProblemOf(err, p.Lang)
	if pr.Status >= 500 {
		s.h.Log(r.Context()).Error("page failed", "err", err)
	}
	p.Title = pr.Title
	p.Error = formProblem{Title: pr.Title, Detail: pr.Detail, Field: pr.Field}
	s.render(w, r, pr.Status, "error.html", p)
}

func (s *Pages) handleStyle() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = w.Write(styleCSS)
	})
}

// signedIn authenticates a page request; without credentials it sends the
// browser to the sign-in page, forgetting a session cookie that no longer
// names a session.
func (s *Pages) signedIn(w http.ResponseWriter, r *http.Request) (lkt.Principal, bool) {
	p, err := s.h.Authenticate(r)
	if err != nil {
		if _, ok := lkthttp.RetryAfter(err); ok {
			s.renderTooMany(w, r, err)
			return lkt.Principal{}, false
		}
		if errors.Is(err, lkthttp.ErrNoSession) {
			s.h.ClearSession(w, r)
		}
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return lkt.Principal{}, false
	}
	return p, true
}

// renderTooMany shows the refusal of a client that failed too often, with
// its Retry-After.
// signedInPage authenticates a page request as signedIn does and starts
// its page, in the language asked for.
func (s *Pages) signedInPage(w http.ResponseWriter, r *http.Request) (*page, bool) {
	who, ok := s.signedIn(w, r)
	if !ok {
		return nil, false
	}
	return &page{Lang: pageLang(w, r), Who: who}, true
}

func (s *Pages) renderTooMany(w http.ResponseWriter, r *http.Request, err error) {
	if d, ok := lkthttp.RetryAfter(err); ok {
		w.Header()["Retry-After"] = []string{strconv.Itoa(int((d + time.Second - 1) / time.Second))}
	}
	s.renderProblem(w, r, &page{Lang: pageLang(w, r)}, err)
}

// signInPage is the sign-in page: the demo logins the tokens list (a
// configured file's tokens are never listed), the identity providers and
// a token field if there are tokens to look up.
func (s *Pages) signInPage(w http.ResponseWriter, r *http.Request) *page {
	p := &page{Lang: pageLang(w, r), SignIns: s.h.SignIns()}
	p.Title = p.T("Sign in", "Logg inn")
	if s.tokens != nil {
		p.Logins = s.tokens.Logins()
		p.TokenForm = true
	}
	return p
}

func (s *Pages) pageSignIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "signin.html", s.signInPage(w, r))
	})
}

// signIn is the demo sign-in: a token from the form starts a server-side
// session. It works only with tokens to look up.
func (s *Pages) signIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := s.signInPage(w, r)
		if s.tokens == nil {
			s.render(w, r, http.StatusNotFound, "signin.html", p)
			return
		}
		if d := s.h.Blocked(r); d > 0 {
			s.renderTooMany(w, r, lkthttp.TooManyFailures(d))
			return
		}
		if err := r.ParseForm(); err != nil {
			s.renderProblem(w, r, p, lkthttp.FormError(err))
			return
		}
		who, ok := s.tokens.Lookup(r.PostForm.Get("token"))
		if !ok {
			s.h.Failed(r)
			p.Error = formProblem{Title: p.T("Not signed in", "Ikke logget inn"), Detail: p.T("unknown token", "ukjent token")}
			s.render(w, r, http.StatusUnauthorized, "signin.html", p)
			return
		}
		s.h.StartSession(w, r, who)
	})
}

// ShowProblem implements lkthttp.Pages: err on a page of its own.
func (s *Pages) ShowProblem(w http.ResponseWriter, r *http.Request, err error) {
	s.renderProblem(w, r, &page{Lang: pageLang(w, r)}, err)
}

// ShowSignInRefused implements lkthttp.Pages: the sign-in page again, with
// the refusal.
func (s *Pages) ShowSignInRefused(w http.ResponseWriter, r *http.Request, err error) {
	p := s.signInPage(w, r)
	pr := lkthttp.ProblemOf(err, p.Lang)
	p.Error = formProblem{Title: pr.Title, Detail: pr.Detail}
	s.render(w, r, pr.Status, "signin.html", p)
}

// ShowSignOut implements lkthttp.Pages: a page that refreshes to the
// identity provider's logout at next, with a link for a browser that does
// not.
func (s *Pages) ShowSignOut(w http.ResponseWriter, r *http.Request, next string) {
	p := &page{Lang: pageLang(w, r), Next: next}
	p.Title = p.T("Signing out", "Logger ut")
	s.render(w, r, http.StatusOK, "signout.html", p)
}

func (s *Pages) pagePortfolio() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.signedInPage(w, r)
		if !ok {
			return
		}
		p.Title = p.T("My actor communities", "Mine aktørfellesskap")
		pg, err := s.h.Service().List(r.Context(), p.Who, lkt.Query{})
		if err != nil {
			s.renderProblem(w, r, p, err)
			return
		}
		p.Page = pg
		s.render(w, r, http.StatusOK, "portfolio.html", p)
	})
}

func (s *Pages) pageCommunity() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.signedInPage(w, r)
		if !ok {
			return
		}
		s.showCommunity(w, r, p, http.StatusOK)
	})
}

// showCommunity renders the community page, with p.Error in its form if set.
func (s *Pages) showCommunity(w http.ResponseWriter, r *http.Request, p *page, status int) {
	o, err := s.h.Service().Overview(r.Context(), p.Who, lkt.ID(r.PathValue("id")))
	if err != nil {
		s.renderProblem(w, r, p, err)
		return
	}
	c, now := o.Community, o.At
	v := lkthttp.CommunityViewOf(&o, p.Lang)
	p.C = &v
	p.Title = c.Patient().Name
	p.StoryWaiting = len(c.StoryAwaitingConfirmation())
	if st, ok := c.CurrentStory(); ok {
		p.Story = &st
	}
	if m, ok := c.Holder(roles.CoordinatorLeader); ok {
		p.Coordinator = &m
	}
	if m, rev, ok := c.AgreedMandate(); ok {
		p.Mandate, p.MandateRevision = &m, rev
	}
	for _, m := range c.Members() {
		if !m.IsMember(now) {
			continue
		}
		row := memberRow{Member: m}
		row.Holds, _ = c.HeldBy(m.ID)
		p.Members = append(p.Members, row)
		if r, _ := roles.Lookup(m.Role); r.Kind == roles.KindRelative {
			p.Grantors = append(p.Grantors, m)
		}
	}
	pat := c.Patient()
	p.Exec, p.Plan = o.Execution, o.Plan
	p.dir = c.Directory(now)
	p.names = map[plan.MemberID]string{plan.MemberID(pat.ID): pat.Name}
	for _, m := range c.Members() {
		p.names[plan.MemberID(m.ID)] = m.Name
	}
	p.Grantors = append([]lkt.Member{{Actor: actormap.Actor{ID: pat.ID, Name: pat.Name, Role: roles.Patient}}}, p.Grantors...)
	s.render(w, r, status, "community.html", p)
}

// form handles a state-changing form on the community page: it turns the
// form into a command, applies it at the version the page showed, and
// either goes back to the page or shows the page again with the error in
// the form.
func (s *Pages) form(name string, build func(url.Values) (lkt.Command, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.signedInPage(w, r)
		if !ok {
			return
		}
		fail := func(err error) {
			pr := lkthttp.ProblemOf(err, p.Lang)
			if pr.Status >= 500 {
				s.h.Log(r.Context()).Error("form failed", "form", name, "err", err)
			}
			p.Error = formProblem{Form: name, Title: pr.Title, Detail: pr.Detail, Field: pr.Field}
			s.showCommunity(w, r, p, pr.Status)
		}
		if err := r.ParseForm(); err != nil {
			fail(lkthttp.FormError(err))
			return
		}
		version, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
		if err != nil || version < 0 {
			fail(lkthttp.Malformed("version", roles.Labels{EN: "the form lacks the version it was shown at", NB: "skjemaet mangler versjonen det ble vist med", NN: "skjemaet manglar versjonen det vart vist med"}))
			return
		}
		cmd, err := build(r.PostForm)
		if err != nil {
			fail(err)
			return
		}
		id := r.PathValue("id")
		if _, err := s.h.Service().Do(r.Context(), p.Who, lkt.ID(id), version, cmd); err != nil {
			fail(err)
			return
		}
		http.Redirect(w, r, "/communities/"+url.PathEscape(id)+"#"+name, http.StatusSeeOther)
	})
}

func (s *Pages) formGiveConsent() http.Handler {
	return s.form("consent", func(v url.Values) (lkt.Command, error) {
		cmd := lkt.GiveConsent{GivenBy: actormap.ActorID(v.Get("givenBy")), Note: v.Get("note")}
		if kind := v.Get("evidenceKind"); kind != "" {
			// Recorded on the giver's word: the form carries what it rests on.
			date, err := time.Parse(time.DateOnly, v.Get("evidenceDate"))
			if err != nil {
				return nil, lkthttp.Malformed("evidence.date", roles.Labels{EN: "must be a date (YYYY-MM-DD)", NB: "må være en dato (ÅÅÅÅ-MM-DD)", NN: "må vere ein dato (ÅÅÅÅ-MM-DD)"})
			}
			cmd.Evidence = &lkt.Evidence{Kind: lkt.EvidenceKind(kind), Date: date, Reference: v.Get("evidenceReference"),
				System: v.Get("evidenceSystem"), Witness: v.Get("evidenceWitness")}
		}
		return cmd, nil
	})
}

func (s *Pages) formAddMember() http.Handler {
	return s.form("member", func(v url.Values) (lkt.Command, error) {
		return lkt.AddMember{Member: lkt.NewMember{
			ID: actormap.ActorID(v.Get("id")), Name: v.Get("name"), Role: roles.Code(v.Get("role")),
			Organisation: v.Get("organisation"),
		}}, nil
	})
}

func (s *Pages) formAgreePlan() http.Handler {
	return s.form("plan", func(v url.Values) (lkt.Command, error) {
		no, err := strconv.Atoi(v.Get("revision"))
		if err != nil {
			return nil, lkthttp.Malformed("revision", roles.Labels{EN: "must be a revision number", NB: "må være et versjonsnummer", NN: "må vere eit versjonsnummer"})
		}
		return lkt.AgreePlan{Revision: no}, nil
	})
}

func (s *Pages) formSetPhase() http.Handler {
	return s.form("phase", func(v url.Values) (lkt.Command, error) {
		return lkt.SetPhase{Phase: plan.Phase(v.Get("phase")), Reason: v.Get("reason")}, nil
	})
}

func (s *Pages) formActivate() http.Handler {
	return s.form("activate", func(url.Values) (lkt.Command, error) { return lkt.Activate{}, nil })
}
