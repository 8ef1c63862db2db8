package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

func (s *server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encode(w, http.StatusOK, Health{Status: "ok"})
	})
}

func (s *server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.ready != nil {
			if err := s.ready(r.Context()); err != nil {
				s.log(r.Context()).Warn("not ready", "err", err)
				encode(w, http.StatusServiceUnavailable, Health{Status: "unavailable"})
				return
			}
		}
		encode(w, http.StatusOK, Health{Status: "ready"})
	})
}

// handleList answers a portfolio query: the communities the principal is a
// member of (all, for a system), filtered by the query parameters.
func (s *server) handleList() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		q, err := queryOf(r.URL.Query())
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		page, err := s.svc.List(r.Context(), p, q)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		page.Items = nonNil(page.Items)
		for i := range page.Items {
			page.Items[i].Members = nonNil(page.Items[i].Members) // [] also where a withdrawal leaves only the id
		}
		encode(w, http.StatusOK, page)
	})
}

func queryOf(v url.Values) (lkt.Query, error) {
	q := lkt.Query{
		Municipality: v.Get("municipality"),
		Coordinator:  actormap.ActorID(v.Get("coordinator")),
		Member:       actormap.ActorID(v.Get("member")),
		Status:       lkt.Status(v.Get("status")),
		After:        lkt.ID(v.Get("after")),
	}
	switch q.Status {
	case "", lkt.Draft, lkt.Active, lkt.Paused, lkt.Closed:
	default:
		return q, newHTTPError(codeMalformed, "status", "must be draft, active, paused or closed", "må være draft, active, paused eller closed", "må vere draft, active, paused eller closed")
	}
	var err error
	if q.VacantRole, err = boolParam(v, "vacantRole"); err != nil {
		return q, err
	}
	if q.ConsentWithdrawn, err = boolParam(v, "consentWithdrawn"); err != nil {
		return q, err
	}
	if q.RedPhase, err = boolParam(v, "redPhase"); err != nil {
		return q, err
	}
	if q.OverdueEvaluation, err = boolParam(v, "overdueEvaluation"); err != nil {
		return q, err
	}
	if d := v.Get("dueBefore"); d != "" {
		t, err := time.Parse(time.RFC3339, d)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, d); err != nil {
				return q, newHTTPError(codeMalformed, "dueBefore", "must be a time (RFC 3339) or a date (YYYY-MM-DD)", "må være et tidspunkt (RFC 3339) eller en dato (ÅÅÅÅ-MM-DD)", "må vere eit tidspunkt (RFC 3339) eller ein dato (ÅÅÅÅ-MM-DD)")
			}
		}
		if y := t.Year(); y < MinYear || y > MaxYear {
			return q, newHTTPError(codeMalformed, "dueBefore", fmt.Sprintf("the year must lie between %d and %d", MinYear, MaxYear),
				fmt.Sprintf("året må ligge mellom %d og %d", MinYear, MaxYear),
				fmt.Sprintf("året må liggje mellom %d og %d", MinYear, MaxYear))
		}
		q.DueBefore = &t
	}
	if q.Limit, err = intParam(v, "limit", lkt.MaxPage); err != nil {
		return q, err
	}
	return q, nil
}

func boolParam(v url.Values, name string) (bool, error) {
	s := v.Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, newHTTPError(codeMalformed, name, "must be true or false", "må være true eller false", "må vere true eller false")
	}
	return b, nil
}

func intParam(v url.Values, name string, maxV int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxV {
		return 0, newHTTPError(codeMalformed, name, "must be a whole number from 0 to "+strconv.Itoa(maxV),
			"må være et heltall fra 0 til "+strconv.Itoa(maxV), "må vere eit heiltal frå 0 til "+strconv.Itoa(maxV))
	}
	return n, nil
}

func int64Param(v url.Values, name string) (int64, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, newHTTPError(codeMalformed, name, "must be a whole number, 0 or more", "må være et heltall, 0 eller mer", "må vere eit heiltal, 0 eller meir")
	}
	return n, nil
}

// handleCreate creates a community. It needs no If-Match: the id must be
// new, and an existing id answers 409.
func (s *server) handleCreate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		var in lkt.NewCommunity
		if err := decode(r, &in); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		c, err := s.svc.Create(r.Context(), p, in)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		setETag(w, c.Version())
		w.Header().Set("Location", "/api/communities/"+url.PathEscape(string(c.ID())))
		o := c.Overview(c.ViewedAt())
		writeSavedView(w, http.StatusCreated, &o, langOf(r))
	})
}

// get loads the community in the path for the principal, answering the
// problem if it cannot.
func (s *server) get(w http.ResponseWriter, r *http.Request) (*lkt.Community, bool) {
	p, ok := s.principal(w, r)
	if !ok {
		return nil, false
	}
	c, err := s.svc.Get(r.Context(), p, lkt.ID(r.PathValue("id")))
	if err != nil {
		s.writeProblem(w, r, err)
		return nil, false
	}
	setETag(w, c.Version())
	return c, true
}

func (s *server) handleGet() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		o, err := s.svc.Overview(r.Context(), p, lkt.ID(r.PathValue("id")))
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		setETag(w, o.Version)
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag(o.Version) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.writeView(w, http.StatusOK, &o, langOf(r))
	})
}

// handleSummary answers the community's summary, which every member may
// read even without consent (without the patient's name then).
func (s *server) handleSummary() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		sum, err := s.svc.Summary(r.Context(), p, lkt.ID(r.PathValue("id")))
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		setETag(w, sum.Version)
		sum.Members = nonNil(sum.Members)
		encode(w, http.StatusOK, sum)
	})
}

func (s *server) handleStory() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		encode(w, http.StatusOK, nonNil(c.Story()))
	})
}

func (s *server) handleMembers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		encode(w, http.StatusOK, nonNil(c.Members()))
	})
}

func (s *server) handleHistory() http.Handler {
	return handleLog(s, s.svc.History, func(e lkt.Event) int64 { return e.Seq },
		func(items []lkt.Event, next int64) any { return EventPage{Items: items, Next: next} })
}

func (s *server) handleAudit() http.Handler {
	return handleLog(s, s.svc.AuditTrail, func(e lkt.AuditEntry) int64 { return e.Seq },
		func(items []lkt.AuditEntry, next int64) any { return AuditPage{Items: items, Next: next} })
}

// handleLog serves one page of an append-only log of a community — its
// history or its audit trail — paged by sequence number.
func handleLog[T any](s *server, fetch func(context.Context, lkt.Principal, lkt.ID, int64, int) ([]T, error),
	seq func(T) int64, page func(items []T, next int64) any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		after, limit, err := pageParams(r.URL.Query())
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		items, err := fetch(r.Context(), p, lkt.ID(r.PathValue("id")), after, limit)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		var next int64
		if len(items) > 0 && len(items) == effectiveLimit(limit) {
			next = seq(items[len(items)-1])
		}
		encode(w, http.StatusOK, page(nonNil(items), next))
	})
}

func pageParams(v url.Values) (after int64, limit int, err error) {
	if after, err = int64Param(v, "after"); err != nil {
		return 0, 0, err
	}
	limit, err = intParam(v, "limit", lkt.MaxPage)
	return after, limit, err
}

func effectiveLimit(n int) int {
	if n <= 0 {
		return lkt.MaxPage
	}
	return n
}

// handleCommand applies one domain command, decoded strictly from the
// body, to the community in the path at the version If-Match names. It
// answers the community as saved, with its new ETag.
func handleCommand[C lkt.Command](s *server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.principal(w, r)
		if !ok {
			return
		}
		expected, err := ifMatch(r)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		key := r.Header.Get("Idempotency-Key")
		if _, sent := r.Header["Idempotency-Key"]; sent && !lkt.ValidIdempotencyKey(key) {
			s.writeProblem(w, r, newHTTPError(codeMalformed, "Idempotency-Key", "must be 1 to 200 printable ASCII characters, e.g. a UUID",
				"må være 1 til 200 skrivbare ASCII-tegn, f.eks. en UUID", "må vere 1 til 200 skrivbare ASCII-teikn, t.d. ein UUID"))
			return
		}
		var cmd C
		if err := decode(r, &cmd); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		var c *lkt.Community
		if key == "" {
			c, err = s.svc.Do(r.Context(), p, lkt.ID(r.PathValue("id")), expected, cmd)
		} else {
			var replayed bool
			c, replayed, err = s.svc.DoOnce(r.Context(), p, lkt.ID(r.PathValue("id")), expected, key, cmd)
			if replayed {
				// The command was applied when the key was first sent: this
				// is its answer, with the community as it is now.
				w.Header().Set("Idempotency-Replayed", "true")
			}
		}
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		setETag(w, c.Version())
		o := c.Overview(c.ViewedAt())
		writeSavedView(w, http.StatusOK, &o, langOf(r))
	})
}

// allowedMethods are the methods r's path takes in mux, not counting the
// fallback pattern that answers when no route matches.
func allowedMethods(mux *http.ServeMux, r *http.Request, fallback string) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != fallback {
			allow = append(allow, m)
		}
	}
	return allow
}

// notFoundAPI answers /api/ paths no route matches: 405 with Allow when
// the path exists for other methods, else 404, both as problem documents.
func (s *server) notFoundAPI(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r, "/api/"); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.writeProblem(w, r, newHTTPError(codeMethod, "", "this method is not allowed here; see Allow", "metoden er ikke tillatt her; se Allow", "metoden er ikkje tillaten her; sjå Allow"))
			return
		}
		s.writeProblem(w, r, newHTTPError(lkt.NotFound, "", "no such resource", "ressursen finnes ikke", "ressursen finst ikkje"))
	})
}
