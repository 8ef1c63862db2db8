package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/postgres"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// childEnv, set in a test binary's environment, makes it the example
// server instead of running tests: the server is configured by its
// LKT_ variables, so that a test can run several server processes.
const childEnv = "LKT_TEST_SERVER_PROCESS"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, nil, os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// pgDSN is the test database (LKT_POSTGRES_DSN); the test is skipped
// without it.
func pgDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("LKT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set LKT_POSTGRES_DSN (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); .ci/run sets it")
	}
	return dsn
}

// pgSchema names a schema of the test's own and drops it when the test ends.
func pgSchema(t testing.TB, dsn string) string {
	t.Helper()
	schema := fmt.Sprintf("lkt_server_%d_%d", time.Now().UnixNano(), rand.N(1_000_000))
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Logf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// serverProcess is the example server running as a process of its own.
type serverProcess struct {
	URL    string
	cmd    *exec.Cmd
	stderr *lkttest.Buffer
	done   chan error
}

// startProcess starts this test binary as the example server on
// PostgreSQL (dsn, schema) with the environment env added, and returns
// once it prints its URL. The process is stopped when the test ends.
func startProcess(t testing.TB, dsn, schema string, env ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"=1", "LKT_ADDR=127.0.0.1:0", "LKT_QUIET=true",
		"LKT_DATABASE_URL="+dsn, "LKT_DATABASE_SCHEMA="+schema)
	cmd.Env = append(cmd.Env, env...)
	p := &serverProcess{cmd: cmd, stderr: &lkttest.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "go-lkt example server on "); ok {
				urls <- u
			}
		}
		close(urls)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(p.stop)
	u, ok := <-urls
	require.True(t, ok, "the server exited before it served: %s", p.stderr)
	p.URL = u
	return p
}

// stop ends the process with SIGTERM, as an operator would, and waits.
func (p *serverProcess) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

const maritToken = "demo-marit-coordinator"

// do sends a request with marit's token and returns the status, the ETag
// and the body.
func do(t testing.TB, method, url, ifMatch string, body any) (int, string, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	r, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer "+maritToken)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		r.Header.Set("If-Match", ifMatch)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header.Get("ETag"), b
}

func etagVersion(t testing.TB, etag string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(etag, "W/"), `"`), 10, 64)
	require.NoError(t, err, "ETag %q", etag)
	return v
}

// rename renames Emil's assistant (member "bpa") on the server at base,
// over the version ifMatch names.
func rename(t testing.TB, base, ifMatch, name string) (int, string, []byte) {
	t.Helper()
	return do(t, "POST", base+"/api/communities/"+string(demo.Emil)+"/commands/UpdateMember", ifMatch,
		lkt.UpdateMember{MemberID: "bpa", Name: name})
}

// memberName reads the assistant's name on the server at base, and the ETag.
func memberName(t testing.TB, base string) (string, string) {
	t.Helper()
	status, etag, body := do(t, "GET", base+"/api/communities/"+string(demo.Emil)+"/members", "", nil)
	require.Equal(t, http.StatusOK, status, string(body))
	var ms []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	require.NoError(t, json.Unmarshal(body, &ms), string(body))
	for _, m := range ms {
		if m.ID == "bpa" {
			return m.Name, etag
		}
	}
	t.Fatalf("no member bpa in %s", body)
	return "", ""
}

// TestTwoServerProcessesOnOnePostgreSQL runs two example-server processes
// against one PostgreSQL database, as a county's several application
// servers do. They start together (migrations and demo data loaded once);
// a save acknowledged by one is what the other reads next; two writers of
// one version on different servers get one success and one conflict (409
// or 412); and writers on both, redoing their change after a conflict,
// lose no update: every acknowledged change is one version, one event and
// one audit entry.
func TestTwoServerProcessesOnOnePostgreSQL(t *testing.T) {
	dsn := pgDSN(t)
	schema := pgSchema(t, dsn)
	var a, b *serverProcess
	var wg sync.WaitGroup
	wg.Go(func() { a = startProcess(t, dsn, schema) })
	wg.Go(func() { b = startProcess(t, dsn, schema) })
	wg.Wait()
	if t.Failed() {
		return
	}
	servers := []*serverProcess{a, b}

	// Read-your-writes across servers.
	_, etag := memberName(t, a.URL)
	for i := range 10 {
		w, r := servers[i%2], servers[(i+1)%2]
		name := fmt.Sprintf("Jonas Aas %d", i)
		status, saved, body := rename(t, w.URL, etag, name)
		require.Equal(t, http.StatusOK, status, string(body))
		got, seen := memberName(t, r.URL)
		require.Equal(t, name, got, "the other server reads what this one acknowledged")
		require.Equal(t, saved, seen)
		etag = seen
	}

	// Two writers of one version, one on each server.
	status, etagA, body := rename(t, a.URL, etag, "Writer A")
	require.Equal(t, http.StatusOK, status, string(body))
	status, _, body = rename(t, b.URL, etag, "Writer B")
	require.Contains(t, []int{http.StatusConflict, http.StatusPreconditionFailed}, status, string(body))
	got, _ := memberName(t, b.URL)
	require.Equal(t, "Writer A", got, "the loser stored nothing")
	start := etagVersion(t, etagA)

	// Writers on both servers, each reading the version and redoing its
	// change whenever the other server got there first.
	const writers, each = 6, 5
	var mu sync.Mutex
	acked := map[string]int64{} // name → version it was saved as
	for w := range writers {
		srv := servers[w%2]
		wg.Go(func() {
			for i := 0; i < each; {
				_, etag := memberName(t, srv.URL)
				name := fmt.Sprintf("Writer %d-%d", w, i)
				status, saved, body := rename(t, srv.URL, etag, name)
				switch status {
				case http.StatusOK:
					mu.Lock()
					acked[name] = etagVersion(t, saved)
					mu.Unlock()
					i++
				case http.StatusConflict, http.StatusPreconditionFailed:
				default:
					t.Errorf("writer %d: %d %s", w, status, body)
					return
				}
			}
		})
	}
	wg.Wait()
	require.Len(t, acked, writers*each)

	// What the database holds, read as a third process would.
	st, err := postgres.Open(context.Background(), dsn, &postgres.Options{Schema: schema, MaxConns: 2})
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	_, v, err := st.Load(ctx, demo.Emil)
	require.NoError(t, err)
	assert.Equal(t, start+int64(len(acked)), v, "every acknowledged change is a version")
	evs, err := st.Events(ctx, demo.Emil, start, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, evs, len(acked))
	for _, e := range evs {
		u, ok := e.Data.(lkt.MemberUpdated)
		require.True(t, ok, "%T", e.Data)
		want, ok := acked[u.Member.Name]
		require.True(t, ok, "%s was stored but not acknowledged", u.Member.Name)
		assert.Equal(t, want, e.Seq, "%s is stored as the version acknowledged", u.Member.Name)
		delete(acked, u.Member.Name)
	}
	assert.Empty(t, acked, "acknowledged but not stored")
	writes := 0
	for _, e := range auditTrail(t, st, demo.Emil) {
		if e.Action == lkt.Write && e.Outcome == "ok" && e.Version > start {
			writes++
		}
	}
	assert.Equal(t, writers*each, writes, "one audit entry per acknowledged change")
}

// auditTrail reads a community's whole audit trail, page by page.
func auditTrail(t testing.TB, st lkt.Store, id lkt.ID) []lkt.AuditEntry {
	t.Helper()
	var all []lkt.AuditEntry
	for after := int64(0); ; {
		page, err := st.Audit(context.Background(), id, after, lkt.MaxPage)
		require.NoError(t, err)
		if len(page) == 0 {
			return all
		}
		all = append(all, page...)
		after = page[len(page)-1].Seq
	}
}

// restartCommand is how TestRestartDuringWrites restarts PostgreSQL:
// LKT_PG_RESTART_CMD, or pg_ctlcluster on the machine's one cluster (as
// on Debian, run as root).
func restartCommand(t testing.TB) []string {
	t.Helper()
	if c := os.Getenv("LKT_PG_RESTART_CMD"); c != "" {
		return strings.Fields(c)
	}
	versions, err := os.ReadDir("/etc/postgresql")
	require.NoError(t, err, "no Debian PostgreSQL cluster: set LKT_PG_RESTART_CMD")
	require.Len(t, versions, 1, "several PostgreSQL versions: set LKT_PG_RESTART_CMD")
	return []string{"pg_ctlcluster", "--skip-systemctl-redirect", versions[0].Name(), "main", "restart"}
}

// TestRestartDuringWrites restarts PostgreSQL again and again while
// writers on two server processes save: every save a server acknowledged
// (200) is stored afterwards, as the version it was acknowledged as, with
// its audit entry. Between restarts the test waits for new
// acknowledgements on both servers, so each restart meets servers that
// have reconnected and are writing.
//
// Restarting the database breaks every other connection to it, so the
// test runs only with LKT_PG_RESTART=1; LKT_PG_RESTART_CYCLES sets the
// number of restarts (default 3, CI's size; the figure in the README is
// from 100):
//
//	LKT_PG_RESTART=1 LKT_PG_RESTART_CYCLES=100 go test -count=1 -run TestRestartDuringWrites -v ./examples/server/
func TestRestartDuringWrites(t *testing.T) {
	dsn := pgDSN(t)
	if os.Getenv("LKT_PG_RESTART") != "1" {
		t.Skip("restarts PostgreSQL: runs only with LKT_PG_RESTART=1 (see the test's comment)")
	}
	cycles := 3
	if s := os.Getenv("LKT_PG_RESTART_CYCLES"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "LKT_PG_RESTART_CYCLES")
		cycles = n
	}
	restart := restartCommand(t)
	schema := pgSchema(t, dsn)
	a := startProcess(t, dsn, schema)
	b := startProcess(t, dsn, schema)

	type ack struct {
		name    string
		version int64
		server  int
	}
	client := &http.Client{Timeout: time.Minute}
	acks := make(chan ack, 1024)
	var late []ack
	statuses := map[string]int{} // what the writers were answered, for the log
	var mu sync.Mutex
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	const writersPerServer = 2
	for w := range 2 * writersPerServer {
		srv := []*serverProcess{a, b}[w%2]
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("Writer %d-%d", w, i)
				body, _ := json.Marshal(lkt.UpdateMember{MemberID: "bpa", Name: name})
				r, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/api/communities/"+string(demo.Emil)+"/commands/UpdateMember", bytes.NewReader(body))
				r.Header.Set("Authorization", "Bearer "+maritToken)
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("If-Match", "*")
				resp, err := client.Do(r)
				if err != nil {
					if ctx.Err() == nil {
						t.Errorf("writer %d: %v", w, err) // the server process must stay up
					}
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[strconv.Itoa(resp.StatusCode)]++
				mu.Unlock()
				if resp.StatusCode == http.StatusOK {
					v, err := strconv.ParseInt(strings.Trim(resp.Header.Get("ETag"), `"`), 10, 64)
					if err != nil {
						t.Errorf("writer %d: ETag %q", w, resp.Header.Get("ETag"))
						return
					}
					select {
					case acks <- ack{name, v, w % 2}:
					case <-ctx.Done():
						// The test stopped listening: this save was
						// acknowledged after the last count; it is
						// still checked below.
						mu.Lock()
						late = append(late, ack{name, v, w % 2})
						mu.Unlock()
					}
				}
			}
		})
	}
	acked := map[string]int64{}
	// await collects acknowledgements until both servers have had n more.
	await := func(n int) bool {
		var got [2]int
		timeout := time.After(2 * time.Minute)
		for got[0] < n || got[1] < n {
			select {
			case k := <-acks:
				acked[k.name] = k.version
				got[k.server]++
			case <-timeout:
				return false
			}
		}
		return true
	}
	start := time.Now()
	for c := range cycles {
		if !assert.True(t, await(2), "cycle %d: the servers acknowledged no save within 2 minutes: A: %s\nB: %s", c, a.stderr, b.stderr) {
			break
		}
		out, err := exec.Command(restart[0], restart[1:]...).CombinedOutput()
		if !assert.NoError(t, err, "restart %d: %s", c, out) {
			break
		}
	}
	await(2) // both servers write again after the last restart
	stop()
	wg.Wait()
	close(acks)
	for k := range acks {
		acked[k.name] = k.version
	}
	for _, k := range late {
		acked[k.name] = k.version
	}
	t.Logf("%d restarts in %s; %d saves acknowledged; answers: %v", cycles, time.Since(start).Round(time.Second), len(acked), statuses)

	// Every acknowledged save is stored as the version it was
	// acknowledged as, with its audit entry.
	st, err := postgres.Open(context.Background(), dsn, &postgres.Options{Schema: schema, MaxConns: 2})
	require.NoError(t, err)
	defer st.Close()
	stored := map[string]int64{}
	for after := int64(0); ; {
		evs, err := st.Events(context.Background(), demo.Emil, after, lkt.MaxPage)
		require.NoError(t, err)
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			if u, ok := e.Data.(lkt.MemberUpdated); ok {
				stored[u.Member.Name] = e.Seq
			}
		}
		after = evs[len(evs)-1].Seq
	}
	audited := map[int64]bool{}
	for _, e := range auditTrail(t, st, demo.Emil) {
		if e.Action == lkt.Write && e.Operation == "UpdateMember" && e.Outcome == "ok" {
			audited[e.Version] = true
		}
	}
	missing := 0
	for name, v := range acked {
		if !assert.Equal(t, v, stored[name], "%s was acknowledged as version %d", name, v) || !assert.True(t, audited[v], "no audit entry for version %d", v) {
			missing++
		}
	}
	assert.Zero(t, missing, "acknowledged saves missing")
	t.Logf("%d saves stored, %d acknowledged: every acknowledged one is there with its audit entry", len(stored), len(acked))
}
