package lkt

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An overview is taken at one instant: the Service reads its clock once
// for the check, the audit entry, the reader's view and every part of the
// overview, and the consent state that the check and several rules need
// is computed once.
func TestOverviewReadsTheClockOnceAndConsentOnce(t *testing.T) {
	ctx := context.Background()
	clock := &countingClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	cfg := Config{Clock: clock, AcceptSyntheticIDs: true, probe: &probe{}}
	store := &oneCommunity{}
	svc := NewService(store, cfg)
	c, err := Create(cfg, founder, NewCommunity{ID: "c-1", Municipality: "Bjørnafjorden",
		Patient: Patient{ID: "arne", Name: "Arne Fjeld", BirthDate: time.Date(1944, 5, 17, 0, 0, 0, 0, time.UTC)},
		Founder: &NewMember{ID: "silje", Name: "Silje Nygård", Role: "physiotherapist"}})
	require.NoError(t, err)
	require.NoError(t, c.Do(founder, GiveConsent{GivenBy: "arne", Evidence: &Evidence{Kind: Verbal, Date: clock.t, Reference: "Journal note", Witness: "Liv Fjeld"}}))
	store.snap = c.s

	clock.reads, cfg.probe.consent = 0, 0
	ov, err := svc.Overview(ctx, founder, "c-1")
	require.NoError(t, err)
	assert.Equal(t, 1, clock.reads, "the clock is read once")
	assert.Equal(t, 1, cfg.probe.consent, "consent is computed once")
	assert.Equal(t, Consented, ov.Consent)
	assert.Equal(t, clock.t, ov.At)
	require.Len(t, store.audit, 1)
	assert.Equal(t, ov.At, store.audit[0].At, "the audit entry is at the overview's instant")
	assert.NotEmpty(t, ov.Readiness, "a draft lists what stands between it and activation")
}

var founder = func() Principal {
	p := Person("silje")
	p.Verified = Claims{Issuer: "https://helseid.example", HPR: "1000004", HealthPersonnel: true}
	return p
}()

// countingClock counts its reads; its time never moves.
type countingClock struct {
	t     time.Time
	reads int
}

func (c *countingClock) Now() time.Time { c.reads++; return c.t }

// oneCommunity is a Store holding one community, for the tests of what a
// read reads; it records its audit entries.
type oneCommunity struct {
	Store
	snap  Snapshot
	audit []AuditEntry
}

func (s *oneCommunity) Load(context.Context, ID) (Snapshot, int64, error) {
	return s.snap.clone(), 1, nil
}

func (s *oneCommunity) RecordAudit(_ context.Context, e ...AuditEntry) error {
	s.audit = append(s.audit, e...)
	return nil
}
