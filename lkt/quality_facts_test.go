package lkt_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The indicators read the community's own history: consent to agreed plan,
// mandatory roles, and the time spent in the red phase.
func TestQualityFactsFeedTheIndicators(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	agreed, ok := c.PlanInForce()
	require.True(t, ok)
	consent, _ := c.Consent()

	clock.Advance(24 * time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Red, Reason: "Acute pain after the operation."}))
	redFrom := clock.Now()
	clock.Advance(48 * time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Green, Reason: "Stable again."}))
	now := clock.Now()

	f := c.QualityFacts(now)
	assert.Equal(t, consent.GivenAt, f.ConsentGivenAt)
	assert.Equal(t, *agreed.AgreedAt, f.PlanAgreedAt)
	assert.ElementsMatch(t, roles.MandatoryCodes(), f.MandatoryFilled)
	require.NotEmpty(t, f.Phases)
	var red time.Duration
	for _, p := range f.Phases {
		if p.Colour == quality.Red {
			red += p.To.Sub(p.From)
			assert.Equal(t, redFrom, p.From)
		}
	}
	assert.Equal(t, 48*time.Hour, red)
	assert.Len(t, f.Members, len(c.Members()))

	period := quality.Period{From: lkttest.Start.AddDate(0, -1, 0), To: now}
	report, err := quality.Community(f, period, now, quality.Options{})
	require.NoError(t, err)
	roleFilled, ok := report.Indicator("mandatory-roles")
	require.True(t, ok)
	assert.Equal(t, 1.0, roleFilled.Value)
	redShare, ok := report.Indicator("red-phase-time")
	require.True(t, ok)
	assert.Greater(t, redShare.Value, 0.0)
}
