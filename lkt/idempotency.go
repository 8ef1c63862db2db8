package lkt

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// IdempotencyWindow is how long a command's idempotency key is kept: a
// retry with the same key within it gets the first answer instead of
// being applied again (or refused as stale). A day covers a client that
// lost its answer, retried with backoff, and was restarted overnight; a
// key used again after the window starts afresh.
const IdempotencyWindow = 24 * time.Hour

// Idempotency is the record of a command sent with an idempotency key,
// stored by Store.Save in the same transaction as the change it made, so
// that the record exists exactly when the change does.
type Idempotency struct {
	// Community, By and Key identify it: a key is the sender's own and
	// names one command on one community.
	Community ID        `json:"community"`
	By        Principal `json:"by"`
	Key       string    `json:"key"`
	// Command and Fingerprint tell the same request from another sent
	// with the same key by mistake.
	Command     string `json:"command"`
	Fingerprint string `json:"fingerprint"`
	// Version is the community's version after the command.
	Version int64     `json:"version"`
	At      time.Time `json:"at"`
	// Result is the community as the command left it, at Version: a
	// retry is answered with it, so the retry reads the first answer even
	// when others have changed the community since. Stores encode it
	// before Save returns and keep no reference; it is nil in records
	// stored before stores kept it (such a retry reads the community as it
	// is now).
	Result *Snapshot `json:"result,omitempty"`
}

// ResultJSON is Result as stores keep it: JSON, as a Snapshot is
// encoded; nil when the record carries none.
func (r *Idempotency) ResultJSON() ([]byte, error) {
	if r.Result == nil {
		return nil, nil
	}
	return json.Marshal(r.Result)
}

// SetResultJSON sets Result from what ResultJSON gave; nil leaves it nil
// (a key stored before stores kept the first answer).
func (r *Idempotency) SetResultJSON(b []byte) error {
	if b == nil {
		r.Result = nil
		return nil
	}
	var snap Snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return err
	}
	r.Result = &snap
	return nil
}

// MaxIdempotencyKey bounds a key's length; any printable ASCII is a key.
const MaxIdempotencyKey = 200

// Rules of idempotent commands.
const (
	// RuleIdempotencyKeyReused: a key already names another command.
	RuleIdempotencyKeyReused = "idempotency-key-reused"
	// RuleIdempotencyKeyTaken is what a Store answers when a Save carries
	// a key recorded within the window: the Service then answers the first
	// command's outcome.
	RuleIdempotencyKeyTaken = "idempotency-key-taken"
)

// ValidIdempotencyKey reports whether key can be used: 1 to
// MaxIdempotencyKey printable ASCII characters.
func ValidIdempotencyKey(key string) bool {
	if key == "" || len(key) > MaxIdempotencyKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

func fingerprint(cmd Command) string {
	b, _ := json.Marshal(cmd) // commands are plain data
	sum := sha256.Sum256(append([]byte(cmd.CommandName()+"\n"), b...))
	return hex.EncodeToString(sum[:])
}

// DoOnce is Do for a command sent with an idempotency key: the first time
// it is applied and its key stored with the change, in the same
// transaction; sent again with the same key within IdempotencyWindow it is
// not applied again — DoOnce answers the first answer, the community at the
// version the command made, with replayed true, whatever version the retry
// names. The retry is a read: refused to whoever may no longer read. And
// if consent has changed since (a withdrawal, say), the answer is the
// community as it is now, so that a retry never shows what the patient
// has since withheld. The same key with
// another command or other content is refused (RuleIdempotencyKeyReused).
func (s *Service) DoOnce(ctx context.Context, by Principal, id ID, expected int64, key string, cmd Command) (c *Community, replayed bool, err error) {
	if !ValidIdempotencyKey(key) {
		return nil, false, invalid("Idempotency-Key", "must be 1 to 200 printable ASCII characters", "må være 1 til 200 skrivbare ASCII-tegn",
			"må vere 1 til 200 skrivbare ASCII-teikn")
	}
	rec := &Idempotency{Community: id, By: by, Key: key, Command: cmd.CommandName(), Fingerprint: fingerprint(cmd)}
	for attempt := 1; ; attempt++ {
		if c, ok, err := s.replay(ctx, rec); ok || err != nil {
			return c, ok, err
		}
		c, err = s.doKeyed(ctx, by, id, expected, cmd, rec)
		if attempt < 2 && CodeOf(err) == Conflict && (RuleOf(err) == RuleIdempotencyKeyTaken || RuleOf(err) == RuleStaleVersion) {
			continue // perhaps the same request, sent twice at once, won: answer its outcome
		}
		return c, false, err
	}
}

// replay answers a command whose key is stored within the window.
func (s *Service) replay(ctx context.Context, rec *Idempotency) (*Community, bool, error) {
	got, err := s.store.Idempotent(ctx, rec.Community, rec.By, rec.Key)
	switch {
	case CodeOf(err) == NotFound:
		return nil, false, nil
	case err != nil:
		return nil, false, WrapInternal(err)
	case s.cfg.now().Sub(got.At) >= IdempotencyWindow:
		return nil, false, nil
	case got.Command != rec.Command || got.Fingerprint != rec.Fingerprint:
		return nil, false, newErr(Conflict, "Idempotency-Key", RuleIdempotencyKeyReused,
			"this idempotency key was used for another command ("+got.Command+"): use a new key for each command",
			"denne idempotensnøkkelen er brukt til en annen kommando ("+got.Command+"): bruk en ny nøkkel for hver kommando",
			"denne idempotensnøkkelen er brukt til ein annan kommando ("+got.Command+"): bruk ein ny nøkkel for kvar kommando")
	}
	c, err := s.load(ctx, rec.Community)
	if err != nil {
		return nil, false, err
	}
	if err := s.readable(ctx, c, rec.By, rec.Command+" (replayed)"); err != nil {
		return nil, false, err
	}
	now := s.cfg.now()
	if got.Result != nil && got.Version <= c.Version() {
		if first := Restore(s.cfg, *got.Result, got.Version); first.ConsentState(now) == c.ConsentState(now) {
			c = first
		}
	}
	return c.redact(rec.By, now), true, nil
}

// IdempotencyKeyTakenError is what a Store returns when a Save carries an
// idempotency key it holds already, within the window.
func IdempotencyKeyTakenError() error {
	return newErr(Conflict, "Idempotency-Key", RuleIdempotencyKeyTaken,
		"this idempotency key has been used already", "denne idempotensnøkkelen er brukt allerede",
		"denne idempotensnøkkelen er allereie brukt")
}
