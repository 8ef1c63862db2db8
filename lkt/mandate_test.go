package lkt_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The mandate is agreed, not set (issue 16.6): the appointment gives the
// role, its authority to intervene and its anchoring; what the coordinator
// is to do, in the community's words, is the plan in force's.
func TestTheMandateIsThePlanInForces(t *testing.T) {
	c, _ := lkttest.Active(t)
	m, ok := c.Mandate()
	require.True(t, ok)
	assert.True(t, m.MayIntervene)
	assert.Equal(t, lkttest.Start, m.AppointedAt)
	require.NotNil(t, m.Anchoring, "the role is anchored before any plan")
	_, _, ok = c.AgreedMandate()
	assert.False(t, ok, "before a plan is agreed the mandate has no words of the community's")

	c, clock := lkttest.WithAgreedPlan(t)
	want := lkttest.PlanSections(lkttest.Start).Roles.Mandate
	got, rev, ok := c.AgreedMandate()
	require.True(t, ok)
	assert.Equal(t, 1, rev)
	assert.Equal(t, want, got)
	got.Tasks[0] = "changed by a reader"
	again, _, _ := c.AgreedMandate()
	assert.Equal(t, want.Tasks, again.Tasks, "a reader's copy shares nothing")

	// A revision with new words binds only when agreed; until then the
	// agreed words stay the mandate.
	s := lkttest.PlanSections(lkttest.Start)
	s.Roles.Mandate.Leading = "Silje leads the meetings and the evaluation, and follows up every deviation within a week"
	r, _ := c.PlanInForce()
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, AlsoAccepting: r.Plan.AlsoAccepting, Note: "the mandate sharpened"}))
	got, rev, _ = c.AgreedMandate()
	assert.Equal(t, 1, rev)
	assert.Equal(t, want.Leading, got.Leading)
	for _, p := range []lkt.Principal{lkttest.Mother, lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician, lkttest.InternalCoordinator, lkttest.Teacher, lkt.Person(lkttest.OccupationalTherapistID)} {
		require.NoError(t, c.Do(p, lkt.AcceptPlan{Revision: 2, AcceptedBy: p.ID}))
	}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 2, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, Evidence: lkttest.Evidence(clock.Now())}))
	for _, a := range lkttest.LeaderAcceptances(2, s, clock.Now()) {
		require.NoError(t, c.Do(lkttest.Coordinator, a))
	}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 2}))
	got, rev, _ = c.AgreedMandate()
	assert.Equal(t, 2, rev)
	assert.Equal(t, s.Roles.Mandate.Leading, got.Leading)
}

// A mandate stored before the tasks moved to the plan reads back: its
// "agreedAt" was the appointment, and its tasks are left behind.
func TestAMandateStoredBeforeTheMoveReadsBack(t *testing.T) {
	var m lkt.Mandate
	require.NoError(t, json.Unmarshal([]byte(`{"tasks":["Lead"],"authority":["Call meetings"],"mayIntervene":true,"agreedAt":"2026-03-02T00:00:00Z",
		"anchoring":{"lineManager":{"name":"Eva Dale","organisation":"Bjørnafjorden kommune","contact":{}},"acknowledgedOn":"2026-03-02T00:00:00Z","recordedBy":{"kind":"person","id":"m-silje"}}}`), &m))
	assert.Equal(t, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), m.AppointedAt)
	assert.True(t, m.MayIntervene)
	require.NotNil(t, m.Anchoring)
	assert.Equal(t, "Eva Dale", m.Anchoring.LineManager.Name)

	require.NoError(t, json.Unmarshal([]byte(`{"mayIntervene":true,"appointedAt":"2026-04-01T00:00:00Z","agreedAt":"2026-03-02T00:00:00Z"}`), &m))
	assert.Equal(t, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), m.AppointedAt, "the new field wins")
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "agreedAt")
	assert.NotContains(t, string(b), "tasks")
	assert.Error(t, json.Unmarshal([]byte(`{"appointedAt":"yesterday"}`), &m))
}
