package http

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Sessions keeps the web pages' sign-ins on the server: the browser's
// cookie holds only a random session id (256 bits), never a token, so a
// session ends for good when it expires or is revoked (sign-out, or the
// identity provider's back-channel logout). Ids are kept by their SHA-256
// hash, so neither a look-up's timing nor a dump of the table gives one
// away. Sessions live in memory: a restart signs everyone out.
type Sessions struct {
	mu   sync.Mutex
	byID map[[32]byte]*session
	ttl  time.Duration
	max  int
	now  func() time.Time
}

type session struct {
	principal lkt.Principal
	provider  ProviderSession
	expires   time.Time
}

// ProviderSession names the identity provider's session a sign-in came
// from, so that the provider's logout can end it here too.
type ProviderSession struct {
	// Issuer is the provider's issuer URL; Subject its "sub" claim; SID
	// its session id ("sid" claim), if it sends one.
	Issuer, Subject, SID string
	// IDToken is the ID token of the sign-in, kept as the id_token_hint of
	// a logout at the provider.
	IDToken string
}

// DefaultSessionTTL is how long a session lasts: a working day.
const DefaultSessionTTL = 8 * time.Hour

// DefaultMaxSessions bounds the sessions kept, so that sign-ins cannot
// exhaust memory; at the bound the oldest-expiring ones make room.
const DefaultMaxSessions = 100_000

// NewSessions returns an empty session table whose sessions last ttl
// (DefaultSessionTTL if 0), timed by now (time.Now if nil).
func NewSessions(ttl time.Duration, now func() time.Time) *Sessions {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Sessions{byID: map[[32]byte]*session{}, ttl: ttl, max: DefaultMaxSessions, now: now}
}

func hashID(id string) [32]byte { return sha256.Sum256([]byte(id)) }

// Create starts a session for p and returns its id, the cookie's value.
func (s *Sessions) Create(p lkt.Principal, from ProviderSession) string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	id := base64.RawURLEncoding.EncodeToString(b[:])
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.byID) >= s.max {
		s.evict(now)
	}
	s.byID[hashID(id)] = &session{principal: p, provider: from, expires: now.Add(s.ttl)}
	return id
}

// evict drops expired sessions and, if still full, the tenth that expires
// first. Called with mu held.
func (s *Sessions) evict(now time.Time) {
	var oldest time.Time
	for k, v := range s.byID {
		if !v.expires.After(now) {
			delete(s.byID, k)
		} else if oldest.IsZero() || v.expires.Before(oldest) {
			oldest = v.expires
		}
	}
	if len(s.byID) < s.max {
		return
	}
	cut := oldest.Add(s.ttl / 10)
	for k, v := range s.byID {
		if v.expires.Before(cut) {
			delete(s.byID, k)
		}
	}
}

// Lookup returns the principal of the live session id.
func (s *Sessions) Lookup(id string) (lkt.Principal, bool) {
	p, _, ok := s.lookup(id)
	return p, ok
}

func (s *Sessions) lookup(id string) (lkt.Principal, ProviderSession, bool) {
	if id == "" {
		return lkt.Principal{}, ProviderSession{}, false
	}
	h := hashID(id)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.byID[h]
	if !ok {
		return lkt.Principal{}, ProviderSession{}, false
	}
	if !v.expires.After(now) {
		delete(s.byID, h)
		return lkt.Principal{}, ProviderSession{}, false
	}
	return v.principal, v.provider, true
}

// Revoke ends session id; it reports whether it was live.
func (s *Sessions) Revoke(id string) bool {
	h := hashID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.byID[h]
	delete(s.byID, h)
	return ok && v.expires.After(s.now())
}

// RevokeProvider ends every session that came from the provider session
// ps: the one with its SID if it has one, else every one of its Subject at
// that Issuer (OpenID Connect back-channel logout). It returns how many
// ended.
func (s *Sessions) RevokeProvider(ps ProviderSession) int {
	if ps.Issuer == "" || (ps.SID == "" && ps.Subject == "") {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.byID {
		if v.provider.Issuer != ps.Issuer {
			continue
		}
		if (ps.SID != "" && v.provider.SID == ps.SID) || (ps.SID == "" && v.provider.Subject == ps.Subject) {
			delete(s.byID, k)
			n++
		}
	}
	return n
}

// Len returns how many sessions are kept, live or not yet swept.
func (s *Sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}
