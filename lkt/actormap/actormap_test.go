package actormap_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// small is a complete community of five: the four mandatory roles and a
// school assistant, with lines through the coordinator.
func small() actormap.Map {
	return actormap.Map{
		Patient: "Ida",
		Actors: []actormap.Actor{
			{ID: "koord", Name: "Kari", Role: roles.Physiotherapist, Sector: roles.MunicipalHealth, Status: actormap.Active},
			{ID: "gp", Name: "Dr. Lie", Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Status: actormap.Active},
			{ID: "lege", Name: "Dr. Holm", Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Status: actormap.Active},
			{ID: "ik", Name: "Siri", Role: roles.HospitalNurse, Sector: roles.SpecialistHealth, Status: actormap.Active},
			{ID: "ass", Name: "Jon", Role: roles.Assistant, Sector: roles.Education, Status: actormap.Active},
		},
		Holders: map[roles.Code]actormap.ActorID{
			roles.CoordinatorLeader: "koord", roles.GP: "gp", roles.ContactClinician: "lege", roles.InternalCoordinator: "ik",
		},
		Ties: []actormap.Tie{
			{From: "koord", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Weekly},
			{From: "koord", To: "gp", Channel: actormap.Message, Frequency: actormap.Monthly},
			{From: "koord", To: "lege", Channel: actormap.Phone, Frequency: actormap.Weekly},
			{From: "lege", To: "ik", Channel: actormap.Meeting, Frequency: actormap.Weekly},
			{From: "ass", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "ass", To: "koord", Channel: actormap.Phone, Frequency: actormap.Weekly},
			{From: "gp", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Quarterly},
		},
		Perspectives: []actormap.Perspective{
			{Owner: "koord", Known: []actormap.Seen{{Actor: "gp"}, {Actor: "lege"}, {Actor: "ass"}},
				Ties: []actormap.Tie{{From: "koord", To: "lege", Channel: actormap.Phone, Frequency: actormap.Weekly}}},
			{Owner: "lege", Known: []actormap.Seen{{Actor: "koord"}, {Actor: "ik", Role: roles.HospitalCoordinator}}},
			{Owner: "gp", Known: []actormap.Seen{{Actor: "koord"}, {Actor: "lege"}}},
		},
	}
}

func TestValidate(t *testing.T) {
	require.NoError(t, small().Validate())
	require.NoError(t, boy10().Validate())
	tests := []struct {
		name, field string
		edit        func(*actormap.Map)
	}{
		{"tie to unknown actor", "ties[2].to", func(m *actormap.Map) { m.Ties[2].To = "nobody" }},
		{"tie to itself", "ties[1].to", func(m *actormap.Map) { m.Ties[1].To = m.Ties[1].From }},
		{"tie without end", "ties[0].from", func(m *actormap.Map) { m.Ties[0].From = "" }},
		{"unknown channel", "ties[0].channel", func(m *actormap.Map) { m.Ties[0].Channel = "pigeon" }},
		{"unknown frequency", "ties[0].frequency", func(m *actormap.Map) { m.Ties[0].Frequency = "hourly" }},
		{"duplicate tie", "ties[7]", func(m *actormap.Map) {
			m.Ties = append(m.Ties, actormap.Tie{From: "gp", To: "koord", Channel: actormap.Message})
		}},
		{"reserved id", "actors[0].id", func(m *actormap.Map) { m.Actors[0].ID = actormap.PatientID }},
		{"duplicate id", "actors[1].id", func(m *actormap.Map) { m.Actors[1].ID = "koord" }},
		{"control character in name", "actors[4].name", func(m *actormap.Map) { m.Actors[4].Name = "Jon\x00" }},
		{"mandatory code as own role", "actors[1].role", func(m *actormap.Map) { m.Actors[1].Role = roles.GP }},
		{"holder does not fit", "holders[gp]", func(m *actormap.Map) { m.Holders[roles.GP] = "ass" }},
		{"holder not on map", "holders[contact-clinician]", func(m *actormap.Map) { m.Holders[roles.ContactClinician] = "x" }},
		{"proximity off the scale", "situations[0].placements[0].proximity", func(m *actormap.Map) {
			m.Situations = []actormap.Situation{{Name: "red phase", Placements: []actormap.Placement{{Actor: "gp", Proximity: 7}}}}
		}},
		{"placement of unknown actor", "situations[0].placements[0].actor", func(m *actormap.Map) {
			m.Situations = []actormap.Situation{{Name: "red phase", Placements: []actormap.Placement{{Actor: "x", Proximity: 1}}}}
		}},
		{"perspective of a stranger", "perspectives[1].owner", func(m *actormap.Map) { m.Perspectives[1].Owner = "stranger" }},
		{"perspective without owner", "perspectives[0].owner", func(m *actormap.Map) { m.Perspectives[0].Owner = "" }},
		{"perspective tie to an actor it does not know", "perspectives[2].ties[0].to", func(m *actormap.Map) {
			m.Perspectives[2].Ties = []actormap.Tie{{From: "gp", To: "ass", Channel: actormap.Phone}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := small()
			m.Holders = map[roles.Code]actormap.ActorID{roles.CoordinatorLeader: "koord", roles.GP: "gp", roles.ContactClinician: "lege", roles.InternalCoordinator: "ik"}
			tt.edit(&m)
			err := m.Validate()
			var e *actormap.Error
			require.True(t, errors.As(err, &e), "want *actormap.Error, got %v", err)
			assert.Equal(t, actormap.CodeInvalid, e.Code)
			assert.Equal(t, tt.field, e.Field)
			assert.NotEmpty(t, e.Message.EN)
			assert.NotEmpty(t, e.Message.NB)
			assert.Equal(t, "Aktørkart ("+tt.field+"): "+e.Message.NB, e.Localized(roles.Bokmal), "a person's screen says where on the map")
		})
	}
}

func TestCompare(t *testing.T) {
	m := small()
	koord, _ := m.Perspective("koord")
	lege, _ := m.Perspective("lege")
	gp, _ := m.Perspective("gp")

	c, err := m.Compare(koord, lege)
	require.NoError(t, err)
	text := c.Text(roles.English)
	assert.Contains(t, text, "Dr. Holm (Contact physician/psychologist) does not know Dr. Lie (GP).")
	assert.Contains(t, text, "Kari (Coordinator) believes they talk weekly by phone with Dr. Holm (Contact physician/psychologist), who lists no such line.")
	assert.Contains(t, c.Text(roles.Bokmal), "Kari (Koordinator) mener de snakker sammen ukentlig på telefon med Dr. Holm (Kontaktlege/-psykolog), som har ingen slik linje.")
	var kinds []actormap.DifferenceKind
	for _, d := range c.Differences {
		kinds = append(kinds, d.Kind)
	}
	assert.Equal(t, []actormap.DifferenceKind{actormap.UnknownActor, actormap.UnknownActor, actormap.UnknownActor, actormap.MissingTie}, kinds)

	c, err = m.Compare(koord, gp)
	require.NoError(t, err)
	assert.Contains(t, c.Text(roles.English), "Dr. Lie (GP) does not know Jon (Assistant).")

	// The contact physician sees the internal coordinator as a pathway coordinator.
	c, err = m.Compare(m.Shared(), lege)
	require.NoError(t, err)
	assert.Contains(t, c.Text(roles.English), "The actor map sees Siri as Nurse, specialist health services; Dr. Holm (Contact physician/psychologist) sees them as Pathway coordinator, hospital.")

	// The same perspective twice differs in nothing.
	c, err = m.Compare(gp, gp)
	require.NoError(t, err)
	assert.Empty(t, c.Differences)

	_, err = m.Compare(actormap.Perspective{Owner: "stranger"}, gp)
	var e *actormap.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "a.owner", e.Field)
}

func TestCompareTieStatusAndDetails(t *testing.T) {
	m := small()
	a := actormap.Perspective{Owner: "koord", Known: []actormap.Seen{{Actor: "gp"}, {Actor: "lege"}}, Ties: []actormap.Tie{
		{From: "koord", To: "gp", Channel: actormap.Message, Frequency: actormap.Monthly},
		{From: "koord", To: "lege", Channel: actormap.Phone, Frequency: actormap.Weekly},
	}}
	b := actormap.Perspective{Owner: "gp", Known: []actormap.Seen{{Actor: "koord"}, {Actor: "lege"}}, Ties: []actormap.Tie{
		{From: "gp", To: "koord", Channel: actormap.Letter, Frequency: actormap.Quarterly},
		{From: "koord", To: "lege", Channel: actormap.Phone, Frequency: actormap.Weekly, Planned: true},
	}}
	c, err := m.Compare(a, b)
	require.NoError(t, err)
	require.Len(t, c.Differences, 2)
	assert.Equal(t, actormap.TieStatus, c.Differences[0].Kind)
	assert.Equal(t, "Kari (Coordinator) sees the line between Kari (Coordinator) and Dr. Holm (Contact physician/psychologist) as existing; Dr. Lie (GP) sees it as only planned.", c.Differences[0].Text(roles.English))
	assert.Equal(t, actormap.TieDetails, c.Differences[1].Kind)
	assert.Contains(t, c.Differences[1].Text(roles.English), "monthly by electronic messages versus quarterly by letter")
}

func TestSinglePointOfFailure(t *testing.T) {
	chain := actormap.Map{
		Patient: "P",
		Actors: []actormap.Actor{
			{ID: "a", Name: "A", Role: roles.HomeNursing, Sector: roles.MunicipalHealth, Status: actormap.Active},
			{ID: "b", Name: "B", Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Status: actormap.Active},
			{ID: "c", Name: "C", Role: roles.School, Sector: roles.Education, Status: actormap.Active},
		},
		Ties: []actormap.Tie{
			{From: actormap.PatientID, To: "a", Channel: actormap.InPerson},
			{From: "a", To: "b", Channel: actormap.Phone},
			{From: actormap.PatientID, To: "c", Channel: actormap.InPerson},
		},
	}
	spofs := func(m actormap.Map) map[actormap.ActorID][]actormap.ActorID {
		an, err := m.Risks()
		require.NoError(t, err)
		out := map[actormap.ActorID][]actormap.ActorID{}
		for _, f := range an.Findings {
			if f.Kind == actormap.SinglePoint {
				for _, r := range f.CutOff {
					out[f.Actor.ID] = append(out[f.Actor.ID], r.ID)
				}
			}
		}
		return out
	}
	// P – A – B: A is the only way to B.
	assert.Equal(t, map[actormap.ActorID][]actormap.ActorID{"a": {"b"}}, spofs(chain))

	// A second path (B – C) removes it.
	tri := chain
	tri.Ties = append(append([]actormap.Tie{}, chain.Ties...), actormap.Tie{From: "b", To: "c", Channel: actormap.Video})
	assert.Empty(t, spofs(tri))

	// A planned line is not a path.
	planned := chain
	planned.Ties = append(append([]actormap.Tie{}, chain.Ties...), actormap.Tie{From: "b", To: "c", Channel: actormap.Video, Planned: true})
	assert.Equal(t, map[actormap.ActorID][]actormap.ActorID{"a": {"b"}}, spofs(planned))

	// A relative's own line counts: if B talks to the patient's father, A is no lifebuoy.
	rel := chain
	rel.Actors = append(append([]actormap.Actor{}, chain.Actors...), actormap.Actor{ID: "far", Name: "Far", Role: roles.ParentGuardian, Sector: roles.PrivateNetwork})
	rel.Ties = append(append([]actormap.Tie{}, chain.Ties...), actormap.Tie{From: "b", To: "far", Channel: actormap.Phone})
	assert.Empty(t, spofs(rel))

	an, err := chain.Risks()
	require.NoError(t, err)
	var f actormap.Finding
	for _, x := range an.Findings {
		if x.Kind == actormap.SinglePoint {
			f = x
		}
	}
	// A is also the only municipal actor, so that sector goes with A.
	assert.Equal(t, []roles.Sector{roles.SpecialistHealth, roles.MunicipalHealth}, f.LostSectors)
	assert.Equal(t, "A (Home nursing) is a single point of failure (a “lifebuoy”): the only line between B (Physician, specialist health services) on one side and P (the patient) on the other. Without A, the patient and relatives lose contact with B (Physician, specialist health services), and with Specialist health services and Municipal health and care services altogether.", f.Text(roles.English))
}

func TestBoy10MotherIsTheOnlyChannel(t *testing.T) {
	m := boy10()
	an, err := m.Risks()
	require.NoError(t, err)
	var mother *actormap.Finding
	for i, f := range an.Findings {
		if f.Kind == actormap.SinglePoint {
			require.Equal(t, actormap.ActorID("mor"), f.Actor.ID, "only the mother is a lifebuoy")
			mother = &an.Findings[i]
		}
	}
	require.NotNil(t, mother)
	ids := func(rs []actormap.Ref) (out []actormap.ActorID) {
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []actormap.ActorID{"fastlege", "koord"}, ids(mother.CutOff))
	assert.Contains(t, ids(mother.Between), actormap.ActorID("tone"))
	assert.Equal(t, []roles.Sector{roles.GeneralPractice}, mother.LostSectors)
	en := mother.Text(roles.English)
	assert.Contains(t, en, "Mor (Parent or guardian) is a single point of failure")
	assert.Contains(t, en, "the only line between Dr. Berg (GP) and Kommunal koordinator (Coordinator) on one side and Gutt 10 (the patient), Far (Parent or guardian), Tone (Autism team)")
	assert.Contains(t, mother.Text(roles.Bokmal), "Mor (Foresatt) er et enkeltpunkt for svikt (en «livbøye»)")

	// The two vacant specialist roles are reported in the report's order.
	assert.Equal(t, actormap.VacantRole, an.Findings[0].Kind)
	assert.Equal(t, roles.ContactClinician, an.Findings[0].Role)
	assert.Equal(t, roles.InternalCoordinator, an.Findings[1].Role)

	// Once the summaries from the team reach the GP, the GP is no longer
	// cut off when the mother is away; the coordinator, who only writes to
	// the mother, still is.
	sc, err := m.Analyse(actormap.Scenario{Name: "summaries to the GP", EstablishPlanned: true})
	require.NoError(t, err)
	for _, f := range sc.Findings {
		if f.Kind == actormap.SinglePoint {
			assert.Equal(t, []actormap.ActorID{"koord"}, ids(f.CutOff))
		}
	}

	// The GP believes the mother is the coordinator.
	gp, _ := m.Perspective("fastlege")
	c, err := m.Compare(m.Shared(), gp)
	require.NoError(t, err)
	assert.Contains(t, c.Text(roles.English), "The actor map shows that Kommunal koordinator holds the role Coordinator; Dr. Berg (GP) believes it is Mor (Parent or guardian).")
	assert.Contains(t, c.Text(roles.English), "Dr. Berg (GP) does not know Skoleassistent (Assistant).")
}

func TestScenario(t *testing.T) {
	m := small()
	m.Actors[0].Status = actormap.Leaving
	m.Actors[0].LeavingOn = day("2026-03-01")

	before, err := m.Risks()
	require.NoError(t, err)
	for _, f := range before.Findings {
		assert.NotEqual(t, actormap.VacantRole, f.Kind, "all four roles are held today")
	}

	an, err := m.Analyse(actormap.Scenario{Name: "spring", Kind: actormap.Departure, At: day("2026-06-01")})
	require.NoError(t, err)
	require.Len(t, an.Away, 1)
	assert.Equal(t, actormap.ActorID("koord"), an.Away[0].Actor.ID)
	var kinds []actormap.FindingKind
	for _, f := range an.Findings {
		kinds = append(kinds, f.Kind)
		assert.True(t, f.New)
	}
	// The coordinator leaves: the role is vacant, four lines lose an end, and
	// the GP's line to the contact physician went through the coordinator.
	assert.Equal(t, actormap.VacantRole, kinds[0])
	assert.Equal(t, roles.CoordinatorLeader, an.Findings[0].Role)
	assert.Equal(t, "The mandatory role Coordinator and leader of the actor community is vacant: Kari is not available.", an.Findings[0].Text(roles.English))
	broken := 0
	for _, k := range kinds {
		if k == actormap.BrokenTie {
			broken++
		}
	}
	assert.Equal(t, 4, broken)
	assert.Contains(t, kinds, actormap.Unreached)

	// The day before, nothing has changed.
	an, err = m.Analyse(actormap.Scenario{Name: "winter", At: day("2026-02-28")})
	require.NoError(t, err)
	assert.Empty(t, an.Away)
	assert.Len(t, an.Findings, len(before.Findings))

	// The real map is untouched.
	assert.Len(t, m.Ties, 7)
	assert.Equal(t, actormap.Leaving, m.Actors[0].Status)
}

func TestScenarioSituationAndTransition(t *testing.T) {
	m := boy10()
	an, err := m.Analyse(actormap.Scenario{Name: "examination", Kind: actormap.Operation, Situation: "examination under anaesthesia"})
	require.NoError(t, err)
	assert.Len(t, an.Away, 3)
	assert.Equal(t, "examination under anaesthesia", an.Density.Situation)
	assert.Equal(t, 5, an.Density.Total)
	// Without the school, Tone is reached only through the mother.
	for _, f := range an.Findings {
		if f.Kind == actormap.SinglePoint {
			assert.Equal(t, actormap.ActorID("mor"), f.Actor.ID)
			assert.False(t, f.New, "the mother was a lifebuoy already")
			assert.Contains(t, f.Text(roles.English), "the patient and relatives lose contact with Dr. Berg (GP), Tone (Autism team) and Kommunal koordinator (Coordinator)")
		}
	}
	text := an.Text(roles.English)
	assert.Contains(t, text, "Scenario “examination” (operation).")
	assert.Contains(t, text, "Kontaktlærer (School): not involved in the situation")

	// A school transition: the old school leaves, the new school joins with
	// a line to the patient and the coordinator.
	an, err = m.Analyse(actormap.Scenario{
		Name: "lower secondary", Kind: actormap.SchoolTransition,
		Leave: []actormap.ActorID{"laerer", "assistent"},
		Join:  []actormap.Actor{{ID: "ny", Name: "Ny kontaktlærer", Role: roles.School, Sector: roles.Education, Status: actormap.Active}},
		Ties: []actormap.Tie{
			{From: "ny", To: actormap.PatientID, Channel: actormap.InPerson, Frequency: actormap.Daily},
			{From: "ny", To: "koord", Channel: actormap.Meeting, Frequency: actormap.Monthly},
		},
	})
	require.NoError(t, err)
	text = an.Text(roles.English)
	assert.Contains(t, text, "NEW: The line between Tone (Autism team) and Kontaktlærer (School) (monthly in meetings) loses its end: Kontaktlærer is gone.")
	for _, f := range an.Findings {
		if f.Kind == actormap.SinglePoint {
			// The new school gives the coordinator a second path, but with the
			// old school gone Tone, like the GP, now hangs on the mother.
			require.Len(t, f.CutOff, 2)
			assert.Equal(t, actormap.ActorID("fastlege"), f.CutOff[0].ID)
			assert.Equal(t, actormap.ActorID("tone"), f.CutOff[1].ID)
		}
	}

	for _, tc := range []struct {
		s     actormap.Scenario
		field string
	}{
		{actormap.Scenario{}, "name"},
		{actormap.Scenario{Name: "x", Situation: "nowhere"}, "situation"},
		{actormap.Scenario{Name: "x", Leave: []actormap.ActorID{"ghost"}}, "leave[0]"},
		{actormap.Scenario{Name: "x", Join: []actormap.Actor{{ID: "mor", Name: "M", Role: roles.School, Sector: roles.Education}}}, "join[0].id"},
		{actormap.Scenario{Name: "x", Ties: []actormap.Tie{{From: "mor", To: "nobody", Channel: actormap.Phone}}}, "ties[0].to"},
		{actormap.Scenario{Name: "x", Holders: map[roles.Code]actormap.ActorID{roles.GP: "mor"}}, "holders[gp]"},
	} {
		_, err := m.Analyse(tc.s)
		var e *actormap.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, tc.field, e.Field)
	}
}

func TestDensityAndCensus(t *testing.T) {
	m := boy10()
	d, err := m.Density("everyday")
	require.NoError(t, err)
	assert.Equal(t, [actormap.Rings]int{5, 0, 1, 2}, d.Rings)
	assert.Equal(t, 5, d.Close)
	d, err = m.Density("examination under anaesthesia")
	require.NoError(t, err)
	assert.Equal(t, 5, d.Total)
	assert.Equal(t, "I situasjonen «examination under anaesthesia» står 3 av 5 aktører nær pasienten (per ring, nærmest først: 2, 1, 2, 0).", d.Text(roles.Bokmal))
	_, err = m.Density("nowhere")
	require.Error(t, err)
	assert.Len(t, m.Densities(), 3)

	c := m.Census()
	assert.Equal(t, 8, c.Persons)
	assert.Equal(t, 1, c.InHome)
	assert.Equal(t, actormap.SectorCount{Sector: roles.Education, Persons: 2}, c.Sectors[3])
	assert.Contains(t, c.Text(roles.English), "Municipal health and care services: 2 persons (1 in the home)\n  Municipal coordinator: 1 person\n  Relief service: 1 person (1 in the home)")
}

func TestView(t *testing.T) {
	m := boy10()
	v, err := m.View("fastlege")
	require.NoError(t, err)
	assert.Equal(t, []actormap.Seen{{Actor: "mor"}, {Actor: "tone"}}, v.Known)
	_, err = m.View("stranger")
	require.Error(t, err)
}
