package quality_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

func TestExperienceCollector(t *testing.T) {
	c, err := quality.NewCollector(quality.DefaultExperienceSurvey(), 3)
	require.NoError(t, err)
	for _, r := range []quality.Response{
		{Community: "a", Respondent: "p1", Role: roles.Patient, Answers: map[string]int{"safety": 5, "known": 4}},
		{Community: "a", Respondent: "r1", Role: roles.ParentGuardian, Answers: map[string]int{"safety": 4, "known": 2}},
		{Community: "b", Respondent: "p1", Role: roles.Patient, Answers: map[string]int{"safety": 2}}, // same id, other community
	} {
		require.NoError(t, c.Submit(true, r))
	}
	res := c.Results()
	assert.Equal(t, 3, res.Respondents)

	safety := res.Items[0]
	assert.Equal(t, "safety", safety.Item.Code)
	assert.Equal(t, 3, safety.Respondents)
	assert.InDelta(t, 11.0/3, safety.Mean, 1e-9) // (5+4+2)/3
	assert.InDelta(t, 2.0/3, safety.Share, 1e-9) // 5 and 4 agree
	assert.False(t, safety.Suppressed)

	known := res.Items[1]
	assert.Equal(t, 2, known.Respondents)
	assert.True(t, known.Suppressed, "2 respondents < 3")
	assert.Zero(t, known.Mean)

	assert.Equal(t, []quality.ItemTally{
		{Item: "safety", Respondents: 3, Positive: 2, Sum: 11},
		{Item: "known", Respondents: 2, Positive: 1, Sum: 6},
		{Item: "contact"}, {Item: "plan-in-writing"}, {Item: "relief"},
	}, c.Tallies())
}

func TestNPTConstructs(t *testing.T) {
	c, err := quality.NewCollector(quality.DefaultNPTSurvey(), 2)
	require.NoError(t, err)
	require.NoError(t, c.Submit(true, quality.Response{Community: "a", Respondent: "gp", Role: roles.GeneralPractitioner,
		Answers: map[string]int{"coherence-purpose": 5, "coherence-different": 3, "monitoring-adjust": 2}}))
	require.NoError(t, c.Submit(true, quality.Response{Community: "a", Respondent: "hn", Role: roles.HomeNursing,
		Answers: map[string]int{"coherence-purpose": 4}}))
	res := c.Results()
	require.Len(t, res.Constructs, 4)
	coh := res.Constructs[0]
	assert.Equal(t, quality.Coherence, coh.Construct)
	assert.Equal(t, 2, coh.Respondents)
	assert.Equal(t, 3, coh.Answers)
	assert.InDelta(t, 4.0, coh.Mean, 1e-9)       // (5+3+4)/3
	assert.InDelta(t, 2.0/3, coh.Share, 1e-9)    // 5 and 4
	assert.True(t, res.Constructs[3].Suppressed) // reflexive monitoring: 1 respondent
	assert.Equal(t, quality.ReflexiveMonitoring, res.Constructs[3].Construct)
	assert.Equal(t, "Engasjement og forpliktelse", quality.ConstructLabel(quality.CognitiveParticipation, roles.Bokmal))
}

func TestCollectorRefusesAndStoresNothing(t *testing.T) {
	ok := quality.Response{Community: "a", Respondent: "p1", Role: roles.Patient, Answers: map[string]int{"safety": 4}}
	tests := []struct {
		name    string
		consent bool
		r       quality.Response
		code    words.Code
		field   string
	}{
		{"no consent", false, ok, quality.CodeConsentRequired, "consent"},
		{"above scale", true, quality.Response{Community: "a", Respondent: "p2", Role: roles.Patient, Answers: map[string]int{"safety": 6}}, quality.CodeInvalid, "answers.safety"},
		{"below scale", true, quality.Response{Community: "a", Respondent: "p2", Role: roles.Patient, Answers: map[string]int{"safety": 0}}, quality.CodeInvalid, "answers.safety"},
		{"unknown item", true, quality.Response{Community: "a", Respondent: "p2", Role: roles.Patient, Answers: map[string]int{"x": 3}}, quality.CodeInvalid, "answers.x"},
		{"professional answering the experience survey", true, quality.Response{Community: "a", Respondent: "gp", Role: roles.GeneralPractitioner, Answers: map[string]int{"safety": 3}}, quality.CodeInvalid, "role"},
		{"duplicate", true, quality.Response{Community: "a", Respondent: "p1", Role: roles.Patient, Answers: map[string]int{"known": 5}}, quality.CodeConflict, "respondent"},
		{"no answers", true, quality.Response{Community: "a", Respondent: "p2", Role: roles.Patient}, quality.CodeInvalid, "answers"},
		{"no respondent id", true, quality.Response{Community: "a", Role: roles.Patient, Answers: map[string]int{"safety": 3}}, quality.CodeInvalid, "respondent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := quality.NewCollector(quality.DefaultExperienceSurvey(), 1)
			require.NoError(t, err)
			require.NoError(t, c.Submit(true, ok))
			before, tallies := c.Results(), c.Tallies()

			err = c.Submit(tt.consent, tt.r)
			var qe *quality.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, tt.code, qe.Code)
			assert.Equal(t, tt.field, qe.Field)
			assert.NotEqual(t, qe.Localized(roles.English), qe.Localized(roles.Bokmal))
			assert.NotEmpty(t, qe.Message.NN, "every refusal has its own nynorsk text")

			assert.Equal(t, before, c.Results())
			assert.Equal(t, tallies, c.Tallies())
			// The refused respondent was not remembered: a valid answer from them is taken.
			if tt.r.Respondent != "" && tt.r.Respondent != "p1" && tt.r.Role == roles.Patient {
				require.NoError(t, c.Submit(true, quality.Response{Community: "a", Respondent: tt.r.Respondent, Role: roles.Patient, Answers: map[string]int{"safety": 3}}))
			}
		})
	}
}

func TestSurveyConfiguration(t *testing.T) {
	s, err := quality.DefaultExperienceSurvey().WithText("relief", roles.Labels{EN: "Local wording", NB: "Lokal ordlyd"})
	require.NoError(t, err)
	assert.Equal(t, "Local wording", s.Items[4].Text.EN)
	assert.NotEqual(t, "Local wording", quality.DefaultExperienceSurvey().Items[4].Text.EN, "the default is not changed")

	_, err = s.WithText("nope", roles.Labels{EN: "x"})
	assert.Error(t, err)

	dup := quality.DefaultNPTSurvey()
	dup.Items = append(dup.Items, dup.Items[0])
	_, err = quality.NewCollector(dup, 0)
	assert.Error(t, err)
	assert.NoError(t, quality.DefaultNPTSurvey().Validate())
	assert.NoError(t, quality.DefaultExperienceSurvey().Validate())
}
