package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

const (
	crashDBEnv    = "LKT_SQLITE_CRASH_DB"
	crashCycleEnv = "LKT_SQLITE_CRASH_CYCLE"
)

// TestCrashChild is the process TestCrash kills: it saves communities
// through the Service in a loop and prints "ACK id version" after each
// save returns, then reads the community and prints "READ id" after the
// read returns (its audit entry committed, not yet synced: see
// Options.AuditSync). It does nothing unless TestCrash started it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("run by TestCrash")
	}
	s, err := sqlite.Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stdout, "ERROR", err)
		os.Exit(2)
	}
	ctx := context.Background()
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ack := func(c *lkt.Community) {
		fmt.Fprintf(os.Stdout, "ACK %s %d\n", c.ID(), c.Version())
		// Refused before consent: a refusal is audited like a read.
		if _, err := svc.Get(ctx, lkttest.Coordinator, c.ID()); err != nil && lkt.CodeOf(err) == lkt.Internal {
			fmt.Fprintln(os.Stdout, "ERROR", err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stdout, "READ %s\n", c.ID())
	}
	cycle, _ := strconv.Atoi(os.Getenv(crashCycleEnv))
	for i := 0; ; i++ {
		b := lkttest.NewBuilder().WithID(lkt.ID(fmt.Sprintf("c-%d-%04d", cycle, i)))
		// A patient of its own across cycles (each a process of its own),
		// since a patient has one open community.
		b.Patient.NationalID = lkttest.NationalID(cycle*10_000 + i)
		c, err := svc.Create(ctx, lkttest.Coordinator, b.New())
		if err != nil {
			fmt.Fprintln(os.Stdout, "ERROR", err)
			os.Exit(2)
		}
		ack(c)
		for _, st := range b.Steps(lkttest.Start) {
			if c, err = svc.Do(ctx, st.By, b.ID, c.Version(), st.Cmd); err != nil {
				fmt.Fprintln(os.Stdout, "ERROR", err)
				os.Exit(2)
			}
			ack(c)
		}
	}
}

// TestCrash kills a process that is saving and reading with SIGKILL at
// random moments, again and again. After each kill every save it
// acknowledged is there and complete, none is half-written, every read it
// answered has its audit entry, and the file passes integrity_check.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(2026, 3))
	acked := map[lkt.ID]int64{}
	reads := map[lkt.ID]int{}
	const cycles = 20
	for cycle := range cycles {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDBEnv+"="+path, crashCycleEnv+"="+strconv.Itoa(cycle))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		killAt := 1 + rng.IntN(60)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		n, killed := 0, false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "ACK":
				v, err := strconv.ParseInt(f[2], 10, 64)
				require.NoError(t, err)
				acked[lkt.ID(f[1])] = v
				n++
			case "READ":
				reads[lkt.ID(f[1])]++
			case "ERROR":
				t.Fatalf("cycle %d: the child failed: %s", cycle, sc.Text())
			}
			if n == killAt && !killed {
				// The kill lands at a random point of the saves that follow.
				time.Sleep(delay)
				require.NoError(t, cmd.Process.Kill())
				killed = true
			}
		}
		_ = cmd.Wait()
		require.True(t, killed, "cycle %d: the child stopped by itself after %d saves", cycle, n)
		t.Logf("cycle %d: killed after %d acknowledged saves (+%v)", cycle, n, delay)
		checkAfterCrash(t, path, acked, reads)
	}
}

func checkAfterCrash(t *testing.T, path string, acked map[lkt.ID]int64, reads map[lkt.ID]int) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	defer func() { require.NoError(t, s.Close()) }()
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	// Every acknowledged save is there.
	for id, v := range acked {
		_, got, err := s.Load(ctx, id)
		require.NoError(t, err, "acknowledged %s@%d is lost", id, v)
		require.GreaterOrEqual(t, got, v, "acknowledged %s@%d is lost", id, v)
	}
	// Every stored community is complete: its snapshot, summary, events
	// and audit entries agree, whether or not its last save was
	// acknowledged before the kill.
	q := lkt.Query{Limit: lkt.MaxPage}
	for {
		page, err := s.Query(ctx, q)
		require.NoError(t, err)
		for _, sum := range page.Items {
			snap, v, err := s.Load(ctx, sum.ID)
			require.NoError(t, err)
			require.Equal(t, v, sum.Version, "%s: summary and snapshot disagree", sum.ID)
			c := lkt.Restore(cfg, snap, v)
			require.Equal(t, sum.Members, c.Summary(lkttest.Start).Members, "%s: summary and snapshot disagree", sum.ID)
			evs, err := s.Events(ctx, sum.ID, 0, lkt.MaxPage)
			require.NoError(t, err)
			require.Len(t, evs, int(v), "%s: events", sum.ID)
			for i, e := range evs {
				require.Equal(t, int64(i+1), e.Seq)
			}
			au, err := s.Audit(ctx, sum.ID, 0, lkt.MaxPage)
			require.NoError(t, err)
			var writes []lkt.AuditEntry
			nread := 0
			for _, a := range au {
				if a.Action == lkt.Write {
					writes = append(writes, a)
				} else {
					nread++
				}
			}
			require.Len(t, writes, int(v), "%s: one audit entry per save", sum.ID)
			require.Equal(t, v, writes[len(writes)-1].Version)
			require.GreaterOrEqual(t, nread, reads[sum.ID], "%s: a read was answered without its audit entry", sum.ID)
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	integrityOK(t, path)
}
