package lkt_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// Every event the fixture records, plus those of a status change, a
// withdrawal and closing, survives JSON unchanged and decodes to its type.
func TestEventsRoundTripThroughJSON(t *testing.T) {
	c, _ := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.MotherID, Status: actormap.OnLeave}))
	require.NoError(t, c.Do(lkttest.Patient, lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID, Reason: "test"}))
	require.NoError(t, c.Do(lkttest.Patient, lkt.Close{Reason: "test"}))
	seen := map[string]bool{}
	for _, e := range c.Pending() {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var back lkt.Event
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		assert.Equal(t, e, back, "event %s", e.Type())
		seen[e.Type()] = true
	}
	assert.GreaterOrEqual(t, len(seen), 10)

	snap := c.Snapshot()
	b, err := json.Marshal(snap)
	require.NoError(t, err)
	var back lkt.Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, snap, back, "a snapshot survives JSON unchanged")
}

func TestUnknownEventTypeIsAnError(t *testing.T) {
	var e lkt.Event
	err := json.Unmarshal([]byte(`{"seq":1,"type":"PlanShredded","data":{}}`), &e)
	assert.ErrorContains(t, err, "unknown event type")
}

// FuzzEventJSON feeds arbitrary bytes to the event decoder, which reads
// what stores and integrations hand back: it must never panic, and what
// it accepts must encode and decode to the same event.
func FuzzEventJSON(f *testing.F) {
	c, _ := lkttest.Active(f)
	for _, e := range c.Pending() {
		b, _ := json.Marshal(e)
		f.Add(b)
	}
	f.Add([]byte(`{"type":"ConsentGiven","data":null}`))
	f.Add([]byte(`{"type":"MemberAdded","data":{"Member":{"id":1}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e lkt.Event
		if json.Unmarshal(b, &e) != nil {
			return
		}
		again, err := json.Marshal(e)
		require.NoError(t, err)
		var back lkt.Event
		require.NoError(t, json.Unmarshal(again, &back))
		assert.Equal(t, e.Type(), back.Type())
		assert.Equal(t, e.Seq, back.Seq)
	})
}
