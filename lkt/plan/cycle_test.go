package plan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// The improvement cycle as the report draws it (issue 16.9, 7.1.5): stages
// overlap and run in parallel, going back is normal, and each stage carries
// its goals, measures and how they are measured.
func TestStagesOverlapAndCarryTheirGoals(t *testing.T) {
	var c plan.Cycle
	work := func(s plan.Stage, goal string) plan.StageWork {
		return plan.StageWork{Stage: s, Goals: []string{goal}, Measures: []string{"m"}, HowMeasured: "h"}
	}
	move := func(w plan.StageWork, keep bool) {
		t.Helper()
		step, err := c.Move(w, keep, "so far", "c", now)
		require.NoError(t, err)
		c.Apply(step)
	}
	move(work(plan.StagePlan, "agree the goals"), true) // preparing goes on
	assert.Equal(t, []plan.Stage{plan.StagePlan}, c.RunningStages(), "prepare had no work recorded to keep")
	move(work(plan.StageDo, "try it out"), true)
	assert.Equal(t, []plan.Stage{plan.StagePlan, plan.StageDo}, c.RunningStages(), "planning runs on beside doing")
	assert.True(t, c.Steps[1].Kept)
	move(work(plan.StageEvaluate, "measure"), false)
	assert.Equal(t, []plan.Stage{plan.StagePlan, plan.StageEvaluate}, c.RunningStages(), "doing stops, planning runs on")
	move(work(plan.StagePlan, "adjust the goals"), false)
	assert.Equal(t, []plan.Stage{plan.StagePlan}, c.RunningStages(), "going back to planning, evaluation stops")
	require.Len(t, c.Running, 1)
	assert.Equal(t, []string{"adjust the goals"}, c.Running[0].Goals, "a stage re-entered runs with its new goals")
	assert.True(t, c.Steps[3].Back)

	for _, s := range []plan.Stage{plan.StageDo, plan.StageEvaluate, plan.StageFollowUp} {
		move(work(s, string(s)), true)
	}
	assert.Len(t, c.RunningStages(), 4)
	move(work(plan.StagePrepare, "a new round"), true)
	assert.Equal(t, []plan.Stage{plan.StagePrepare}, c.RunningStages(), "a new round ends the last one's stages")
	_, round := c.Current()
	assert.Equal(t, 2, round)
}

func TestAStageNeedsGoalsMeasuresAndHowMeasured(t *testing.T) {
	tests := []struct {
		name  string
		w     plan.StageWork
		field string
	}{
		{"no goals", plan.StageWork{Stage: plan.StagePlan, Measures: []string{"m"}, HowMeasured: "h"}, "goals"},
		{"no measures", plan.StageWork{Stage: plan.StagePlan, Goals: []string{"g"}, HowMeasured: "h"}, "measures"},
		{"not how measured", plan.StageWork{Stage: plan.StagePlan, Goals: []string{"g"}, Measures: []string{"m"}, HowMeasured: " "}, "howMeasured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.Cycle{}.Move(tt.w, false, "notes", "c", now)
			require.Error(t, err)
			assert.Equal(t, tt.field, err.(*plan.Error).Field)
		})
	}
}

func TestCloneKeepsTheCycleApart(t *testing.T) {
	var x plan.Execution
	step, err := x.Cycle.Move(plan.StageWork{Stage: plan.StagePlan, Goals: []string{"g"}, Measures: []string{"m"}, HowMeasured: "h"}, false, "n", "c", now)
	require.NoError(t, err)
	x.Cycle.Apply(step)
	y := x.Clone()
	y.Cycle.Running[0].Goals[0], y.Cycle.Steps[0].Work.Measures[0] = "x", "y"
	assert.Equal(t, "g", x.Cycle.Running[0].Goals[0])
	assert.Equal(t, "m", x.Cycle.Steps[0].Work.Measures[0])
}
