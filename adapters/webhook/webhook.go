package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Endpoint is one configured receiver.
type Endpoint struct {
	// Name identifies the endpoint and its delivery cursor: renaming it
	// starts it from the beginning of the feed.
	Name string `json:"name"`
	// URL receives the POSTs.
	URL string `json:"url"`
	// Secret signs each delivery (see Sign).
	Secret []byte `json:"-"`
}

// Cursors keeps each webhook's delivery cursor in the store's database.
type Cursors interface {
	DeliveryCursor(ctx context.Context, webhook string) (lkt.Cursor, error)
	// SetDeliveryCursor returns once the cursor is durable.
	SetDeliveryCursor(ctx context.Context, webhook string, c lkt.Cursor) error
}

// Config configures a Dispatcher. Service, Reader, Cursors and Endpoints
// are required.
type Config struct {
	Service *lkt.Service
	// Reader is the system principal the feed is read as: it needs
	// lkt.RightReadFeed, and it is who the audit trail names.
	Reader    lkt.Principal
	Cursors   Cursors
	Endpoints []Endpoint
	// Client sends the deliveries; default one with a 30s timeout.
	Client *http.Client
	// Batch is the most entries one delivery carries (default 100, at
	// most lkt.MaxPage).
	Batch int
	// MinBackoff and MaxBackoff bound the wait before a retry: MinBackoff
	// after the first failure, doubling, never more than MaxBackoff
	// (defaults 1s and 5m).
	MinBackoff, MaxBackoff time.Duration
	// Recheck is how often an idle dispatcher reads the feed although the
	// Service woke it not: saves by other processes on the same database
	// (default 2s).
	Recheck time.Duration
	// Now, After and Jitter are the clock, the timer and the jitter
	// (default: a wait drawn evenly from [d/2, d]); tests fix them.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Jitter func(time.Duration) time.Duration
	Logger *slog.Logger
	// Delivered, if set, is called after every acknowledged delivery,
	// once its cursor is stored.
	Delivered func(endpoint string, entries int)
}

// Delivery is the body of one POST.
type Delivery struct {
	Webhook string          `json:"webhook"`
	Items   []lkt.FeedEntry `json:"items"`
	Next    lkt.Cursor      `json:"next"`
}

// Headers of a delivery.
const (
	SignatureHeader = "LKT-Signature"
	IDHeader        = "LKT-Webhook-Id"
)

// Dispatcher delivers the feed to its endpoints, one goroutine each.
type Dispatcher struct {
	cfg Config
}

// New checks cfg and fills in its defaults.
func New(cfg Config) (*Dispatcher, error) {
	switch {
	case cfg.Service == nil || cfg.Cursors == nil:
		return nil, errors.New("webhook: a Dispatcher needs a Service and Cursors")
	case cfg.Reader.Kind != lkt.SystemPrincipal || !cfg.Reader.Verified.Has(lkt.RightReadFeed):
		return nil, fmt.Errorf("webhook: the reader %q must be a system with the %s right", cfg.Reader.ID, lkt.RightReadFeed)
	}
	names := map[string]bool{}
	for _, e := range cfg.Endpoints {
		if e.Name == "" || names[e.Name] {
			return nil, fmt.Errorf("webhook: endpoint names must be given and differ (%q)", e.Name)
		}
		if !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
			return nil, fmt.Errorf("webhook: endpoint %s: the URL must be http or https, not %q", e.Name, e.URL)
		}
		if len(e.Secret) < 16 {
			return nil, fmt.Errorf("webhook: endpoint %s: the secret must be at least 16 bytes", e.Name)
		}
		names[e.Name] = true
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Batch <= 0 || cfg.Batch > lkt.MaxPage {
		cfg.Batch = min(max(cfg.Batch, 100), lkt.MaxPage)
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = max(5*time.Minute, cfg.MinBackoff)
	}
	if cfg.Recheck <= 0 {
		cfg.Recheck = 2 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Jitter == nil {
		cfg.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Dispatcher{cfg: cfg}, nil
}

// Run delivers until ctx is done, and returns ctx's error.
func (d *Dispatcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, e := range d.cfg.Endpoints {
		wg.Go(func() { d.deliver(ctx, e) })
	}
	wg.Wait()
	return ctx.Err()
}

// Backoff is the wait before retry n (1, 2, …), before jitter.
func (d *Dispatcher) Backoff(n int) time.Duration {
	b := d.cfg.MinBackoff
	for i := 1; i < n && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.cfg.MaxBackoff)
}

// deliver follows the feed for one endpoint from its delivery cursor.
func (d *Dispatcher) deliver(ctx context.Context, e Endpoint) {
	log := d.cfg.Logger.With("webhook", e.Name)
	failures := 0
	wait := func(err error) bool {
		if ctx.Err() != nil {
			return false
		}
		failures++
		b := d.cfg.Jitter(d.Backoff(failures))
		log.Warn("webhook: will retry", "attempt", failures, "in", b, "err", err)
		select {
		case <-d.cfg.After(b):
			return true
		case <-ctx.Done():
			return false
		}
	}
	var cursor lkt.Cursor
	for {
		c, err := d.cfg.Cursors.DeliveryCursor(ctx, e.Name)
		if err == nil {
			cursor = c
			break
		}
		if !wait(err) {
			return
		}
	}
	for ctx.Err() == nil {
		failures = 0
		changed := d.cfg.Service.FeedChanged() // before reading: a save after the read closes it
		items, next, err := d.cfg.Service.Feed(ctx, d.cfg.Reader, cursor, d.cfg.Batch)
		if err != nil {
			if !wait(err) {
				return
			}
			continue
		}
		if len(items) == 0 {
			select {
			case <-changed:
			case <-d.cfg.After(d.cfg.Recheck):
			case <-ctx.Done():
				return
			}
			continue
		}
		body, err := json.Marshal(Delivery{Webhook: e.Name, Items: items, Next: next})
		if err != nil {
			log.Error("webhook: cannot encode a delivery", "err", err)
			return
		}
		// The same batch until it is acknowledged: later entries wait.
		for {
			if err = d.post(ctx, e, next, body); err == nil {
				break
			}
			if !wait(err) {
				return
			}
		}
		cursor = next
		// Not stored, the batch goes again after a restart: at least once.
		for err := d.cfg.Cursors.SetDeliveryCursor(ctx, e.Name, next); err != nil; err = d.cfg.Cursors.SetDeliveryCursor(ctx, e.Name, next) {
			if !wait(err) {
				return
			}
		}
		if d.cfg.Delivered != nil {
			d.cfg.Delivered(e.Name, len(items))
		}
	}
}

func (d *Dispatcher) post(ctx context.Context, e Endpoint, id lkt.Cursor, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(IDHeader, string(id))
	req.Header.Set(SignatureHeader, Sign(e.Secret, d.cfg.Now(), body))
	resp, err := d.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s answered %s", e.Name, resp.Status)
	}
	return nil
}

// Sign returns the LKT-Signature header value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>".
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("webhook: the signature does not match the body")
	ErrStale        = errors.New("webhook: the signature's timestamp is too far from now")
)

// Verify checks a delivery's LKT-Signature header against body and secret,
// and that its timestamp is within tolerance of now. Receivers call it
// before trusting a body.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrBadSignature
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		ok = ok || hmac.Equal([]byte(s), []byte(want))
	}
	if !ok {
		return ErrBadSignature
	}
	if at := time.Unix(sec, 0); now.Sub(at).Abs() > tolerance {
		return ErrStale
	}
	return nil
}
