package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// Tokens for the fixture's people.
const (
	tokCoordinator = "tok-coordinator"
	tokMother      = "tok-mother"
	tokGP          = "tok-gp-per"
	tokOutsider    = "tok-outsider"
	tokSystem      = "tok-system"
	tokPatient     = "tok-patient"
)

type fixture struct {
	t     *testing.T
	h     http.Handler
	srv   *server
	store *lkttest.Store
	svc   *lkt.Service
	clock *lkttest.Clock
	// tokens is the fixture's authenticator.
	tokens bearer
}

// newFixture serves the active fixture community (lkttest) and a second,
// draft one through a fresh server on an in-memory store.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return serveFixture(t, Deps{MaxBodyBytes: 64 << 10}, func(ctx context.Context, svc *lkt.Service, _ *lkttest.Clock) error {
		if _, err := lkttest.NewBuilder().Seed(ctx, svc); err != nil {
			return err
		}
		_, err := lkttest.NewBuilder().WithID("c-draft").Without(lkttest.StepActivate, lkttest.StepCoordinator, lkttest.StepAnchoring).Seed(ctx, svc)
		return err
	})
}

// serveFixture serves a fresh in-memory store, seeded by seed, with d's
// settings, the fixture people's tokens and no log.
func serveFixture(t testing.TB, d Deps, seed func(context.Context, *lkt.Service, *lkttest.Clock) error) *fixture {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(clock))
	require.NoError(t, seed(context.Background(), svc, clock))
	toks := bearer{
		tokCoordinator: lkttest.Coordinator,
		tokMother:      lkttest.Mother,
		tokGP:          lkttest.GP,
		tokOutsider:    lkttest.Outsider,
		tokSystem:      lkttest.SystemWith("ehr-sync", lkt.RightActInCommunities),
		tokPatient:     lkttest.Patient,
	}
	d.Service, d.Auth, d.Logger = svc, toks, slog.New(slog.DiscardHandler)
	h, srv := newServer(d)
	tt, _ := t.(*testing.T) // a fuzz target's fixture asks through its handler only
	return &fixture{t: tt, h: h, srv: srv, store: store, svc: svc, clock: clock, tokens: toks}
}

// bearer is the tests' Authenticator: "Authorization: Bearer <token>"
// for each token's principal.
type bearer map[string]lkt.Principal

func (b bearer) Authenticate(r *http.Request) (lkt.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return lkt.Principal{}, ErrNoCredentials
	}
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		if p, ok := b[tok]; ok {
			return p, nil
		}
	}
	return lkt.Principal{}, errors.New("unknown token")
}

// session starts a browser session for the principal of the fixture's
// token who and returns its id.
func (f *fixture) session(who string) string {
	f.t.Helper()
	p, ok := f.tokens[who]
	require.True(f.t, ok, who)
	return f.srv.sessions.Create(p, ProviderSession{})
}

// browse sends a request with the session cookie id, as a browser does.
func (f *fixture) browse(method, path, id string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.AddCookie(&http.Cookie{Name: SessionCookie, Value: id})
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

type req struct {
	method, path, token, ifMatch, lang string
	body                               any // string or []byte sent as is, else encoded
	contentType                        string
	header                             map[string]string
}

func (f *fixture) do(r req) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = bytes.NewBufferString(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(f.t, err)
		body = bytes.NewReader(j)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.body != nil {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.ifMatch != "" {
		hr.Header.Set("If-Match", r.ifMatch)
	}
	if r.lang != "" {
		hr.Header.Set("Accept-Language", r.lang)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, hr)
	return w
}

func (f *fixture) problem(w *httptest.ResponseRecorder) Problem {
	f.t.Helper()
	require.Equal(f.t, "application/problem+json", w.Header().Get("Content-Type"), w.Body.String())
	var p Problem
	require.NoError(f.t, json.Unmarshal(w.Body.Bytes(), &p))
	require.Equal(f.t, w.Code, p.Status)
	return p
}

// stored returns what the store holds for id: snapshot JSON and version.
func (f *fixture) stored(id lkt.ID) (string, int64) {
	f.t.Helper()
	snap, v, err := f.store.Load(context.Background(), id)
	require.NoError(f.t, err)
	b, err := json.Marshal(snap)
	require.NoError(f.t, err)
	evs, err := f.store.Events(context.Background(), id, 0, lkt.MaxPage)
	require.NoError(f.t, err)
	require.Len(f.t, evs, int(v))
	return string(b), v
}

func decodeJSON[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v), w.Body.String())
	return v
}
