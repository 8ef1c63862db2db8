package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

var secret = []byte("a-secret-of-32-bytes-for-testing")

func reader() lkt.Principal {
	p := lkt.System("webhooks")
	p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	return p
}

// receiver records what an endpoint was sent, verifying each signature,
// and answers failures times with 500 before it acknowledges.
type receiver struct {
	t        *testing.T
	now      time.Time
	mu       sync.Mutex
	failures int
	posts    []webhook.Delivery // every POST, acknowledged or not
	acked    chan webhook.Delivery
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	require.NoError(rc.t, err)
	assert.NoError(rc.t, webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, rc.now, time.Minute))
	var d webhook.Delivery
	require.NoError(rc.t, json.Unmarshal(body, &d))
	assert.Equal(rc.t, string(d.Next), r.Header.Get(webhook.IDHeader))
	rc.mu.Lock()
	rc.posts = append(rc.posts, d)
	fail := rc.failures > 0
	rc.failures--
	rc.mu.Unlock()
	if fail {
		http.Error(w, "not now", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	rc.acked <- d
}

// Deliveries are signed and in feed order; a failing endpoint gets the
// same batch again after waits that double up to the cap; its cursor is
// stored once it acknowledged; a save wakes the dispatcher.
func TestDeliveryRetriesWithBackoffInOrder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	want, last, err := store.Feed(ctx, "", lkt.MaxPage)
	require.NoError(t, err)

	rc := &receiver{t: t, now: lkttest.Start, failures: 4, acked: make(chan webhook.Delivery)}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	const idle = 1000 * time.Hour // never fires: only a save wakes it
	var waits []time.Duration
	stored := make(chan struct{}, 2)
	d, err := webhook.New(webhook.Config{
		Service: svc, Reader: reader(), Cursors: store,
		Endpoints:  []webhook.Endpoint{{Name: "warehouse", URL: srv.URL, Secret: secret}},
		Batch:      lkt.MaxPage,
		MinBackoff: time.Second, MaxBackoff: 4 * time.Second, Recheck: idle,
		Now: func() time.Time { return lkttest.Start },
		After: func(d time.Duration) <-chan time.Time {
			if d == idle {
				return nil
			}
			waits = append(waits, d) // only the delivering goroutine waits
			fire := make(chan time.Time, 1)
			fire <- lkttest.Start
			return fire
		},
		Jitter:    func(d time.Duration) time.Duration { return d },
		Delivered: func(string, int) { stored <- struct{}{} },
		Logger:    slog.New(slog.DiscardHandler),
	})
	require.NoError(t, err)
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()

	got := <-rc.acked
	require.Len(t, got.Items, len(want))
	for i := range want {
		assert.Equal(t, want[i].Cursor, got.Items[i].Cursor, "entry %d in feed order", i)
	}
	assert.Equal(t, last, got.Next)
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}, waits, "doubling, capped")
	rc.mu.Lock()
	assert.Len(t, rc.posts, 5, "four refusals, then the same batch acknowledged")
	for _, p := range rc.posts {
		assert.Equal(t, got, p, "every attempt carries the same batch")
	}
	rc.mu.Unlock()

	_, err = svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
	require.NoError(t, err)
	next := <-rc.acked
	require.Len(t, next.Items, 1, "woken by the save")
	assert.Equal(t, "MemberUpdated", next.Items[0].Event.Type())
	<-stored
	<-stored

	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	c, err := store.DeliveryCursor(ctx, "warehouse")
	require.NoError(t, err)
	assert.Equal(t, next.Next, c, "the cursor of the last acknowledged batch is stored")
}

func TestSignAndVerify(t *testing.T) {
	body := []byte(`{"webhook":"w","items":[],"next":"1"}`)
	at := time.Unix(1767225600, 0)
	h := webhook.Sign(secret, at, body)
	assert.Regexp(t, regexp.MustCompile(`^t=1767225600,v1=[0-9a-f]{64}$`), h)
	assert.NoError(t, webhook.Verify(secret, h, body, at.Add(time.Minute), 5*time.Minute))
	assert.ErrorIs(t, webhook.Verify(secret, h, append(body, ' '), at, time.Minute), webhook.ErrBadSignature, "a changed body")
	assert.ErrorIs(t, webhook.Verify([]byte("another-secret-of-enough-bytes"), h, body, at, time.Minute), webhook.ErrBadSignature, "another secret")
	assert.ErrorIs(t, webhook.Verify(secret, h, body, at.Add(time.Hour), 5*time.Minute), webhook.ErrStale, "a replay an hour later")
	assert.ErrorIs(t, webhook.Verify(secret, "v1=00", body, at, time.Minute), webhook.ErrBadSignature, "no timestamp")
	assert.ErrorIs(t, webhook.Verify(secret, "t=1767225600", body, at, time.Minute), webhook.ErrBadSignature, "no signature")
}

func TestNewRefusesBadConfig(t *testing.T) {
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ok := webhook.Endpoint{Name: "w", URL: "http://127.0.0.1:1/hook", Secret: secret}
	for name, cfg := range map[string]webhook.Config{
		"a reader without the right": {Reader: lkt.System("x"), Endpoints: []webhook.Endpoint{ok}},
		"a person as reader": {Reader: func() lkt.Principal {
			p := lkttest.Coordinator
			p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
			return p
		}(), Endpoints: []webhook.Endpoint{ok}},
		"a short secret":    {Reader: reader(), Endpoints: []webhook.Endpoint{{Name: "w", URL: ok.URL, Secret: []byte("short")}}},
		"not http":          {Reader: reader(), Endpoints: []webhook.Endpoint{{Name: "w", URL: "ftp://x", Secret: secret}}},
		"two with one name": {Reader: reader(), Endpoints: []webhook.Endpoint{ok, ok}},
		"no name":           {Reader: reader(), Endpoints: []webhook.Endpoint{{URL: ok.URL, Secret: secret}}},
	} {
		cfg.Service, cfg.Cursors = svc, lkttest.NewStore()
		_, err := webhook.New(cfg)
		assert.Error(t, err, name)
	}
}
