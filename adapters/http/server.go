package http

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Deps is what the server needs.
type Deps struct {
	// Service is the domain service every request goes through. Required.
	Service *lkt.Service
	// Auth tells who sent a request. Required.
	Auth Authenticator
	// Logger receives one line per request and every failure; default
	// slog.Default().
	Logger *slog.Logger
	// Ready reports whether the server can take traffic (the store
	// answers, the server is not shutting down); /readyz calls it. Nil
	// means always ready.
	Ready func(context.Context) error
	// MaxBodyBytes limits request bodies; default DefaultMaxBody.
	MaxBodyBytes int64
	// Observe, if set, is told of every request once it is answered: the
	// route pattern it matched as registered in routes.go ("" when none
	// did), the status and the time taken. Metrics hang off it (see
	// adapters/metrics); it runs on the request's goroutine, so it must be
	// quick and safe for concurrent use.
	Observe func(route string, status int, elapsed time.Duration)
	// FeedRecheck is how often a waiting GET /api/feed reads the store for
	// saves made by other processes; default DefaultFeedRecheck, negative:
	// never (saves through Service still wake it).
	FeedRecheck time.Duration
	// Sessions keeps the browsers' sign-ins; default an in-memory table
	// with DefaultSessionTTL, timed by the Service's clock.
	Sessions *Sessions
	// SignIns are the identity providers browsers sign in at
	// (/signin/{name}).
	SignIns []SignIn
	// Pages, if set, are web pages served beside the API; the browser
	// sign-in routes end on them.
	Pages Pages
	// SecureCookies marks cookies Secure even on plain HTTP: set it behind
	// a proxy that terminates TLS. Over TLS they are Secure anyway.
	SecureCookies bool
	// FailureLimit bounds failed authentication per client; zero fields
	// take DefaultFailureLimit's.
	FailureLimit FailureLimit
	// ClientOf names the client of a request for FailureLimit; default the
	// connection's address. Behind a reverse proxy use ForwardedClient.
	ClientOf func(*http.Request) string
	// FHIRBase is the absolute URL of /fhir as clients reach it, for the
	// FHIR answers' fullUrl; default the scheme and Host of each request.
	FHIRBase string
}

// DefaultMaxBody is the default request body limit: room for a long story
// revision, far from what a client needs to exhaust memory.
const DefaultMaxBody = 256 << 10

// server holds the dependencies the handlers share.
type server struct {
	svc     *lkt.Service
	auth    Authenticator
	logger  *slog.Logger
	ready   func(context.Context) error
	maxBody int64
	observe func(route string, status int, elapsed time.Duration)
	// sessions, signIns, secure, limiter, clientOf and pages: see Deps.
	sessions *Sessions
	signIns  map[string]SignIn
	signList []SignIn
	secure   bool
	limiter  *failureLimiter
	clientOf func(*http.Request) string
	pages    Pages
	// fhirBaseURL: see Deps.FHIRBase.
	fhirBaseURL string
	// snapshots caches the JSON of community snapshots by version.
	snapshots snapshotCache
	// routes records every pattern registered, for the OpenAPI test.
	routes []string
	// feedRecheck: see Deps.FeedRecheck. feedWaiting, if set, is called
	// each time a feed request starts to wait (for tests).
	feedRecheck time.Duration
	feedWaiting func()
}

// NewServer returns the HTTP handler for the JSON API, the OpenAPI
// document, the health probes, the browser sign-in and Deps.Pages, with the middleware every
// request passes: request id and structured log line, panic recovery,
// security headers, cross-origin protection for state-changing requests and
// the body limit.
func NewServer(d Deps) http.Handler {
	h, _ := newServer(d)
	return h
}

func newServer(d Deps) (http.Handler, *server) {
	if d.Service == nil || d.Auth == nil {
		panic("http: NewServer needs a Service and an Authenticator")
	}
	s := &server{svc: d.Service, auth: d.Auth, logger: d.Logger, ready: d.Ready, maxBody: d.MaxBodyBytes, observe: d.Observe}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	if s.feedRecheck = d.FeedRecheck; s.feedRecheck == 0 {
		s.feedRecheck = DefaultFeedRecheck
	}
	now := d.Service.Config().Clock.Now
	s.sessions = d.Sessions
	if s.sessions == nil {
		s.sessions = NewSessions(0, now)
	}
	s.signIns = map[string]SignIn{}
	for _, si := range d.SignIns {
		if _, dup := s.signIns[si.Name()]; dup || !goodRequestID(si.Name()) {
			panic("http: sign-in names must be unique and plain: " + si.Name())
		}
		s.signIns[si.Name()] = si
		s.signList = append(s.signList, si)
	}
	s.secure = d.SecureCookies
	s.pages = d.Pages
	s.limiter = newFailureLimiter(d.FailureLimit, now)
	s.clientOf = d.ClientOf
	s.fhirBaseURL = strings.TrimRight(d.FHIRBase, "/")
	if s.clientOf == nil {
		s.clientOf = remoteClient
	}
	mux := http.NewServeMux()
	s.addRoutes(mux)
	var h http.Handler = mux
	h = s.limitBody(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeProblem(w, r, newHTTPError(lkt.Forbidden, "", "cross-origin request refused", "forespørsel fra et annet opphav er avvist", "førespurnad frå eit anna opphav er avvist"))
	}))
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h, s
}

// handle registers a route and remembers its pattern.
func (s *server) handle(mux *http.ServeMux, pattern string, h http.Handler) {
	s.routes = append(s.routes, pattern)
	if s.observe != nil {
		h = routeNamer{pattern, h}
	}
	mux.Handle(pattern, h)
}

// routeNamer tells the request's statusWriter (see logRequests) which
// route served it: the pattern the mux matched is set on the mux's copy of
// the request, which the middleware outside it never sees.
type routeNamer struct {
	pattern string
	next    http.Handler
}

func (n routeNamer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if sw, ok := w.(*statusWriter); ok {
		sw.route = n.pattern
	}
	n.next.ServeHTTP(w, r)
}

// NewHTTPServer returns an http.Server for h with timeouts that keep slow
// or idle clients from holding connections.
func NewHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.Default()
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// Serve serves srv on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish within grace, and
// returns. Pass a context from signal.NotifyContext to stop on SIGINT and
// SIGTERM.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type ctxKey int

const requestIDKey ctxKey = iota

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func (s *server) log(ctx context.Context) *slog.Logger {
	return s.logger.With("requestId", requestID(ctx))
}

// goodRequestID reports whether a caller's X-Request-Id is sane enough to
// log and echo: 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'.
func goodRequestID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 24 random hex digits. Request ids must be unique,
// not secret: the runtime's per-thread ChaCha8 generator (math/rand/v2)
// gives that without a system call per request.
func newRequestID() string {
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint32(b[8:], rand.Uint32())
	return hex.EncodeToString(b[:])
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	route  string // the route pattern, when Deps.Observe is set
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests gives every request an id (the caller's X-Request-Id if it
// is sane, else a new one), echoes it, logs one line when it is done and
// tells Deps.Observe.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !goodRequestID(id) {
			id = newRequestID()
		}
		w.Header()["X-Request-Id"] = []string{id}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		logged := s.logger.Enabled(r.Context(), slog.LevelInfo)
		if !logged && s.observe == nil {
			// No request line to write: no need to count the response.
			next.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r)
		if s.observe != nil {
			status := sw.status
			if status == 0 {
				status = http.StatusOK // nothing written: net/http answers 200
			}
			s.observe(sw.route, status, time.Since(start))
		}
		if !logged {
			return
		}
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("requestId", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("duration", time.Since(start)))
	})
}

func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeProblem(w, r, lkt.WrapInternal(fmt.Errorf("panic: %v", v)))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy is sent with every response. The pages use no
// script and no inline style; the actor map is an image from this origin.
const ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaderValues are the headers every response carries, keys in
// canonical form, each value a slice of its own with no room to append in
// place, so that a handler that replaces or adds to one cannot change it
// for other responses.
var securityHeaderValues = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{ContentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Cross-Origin-Resource-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
	// Health information must not be cached by browsers or proxies.
	{"Cache-Control", []string{"no-store"}},
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaderValues {
			h[kv.key] = kv.value
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.maxBody {
			s.writeProblem(w, r, newHTTPError(codeTooLarge, "", fmt.Sprintf("the body is larger than %d bytes", s.maxBody),
				fmt.Sprintf("innholdet er større enn %d byte", s.maxBody),
				fmt.Sprintf("innhaldet er større enn %d byte", s.maxBody)))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
		next.ServeHTTP(w, r)
	})
}

// principal authenticates r, answering 401 if it cannot and 429 while its
// client has failed too often.
func (s *server) principal(w http.ResponseWriter, r *http.Request) (lkt.Principal, bool) {
	p, err := s.authenticate(r)
	if err != nil {
		var tm *tooManyFailures
		if errors.As(err, &tm) {
			setRetryAfter(w, tm.wait)
			s.writeProblem(w, r, tm)
		} else {
			s.writeProblem(w, r, errUnauthenticated)
		}
		return lkt.Principal{}, false
	}
	return p, true
}

func (s *server) now() time.Time { return s.svc.Config().Clock.Now() }
