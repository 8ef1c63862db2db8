package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestMain runs this test binary as the delivering process when asked to
// (see TestKilledMidDeliveryDeliversEverything).
func TestMain(m *testing.M) {
	if path := os.Getenv("LKT_WEBHOOK_CHILD_DB"); path != "" {
		os.Exit(deliverFrom(path, os.Getenv("LKT_WEBHOOK_CHILD_URL")))
	}
	os.Exit(m.Run())
}

// deliverFrom delivers the feed of the SQLite file at path to url until
// the process is killed.
func deliverFrom(path, url string) int {
	store, err := sqlite.Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	svc := lkt.NewService(store, lkt.Config{Clock: lkt.ClockFunc(time.Now), AcceptSyntheticIDs: true})
	d, err := webhook.New(webhook.Config{Service: svc, Reader: reader(), Cursors: store, Batch: 10,
		Endpoints:  []webhook.Endpoint{{Name: "warehouse", URL: url, Secret: secret}},
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, Recheck: 10 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = d.Run(context.Background())
	return 0
}

// A delivering process killed with SIGKILL while an endpoint holds a
// delivery, then started again, delivers every event: the batch in flight
// again, and nothing before the last acknowledged batch a second time.
func TestKilledMidDeliveryDeliversEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	store, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for i := range 5 {
		_, err := lkttest.NewBuilder().WithID(lkt.ID(fmt.Sprintf("c-hook-%d", i))).Seed(ctx, svc)
		require.NoError(t, err)
	}
	var all []lkt.FeedEntry
	for c := lkt.Cursor(""); ; {
		page, next, err := store.Feed(ctx, c, lkt.MaxPage)
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		all, c = append(all, page...), next
	}
	require.Greater(t, len(all), 30)
	require.NoError(t, store.Close())

	var (
		mu       sync.Mutex
		acked    = map[lkt.Cursor]int{}
		posts    []webhook.Delivery
		holding  = make(chan struct{})
		release  = make(chan struct{})
		progress = make(chan struct{}, 1000)
	)
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), time.Hour); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var d webhook.Delivery
		if err := json.Unmarshal(body, &d); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		posts = append(posts, d)
		n := len(posts)
		mu.Unlock()
		if n == 3 { // hold the third delivery while the process is killed
			close(holding)
			<-release
			return
		}
		mu.Lock()
		for _, e := range d.Items {
			acked[e.Cursor]++
		}
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
		progress <- struct{}{}
	}))
	defer rc.Close()

	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "LKT_WEBHOOK_CHILD_DB="+path, "LKT_WEBHOOK_CHILD_URL="+rc.URL)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		return cmd
	}
	child := start()
	<-holding
	require.NoError(t, child.Process.Kill()) // SIGKILL
	_ = child.Wait()
	close(release)

	child = start()
	defer func() {
		_ = child.Process.Kill()
		_ = child.Wait()
	}()
	for {
		<-progress
		mu.Lock()
		done := len(acked) == len(all)
		mu.Unlock()
		if done {
			break
		}
	}

	mu.Lock()
	defer mu.Unlock()
	for _, e := range all {
		assert.Equal(t, 1, acked[e.Cursor], "entry %s acknowledged once", e.Cursor)
	}
	require.GreaterOrEqual(t, len(posts), 4)
	assert.Equal(t, posts[2], posts[3], "the restarted process sends the batch that was in flight first")
	for i, e := range all {
		if e.Cursor == posts[1].Next {
			assert.Equal(t, all[i+1].Cursor, posts[3].Items[0].Cursor, "… and nothing acknowledged before it again: the stored cursor held")
		}
	}
}
