package lkt_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestControlCharactersAreRefused: control characters in any free-text
// field are refused before anything changes, naming the field; line breaks
// pass only in multi-line fields; a name may not reverse the direction of
// its text.
func TestControlCharactersAreRefused(t *testing.T) {
	member := func(name, org string) lkt.Command {
		return lkt.AddMember{Member: lkt.NewMember{ID: "m-new", Name: name, Role: roles.School, Organisation: org}}
	}
	for _, tc := range []struct {
		name  string
		cmd   lkt.Command
		field string
	}{
		{"NUL in a name", member("Ola\x00Nordmann", ""), "member.name"},
		{"line feed in a name", member("Ola\nNordmann", ""), "member.name"},
		{"carriage return in an organisation", member("Ola Nordmann", "Skole\r"), "member.organisation"},
		{"bell in an id", lkt.AddMember{Member: lkt.NewMember{ID: "m-\a", Name: "Ola", Role: roles.School}}, "member.id"},
		{"C1 control in a name", member("Ola\u0085", ""), "member.name"},
		{"invalid UTF-8", member("Ola \xff", ""), "member.name"},
		{"right-to-left override in a name", member("Ola \u202Egnp.exe", ""), "member.name"},
		{"isolate in a name", member("Ola \u2066x\u2069", ""), "member.name"},
		{"line feed in the mandate's contact point", lkt.DraftPlan{Sections: plan.Sections{Roles: plan.RolesSection{Mandate: plan.Mandate{ContactPoint: "a\nb"}}}},
			"sections.roles.mandate.contactPoint"},
		{"tab in a challenge", lkt.ReviseStory{GoodDay: "ok", Challenges: []string{"a\tb"}}, "challenges[0]"},
		{"escape in a story", lkt.ReviseStory{GoodDay: "a\x1b[31m"}, "goodDay"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := lkttest.Active(t)
			err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, tc.cmd) })
			assert.Equal(t, tc.field, lkt.FieldOf(err))
		})
	}

	// Multi-line fields keep their line breaks and tabs.
	c, _ := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: "Morning walk.\r\nThen\tcoffee."}))
	st, ok := c.CurrentStory()
	require.True(t, ok)
	assert.Equal(t, "Morning walk.\r\nThen\tcoffee.", st.GoodDay)
	// Ordinary text outside ASCII passes.
	require.NoError(t, c.Do(lkttest.Coordinator, member("Åse Ødegård-Ærø", "Øvre Årdal skule")))
}

// TestCommunityIDPattern: ids are 1 to 100 letters, digits, '.', '_' and
// '-', starting with a letter or digit.
func TestCommunityIDPattern(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	for _, id := range []lkt.ID{"..", ".", "a/b", "a b", " a", "a\x00", "-a", "c-æ", "a%2Fb", lkt.ID(make([]byte, 101))} {
		in := lkttest.NewBuilder().WithID(id).New()
		_, err := lkt.Create(cfg, lkttest.Coordinator, in)
		require.Error(t, err, "%q", id)
		assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "%q", id)
		assert.Equal(t, "id", lkt.FieldOf(err), "%q", id)
		assert.False(t, lkt.ValidID(id))
	}
	for _, id := range []lkt.ID{"c-jonas", "C_2026.01", "7"} {
		in := lkttest.NewBuilder().WithID(id).New()
		_, err := lkt.Create(cfg, lkttest.Coordinator, in)
		require.NoError(t, err, "%q", id)
	}
}
