package lkt

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// oneRecorder is a second line behind RuleOwnAcceptance: whatever the
// recording rules allow, a plan whose acceptances one person recorded does
// not bind.
func TestOneRecorderRefusesAcceptancesAllRecordedByOne(t *testing.T) {
	by := func(ids ...plan.MemberID) []plan.Acceptance {
		var out []plan.Acceptance
		for _, id := range ids {
			out = append(out, plan.Acceptance{RecordedBy: id})
		}
		return out
	}
	assert.NoError(t, oneRecorder(nil))
	assert.NoError(t, oneRecorder(by("c")), "a single acceptance is not one person speaking for many")
	assert.NoError(t, oneRecorder(by("c", "gp", "c")))
	assert.Equal(t, RuleAcceptancesOneRecorder, RuleOf(oneRecorder(by("c", "c"))), "two are already many")
	err := oneRecorder(by("c", "c", "c"))
	assert.Equal(t, RuleAcceptancesOneRecorder, RuleOf(err))
	assert.Equal(t, PreconditionFailed, CodeOf(err))
}
