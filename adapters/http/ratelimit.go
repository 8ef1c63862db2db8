package http

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// FailureLimit bounds failed authentication per client: a client may fail
// Burst times at once, then once per Interval; beyond that every request
// of theirs that carries credentials answers 429 with Retry-After, before
// its credentials are looked at, so guessing tokens or session ids gains
// nothing. Successful sign-ins cost nothing, and other clients are not
// affected.
type FailureLimit struct {
	Burst    int
	Interval time.Duration
	// MaxClients bounds the clients tracked; beyond it the newest share
	// one allowance, so a flood of addresses cannot exhaust memory.
	MaxClients int
}

// DefaultFailureLimit: 20 failures at once, then one a second.
var DefaultFailureLimit = FailureLimit{Burst: 20, Interval: time.Second, MaxClients: 100_000}

// failureLimiter is a generic cell rate algorithm per client: each client
// has a theoretical arrival time that every failure pushes Interval into
// the future; a client whose time is more than Burst intervals ahead is
// blocked until it is not.
type failureLimiter struct {
	lim FailureLimit
	now func() time.Time
	mu  sync.Mutex
	tat map[string]time.Time
}

// overflowClient is the key the clients beyond MaxClients share.
const overflowClient = "\x00overflow"

func newFailureLimiter(lim FailureLimit, now func() time.Time) *failureLimiter {
	if lim.Burst <= 0 {
		lim.Burst = DefaultFailureLimit.Burst
	}
	if lim.Interval <= 0 {
		lim.Interval = DefaultFailureLimit.Interval
	}
	if lim.MaxClients <= 0 {
		lim.MaxClients = DefaultFailureLimit.MaxClients
	}
	return &failureLimiter{lim: lim, now: now, tat: map[string]time.Time{}}
}

// blocked returns how long client must wait, or 0 if it may try.
func (l *failureLimiter) blocked(client string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.tat[client]
	if !ok {
		return 0
	}
	return l.wait(t, l.now())
}

func (l *failureLimiter) wait(tat, now time.Time) time.Duration {
	if d := tat.Sub(now) - time.Duration(l.lim.Burst-1)*l.lim.Interval; d > 0 {
		return d
	}
	return 0
}

// fail records a failed authentication by client.
func (l *failureLimiter) fail(client string) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.tat[client]
	if !ok && len(l.tat) >= l.lim.MaxClients {
		l.sweep(now)
		if len(l.tat) >= l.lim.MaxClients {
			client = overflowClient
			t = l.tat[client]
		}
	}
	if t.Before(now) {
		t = now
	}
	l.tat[client] = t.Add(l.lim.Interval)
}

// sweep forgets clients whose allowance is whole again. Called with mu held.
func (l *failureLimiter) sweep(now time.Time) {
	for k, t := range l.tat {
		if !t.After(now) {
			delete(l.tat, k)
		}
	}
}

// remoteClient is the client of r by its connection's address: an IPv4
// address, or an IPv6 address's /64, which one subscriber usually holds
// whole.
func remoteClient(r *http.Request) string { return clientKey(r.RemoteAddr) }

func clientKey(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// ForwardedClient returns the client of a request that came through a
// reverse proxy: the last address in X-Forwarded-For, which the proxy
// itself appended (the earlier ones are the client's word), or the
// connection's address without the header. Use it only behind a proxy
// that sets the header, or clients choose their own address.
func ForwardedClient(r *http.Request) string {
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return remoteClient(r)
	}
	last := xff[len(xff)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return clientKey(strings.TrimSpace(last))
}
