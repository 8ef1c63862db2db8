package http

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/pdf"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// PlanView is element D at a glance: the plan's status, the revision in
// force and the draft awaiting agreement (lkt.Community.PlanView).
type PlanView = lkt.PlanView

// ExecutionView is element E now: the phase and since when, the
// contingency measures activated and not done, what is due this week and
// what is overdue, and the whole log (lkt.Community.ExecutionView).
type ExecutionView = lkt.ExecutionView

// RevisionView is one revision of the plan with who must accept it, who
// has not yet, and what is missing before it can be agreed
// (lkt.Community.PlanRevisionView, its gaps said in the request's
// language).
type RevisionView struct {
	Revision    plan.Revision `json:"revision"`
	Parties     []plan.Party  `json:"parties"`
	Outstanding []plan.Party  `json:"outstanding"`
	Gaps        []GapView     `json:"gaps"`
}

// GapView is a required part the revision lacks: the field and what to
// do, in the request's language.
type GapView struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func gapViews(gaps []plan.Gap, lang roles.Lang) []GapView {
	out := make([]GapView, len(gaps))
	for i, g := range gaps {
		out[i] = GapView{g.Field, g.Message.In(lang)}
	}
	return out
}

func (s *server) handlePlan() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		encode(w, http.StatusOK, c.PlanView(c.ViewedAt()))
	})
}

func (s *server) handlePlanRevision() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		no, err := strconv.Atoi(r.PathValue("no"))
		if err != nil || no < 1 {
			s.writeProblem(w, r, newHTTPError(codeMalformed, "no", "must be a revision number, 1 or more", "må være et versjonsnummer, 1 eller mer", "må vere eit versjonsnummer, 1 eller meir"))
			return
		}
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		rv, found := c.PlanRevisionView(no, c.ViewedAt())
		if !found {
			s.writeProblem(w, r, &lkt.Error{Code: lkt.NotFound, Field: "no", Message: labels("no such revision of the plan", "planen har ingen slik versjon", "planen har ingen slik versjon")})
			return
		}
		encode(w, http.StatusOK, RevisionView{Revision: rv.Revision, Parties: rv.Parties, Outstanding: rv.Outstanding,
			Gaps: gapViews(rv.Gaps, langOf(r))})
	})
}

// handlePlanDocument writes the plan out for the patient to have in
// writing — the fieldwork's patient asked for exactly that.
func (s *server) handlePlanDocument(f lkt.PlanFormat) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		no, err := intParam(r.URL.Query(), "revision", 1<<20)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		doc, err := s.svc.PlanDocument(r.Context(), p, lkt.ID(r.PathValue("id")), no, f, langOf(r))
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		if f == lkt.PlanHTML {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		w.Header().Set("Content-Language", string(langOf(r)))
		w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
		_, _ = w.Write([]byte(doc))
	})
}

// handlePlanPDF writes the plan out as a PDF, the form a patient can
// print, keep and show; the same outline as the text and the page.
func (s *server) handlePlanPDF() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		no, err := intParam(r.URL.Query(), "revision", 1<<20)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		doc, err := s.svc.WrittenPlan(r.Context(), p, lkt.ID(r.PathValue("id")), no, langOf(r))
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := pdf.Write(&buf, doc); err != nil {
			s.writeProblem(w, r, lkt.WrapInternal(err))
			return
		}
		w.Header().Set("Content-Type", pdf.ContentType)
		w.Header().Set("Content-Language", string(doc.Lang))
		w.Header().Set("Content-Disposition", `inline; filename="plan.pdf"`)
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		_, _ = w.Write(buf.Bytes())
	})
}

func (s *server) handleExecution() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		x := c.ExecutionView(c.ViewedAt())
		lang := langOf(r)
		x.DueThisWeek, x.Overdue = itemsIn(x.DueThisWeek, lang), itemsIn(x.Overdue, lang)
		encode(w, http.StatusOK, x)
	})
}

// toParam reads ?to= as an RFC 3339 time or a date; a week ahead if absent,
// at most lkt.MaxAgendaWindow (366 days) ahead.
func toParam(r *http.Request, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(r.URL.Query().Get("to"))
	if v == "" {
		return now.AddDate(0, 0, 7), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, v); err != nil {
			return time.Time{}, newHTTPError(codeMalformed, "to", "must be a time (RFC 3339) or a date (YYYY-MM-DD)", "må være et tidspunkt (RFC 3339) eller en dato (ÅÅÅÅ-MM-DD)", "må vere eit tidspunkt (RFC 3339) eller ein dato (ÅÅÅÅ-MM-DD)")
		}
	}
	if t.After(now.Add(lkt.MaxAgendaWindow)) {
		return time.Time{}, newHTTPError(codeMalformed, "to", fmt.Sprintf("may be at most %d days ahead", maxAgendaDays), fmt.Sprintf("kan være høyst %d dager fram i tid", maxAgendaDays),
			fmt.Sprintf("kan vere høgst %d dagar fram i tid", maxAgendaDays))
	}
	return t, nil
}

func (s *server) handleAgenda() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.now()
		to, err := toParam(r, now)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		encode(w, http.StatusOK, itemsIn(c.Agenda(now, to), langOf(r)))
	})
}

// handleCoordinatorAgenda is a coordinator's portfolio view of element E:
// in every community they lead, what is open before ?to=.
func (s *server) handleCoordinatorAgenda() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		to, err := toParam(r, s.now())
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		out, err := s.svc.CoordinatorAgenda(r.Context(), p, to)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		for i := range out {
			out[i].Items = itemsIn(out[i].Items, langOf(r))
		}
		encode(w, http.StatusOK, nonNil(out))
	})
}

// maxAgendaDays is lkt.MaxAgendaWindow in days, as the refusal says it.
const maxAgendaDays = int(lkt.MaxAgendaWindow / (24 * time.Hour))
