package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// walPages reads the write-ahead log at path and counts its frames (pages
// written) per b-tree, and its commits. Page numbers are named with
// dbstat, so call it before the log is checkpointed.
func walPages(t *testing.T, s *Store, path string) (map[string]int, int) {
	t.Helper()
	b, err := os.ReadFile(path + "-wal")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(b), 32)
	size := int(binary.BigEndian.Uint32(b[8:12]))
	owner := map[uint32]string{}
	rows, err := s.w.Query(`SELECT name, pageno FROM dbstat`)
	require.NoError(t, err)
	for rows.Next() {
		var name string
		var no uint32
		require.NoError(t, rows.Scan(&name, &no))
		owner[no] = name
	}
	require.NoError(t, rows.Err())
	rows.Close()
	pages, commits := map[string]int{}, 0
	for off := 32; off+24+size <= len(b); off += 24 + size {
		no := binary.BigEndian.Uint32(b[off:])
		name := owner[no]
		if name == "" {
			name = "page " + strconv.Itoa(int(no))
		}
		pages[name]++
		if binary.BigEndian.Uint32(b[off+4:]) != 0 {
			commits++
		}
	}
	return pages, commits
}

// TestPagesPerSave counts the pages a durable save through the Service
// writes to the log — the work its commit syncs — on the bench's workload:
// one writer updating a member of one of 16 communities.
func TestPagesPerSave(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := openT(t, path)
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	const communities, saves = 16, 96
	id := func(i int) lkt.ID { return lkt.ID(fmt.Sprintf("c-00-%02d", i%communities)) }
	for i := range communities {
		_, err := lkttest.NewBuilder().WithID(id(i)).Seed(ctx, svc)
		require.NoError(t, err)
	}
	// Some history first, so that appends land in b-trees of some depth.
	do := func(n int) {
		for i := range n {
			_, err := svc.Do(ctx, lkttest.Coordinator, id(i), lkt.AnyVersion,
				lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: strconv.Itoa(i)}})
			require.NoError(t, err)
		}
	}
	do(400)
	_, err := s.w.Exec("PRAGMA wal_autocheckpoint = 0")
	require.NoError(t, err)
	_, err = s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	require.NoError(t, err)
	do(saves)
	pages, commits := walPages(t, s, path)
	require.Equal(t, saves, commits)
	total := 0
	var names []string
	for name, n := range pages {
		total += n
		names = append(names, name)
	}
	sort.Strings(names)
	var lines []string
	for _, name := range names {
		lines = append(lines, fmt.Sprintf("%-28s %5.2f", name, float64(pages[name])/saves))
	}
	perSave := float64(total) / saves
	t.Logf("pages per save: %.2f\n%s", perSave, strings.Join(lines, "\n"))
	// Schema 3 wrote ~6.1: an event (2.4) and an audit entry (1.6) each
	// into the middle of its own b-tree keyed by community. In history
	// they share the page at the table's right edge, and sit side by side
	// in its index.
	assert.Less(t, float64(pages["history"]+pages["history_community"])/saves, 2.8, "history pages per save")
	// The change feed's index (0007) adds the page at its right edge: 4.6
	// before it.
	assert.Less(t, float64(pages["history_events"])/saves, 1.1, "feed index pages per save")
	assert.Less(t, perSave, 6.0)
}

// TestHistoryReadsUseTheKey: a page of a community's events is one range
// of the index history_community, in order, from the cursor; a page of its
// audit trail is two ranges of at most a page each, from the entry before
// it, found by its seq. No read walks the community's whole history.
func TestHistoryReadsUseTheKey(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	idx := "SEARCH history USING INDEX history_community "
	for q, want := range map[string][]string{
		selectEvents:    {idx + "(community=? AND at_version>?)"},
		selectAuditFrom: {"SEARCH history USING INTEGER PRIMARY KEY (rowid=?)"},
		// Each side reads at most a page off the index; the merge sorts
		// what they read.
		selectAudit: {"MERGE (UNION ALL)",
			"LEFT", "CO-ROUTINE (subquery-1)", idx + "(community=? AND at_version=? AND seq>?)", "SCAN (subquery-1)", "USE TEMP B-TREE FOR ORDER BY",
			"RIGHT", "CO-ROUTINE (subquery-3)", idx + "(community=? AND at_version>?)", "SCAN (subquery-3)", "USE TEMP B-TREE FOR ORDER BY"},
		selectAuditAfter: {idx + "(community=?)"},
	} {
		args := []any{"c", 0, 10}
		if q == selectAudit {
			args = append(args, 10)
		}
		rows, err := s.r.Query("EXPLAIN QUERY PLAN "+q, args...)
		require.NoError(t, err)
		var lines []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
			lines = append(lines, detail)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		assert.Equal(t, want, lines, q)
	}
}

// TestFeedReadsUseTheIndex: a page of the change feed is one range of the
// index history_events from the cursor, whatever the audit entries between
// the events; the cursor's check is one lookup by rowid.
func TestFeedReadsUseTheIndex(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	for q, want := range map[string]string{
		selectFeed:      "SEARCH history USING INDEX history_events (seq>?)",
		selectFeedEvent: "SEARCH history USING INTEGER PRIMARY KEY (rowid=?)",
	} {
		args := []any{1, 10}
		if q == selectFeedEvent {
			args = args[:1]
		}
		var id, parent, notused int
		var detail string
		require.NoError(t, s.r.QueryRow("EXPLAIN QUERY PLAN "+q, args...).Scan(&id, &parent, &notused, &detail))
		assert.Equal(t, want, detail, q)
	}
}
