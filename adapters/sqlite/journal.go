package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// auditJournal holds audit entries recorded on their own until the writer
// moves them into history; the package doc ("The audit journal") says why
// and what it promises. How:
//
// Two files take turns: a move sends new records to the other file, and a
// file whose records have all been moved is emptied once the move is
// committed. The last record moved is stored with the entries it covers
// (audit_journal), so at Open the records above it — those a crash left
// unmoved — are moved, and none twice. A record is framed with its length
// and a CRC-32C, so a record torn by a crash is recognised and ignored
// (its RecordAudit never returned).
type auditJournal struct {
	paths  [2]string
	within time.Duration // Options.AuditSync: how soon entries are moved and synced

	mu      sync.Mutex
	files   [2]*os.File
	size    [2]int64 // bytes in each file
	top     [2]int64 // the greatest record in each file
	active  int      // the file records are appended to
	next    int64    // the next record's number
	pending []journalRecord
	timer   *time.Timer
	taken   bool   // a transaction is moving records taken from pending
	armed   bool   // the timer will ask for a move
	urgent  bool   // a move was asked for at once (journalBatch)
	move    func() // asks the writer for a move (set by the Store)
	closed  bool
	broken  error // a failed append that could not be undone: no more records
}

// errJournalBroken marks a journal that takes no more entries: not a
// failure of the moment, whatever caused it (see transient).
var errJournalBroken = errors.New("takes no more entries until the Store is reopened")

// journalRecord is one audit entry in the journal.
type journalRecord struct {
	n     int64
	entry lkt.AuditEntry
}

// journalFrame is a record's payload.
type journalFrame struct {
	N     int64          `json:"n"`
	Entry lkt.AuditEntry `json:"entry"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// journalBatch is how many pending records ask for a move at once, rather
// than at the timer: it bounds the memory they hold and the transaction
// that moves them.
const journalBatch = 4096

// openJournal opens the journal files beside the database at path, moves
// into history whatever a crash left in them, and empties them. moved is
// the last record the database says was moved; recover moves the others.
func openJournal(path string, within time.Duration, moved int64, recover func([]journalRecord) error) (*auditJournal, error) {
	j := &auditJournal{paths: [2]string{path + "-audit-a", path + "-audit-b"}, within: within}
	var left []journalRecord
	last := moved
	for i, p := range j.paths {
		recs, err := readJournal(p)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			last = max(last, r.n)
			if r.n > moved {
				left = append(left, r)
			}
		}
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			j.closeFiles()
			return nil, fmt.Errorf("sqlite: audit journal: %w", err)
		}
		j.files[i] = f
	}
	if len(left) > 0 {
		slices.SortFunc(left, func(a, b journalRecord) int { return cmp.Compare(a.n, b.n) })
		left = slices.CompactFunc(left, func(a, b journalRecord) bool { return a.n == b.n })
		if err := recover(left); err != nil {
			j.closeFiles()
			return nil, fmt.Errorf("sqlite: audit journal: moving what was left: %w", err)
		}
	}
	for i, f := range j.files {
		if err := truncate(f); err != nil {
			j.closeFiles()
			return nil, fmt.Errorf("sqlite: audit journal %s: %w", j.paths[i], err)
		}
	}
	j.next = last + 1
	return j, nil
}

// readJournal returns the records in the file at path, up to the first
// that is torn or damaged.
func readJournal(path string) ([]journalRecord, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit journal: %w", err)
	}
	var out []journalRecord
	for len(b) >= 8 {
		n, sum := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
		if uint64(len(b)-8) < uint64(n) {
			break
		}
		payload := b[8 : 8+n]
		if crc32.Checksum(payload, castagnoli) != sum {
			break
		}
		var f journalFrame
		if err := json.Unmarshal(payload, &f); err != nil {
			break
		}
		out = append(out, journalRecord{f.N, f.Entry})
		b = b[8+n:]
	}
	return out, nil
}

// record appends entries to the journal. When it returns nil they are in
// the file (the operating system's, until synced) and pending a move.
func (j *auditJournal) record(entries []lkt.AuditEntry) error {
	// Encoded before taking the lock; only the record numbers are added
	// under it.
	bodies := make([][]byte, len(entries))
	for i, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("sqlite: record audit: %w", err)
		}
		bodies[i] = b
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return ErrClosed
	}
	if j.broken != nil {
		return j.broken
	}
	var buf bytes.Buffer
	recs := make([]journalRecord, len(entries))
	for i, body := range bodies {
		n := j.next + int64(i)
		payload := append(append(strconv.AppendInt([]byte(`{"n":`), n, 10), `,"entry":`...), body...)
		payload = append(payload, '}')
		var head [8]byte
		binary.LittleEndian.PutUint32(head[:], uint32(len(payload)))
		binary.LittleEndian.PutUint32(head[4:], crc32.Checksum(payload, castagnoli))
		buf.Write(head[:])
		buf.Write(payload)
		recs[i] = journalRecord{n, entries[i]}
	}
	a := j.active
	if _, err := j.files[a].Write(buf.Bytes()); err != nil {
		// A part written would hide the records after it from recovery:
		// take it back.
		if terr := j.files[a].Truncate(j.size[a]); terr != nil {
			j.broken = fmt.Errorf("sqlite: record audit: the audit journal %s could not be repaired after a failed write, so it %w: %w", j.paths[a], errJournalBroken, terr)
			return fmt.Errorf("%w (%w)", j.broken, classify(err))
		}
		return fmt.Errorf("sqlite: record audit: %w", classify(err))
	}
	j.size[a] += int64(buf.Len())
	j.next += int64(len(entries))
	j.top[a] = j.next - 1
	j.pending = append(j.pending, recs...)
	j.schedule()
	return nil
}

// schedule makes sure pending records are moved: within j.within, or at
// once when there are many. j.mu is held.
func (j *auditJournal) schedule() {
	if j.closed {
		return // the Store moves what is pending as it closes
	}
	if len(j.pending) >= journalBatch && !j.urgent {
		j.urgent = true
		go j.move()
	}
	if !j.armed {
		j.armed = true
		if j.timer == nil {
			j.timer = time.AfterFunc(j.within, j.move)
		} else {
			j.timer.Reset(j.within)
		}
	}
}

// unmoved reports whether records wait for a move, or are being moved by
// a transaction not yet committed.
func (j *auditJournal) unmoved() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending) > 0 || j.taken
}

// take hands the writer the pending records to move in its transaction,
// and sends later records to the other file.
func (j *auditJournal) take() []journalRecord {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.pending) == 0 {
		return nil
	}
	recs := j.pending
	j.pending, j.taken, j.armed, j.urgent = nil, true, false, false
	j.timer.Stop()
	j.active ^= 1
	return recs
}

// moved tells the journal that a transaction moving recs committed: a file
// holding only moved records is emptied.
func (j *auditJournal) moved(recs []journalRecord) error {
	last := recs[len(recs)-1].n
	j.mu.Lock()
	defer j.mu.Unlock()
	j.taken = false
	var errs []error
	for i, f := range j.files {
		if j.size[i] > 0 && j.top[i] <= last {
			if err := truncate(f); err != nil {
				errs = append(errs, err)
				continue
			}
			j.size[i] = 0
		}
	}
	return errors.Join(errs...)
}

// giveBack returns records whose move was rolled back: they are moved
// again, first, by the next transaction.
func (j *auditJournal) giveBack(recs []journalRecord) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.taken = false
	j.pending = append(recs, j.pending...)
	j.schedule()
}

// close stops the timer and refuses more records; the Store moves what is
// pending and then calls remove.
func (j *auditJournal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.closed = true
	if j.timer != nil {
		j.timer.Stop()
	}
}

// remove closes the files and deletes them if every record was moved.
func (j *auditJournal) remove() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	errs := []error{j.closeFiles()}
	if len(j.pending) == 0 {
		for _, p := range j.paths {
			errs = append(errs, os.Remove(p))
		}
	}
	return errors.Join(errs...)
}

func (j *auditJournal) closeFiles() error {
	var errs []error
	for i, f := range j.files {
		if f != nil {
			errs = append(errs, f.Close())
			j.files[i] = nil
		}
	}
	return errors.Join(errs...)
}

func truncate(f *os.File) error { return f.Truncate(0) }

// journalInsert is the insert of n journalled audit entries into history:
// at_version is the version stored when the entry is moved, which is at
// least the one stored when it was recorded (see 0004_history.sql).
func journalInsert(n int) string {
	return multiRow(`INSERT INTO history (community, at_version, kind, at, by_kind, by_id, by_name, action, operation, outcome, version) VALUES `,
		"(?, coalesce((SELECT version FROM snapshots WHERE id = ?), 0), 'a', ?, ?, ?, ?, ?, ?, ?, ?)", n)
}

// moveJournal inserts recs, journalled audit entries, into history and
// records the last one as moved, in the writer's transaction.
func moveJournal(w *wconn, recs []journalRecord) error {
	for len(recs) > 0 {
		chunk := recs[:min(len(recs), historyRows)]
		recs = recs[len(chunk):]
		args := make([]any, 0, 11*len(chunk))
		for _, r := range chunk {
			a := r.entry
			args = append(args, string(a.Community), string(a.Community), nanos(a.At), string(a.By.Kind), string(a.By.ID), a.By.Name,
				string(a.Action), a.Operation, a.Outcome, a.Version)
		}
		if _, err := w.exec(journalInsert(len(chunk)), args...); err != nil {
			return err
		}
		if len(recs) == 0 {
			_, err := w.exec(`UPDATE audit_journal SET moved = ?`, chunk[len(chunk)-1].n)
			return err
		}
	}
	return nil
}

// openJournal opens the Store's audit journal (see auditJournal), moving
// what a crash left in it.
func (s *Store) openJournal(ctx context.Context) error {
	var moved int64
	if err := s.w.QueryRowContext(ctx, `SELECT moved FROM audit_journal`).Scan(&moved); err != nil {
		return fmt.Errorf("sqlite: audit journal: %w", err)
	}
	recover := func(recs []journalRecord) error {
		return s.onWriter(func(w *wconn) error {
			if _, err := w.exec("BEGIN IMMEDIATE"); err != nil {
				return err
			}
			if err := moveJournal(w, recs); err != nil {
				s.rollback(w)
				return err
			}
			if _, err := w.exec("COMMIT"); err != nil {
				s.rollback(w)
				return err
			}
			return nil
		})
	}
	j, err := openJournal(s.path, s.opts.AuditSync, moved, recover)
	if err != nil {
		return err
	}
	j.move = func() { _ = s.moveAudit(context.Background()) }
	s.journal = j
	return nil
}

// moveAudit moves the journalled audit entries recorded so far into
// history, in a synced transaction (or the one it joins), and returns
// once that committed.
func (s *Store) moveAudit(ctx context.Context) error {
	if s.journal == nil || !s.journal.unmoved() {
		return nil
	}
	return s.write(&op{ctx: ctx, fn: func(*wconn) error { return nil }})
}

// closeJournal moves what is pending, at Close, and removes the journal.
func (s *Store) closeJournal() error {
	if s.journal == nil {
		return nil
	}
	s.journal.close()
	var err error
	if s.journal.unmoved() {
		o := &op{ctx: context.Background(), done: make(chan error, 1), fn: func(*wconn) error { return nil }}
		s.commit([]*op{o})
		err = <-o.done
	}
	return errors.Join(err, s.journal.remove())
}
