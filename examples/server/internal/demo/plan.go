package demo

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// emilPlan is Emil's plan for collaboration: the back operation prepared,
// help ready at discharge, and a phase model saying who does what.
func emilPlan(now time.Time) plan.Sections {
	op := now.AddDate(0, 0, 49)
	return plan.Sections{
		Patient: plan.PatientSection{StoryRevision: 1,
			WhoIs:      "Emil er 12 år og bor med foreldrene i Os. Han har en fremadskridende muskelsykdom og bruker elektrisk rullestol. Ryggoperasjon er planlagt.",
			Challenges: []string{"Smerter og trøtthet etter sitting", "Assistentene skifter ofte", "Tiden etter operasjonen"}},
		Roles: plan.RolesSection{Responsibilities: []plan.Responsibility{
			{Member: "marit", Task: "Leder fellesskapet; fast kontaktpunkt for Emil og foreldrene; lærer opp nye assistenter"},
			{Member: "anders", Task: "Smertebehandling og medisiner hjemme; følger opp etter utskriving"},
			{Member: "ingrid", Task: "Operasjonen og oppfølgingen; sier fra til fastlege og koordinator om hjelpen Emil trenger"},
			{Member: "tone", Task: "Datoer for innleggelse og utskriving; tar med sykehusets fysioterapeut i møtene"},
			{Member: "hanne", Task: "Sier fra til koordinator når Emils dager endrer seg"},
			{Member: "skole", Task: "Skole og hjemmeundervisning, kontakt med klassen"},
		},
			Mandate: plan.Mandate{
				ContactPoint: "Marit er den faste kontakten for Emil og foreldrene: de ringer henne først, og hun svarer innen en arbeidsdag",
				Leading:      "Marit leder samarbeidsmøtene, følger opp det som er avtalt og kaller inn når noe endrer seg",
				Tasks:        []string{"Sørge for beredskapsplan før ryggoperasjonen"},
				Authority:    []string{"Kalle inn til ekstra samarbeidsmøte"},
			},
			Leaders: []plan.Leader{
				{Name: "Hans Os", Title: "Medisinsk ansvarlig lege", Organisation: "Os legesenter"},
				{Name: "Randi Berge", Title: "Klinikkdirektør", Organisation: "Helse Bergen"},
				{Name: "Nils Tveit", Title: "Rektor", Organisation: "Os ungdomsskule"},
			}},
		Communication: plan.CommunicationSection{Lines: []plan.Line{
			{From: "ingrid", To: []plan.MemberID{"anders", "marit"}, About: "operasjonen og hjelpen som trengs etterpå", Channel: plan.ByDischargeSummary, Frequency: "ved hver utskriving"},
			{From: "tone", To: []plan.MemberID{"marit"}, About: "datoer for innleggelse og utskriving", Channel: plan.ByElectronicMessage, Frequency: "så snart en dato er satt"},
			{From: "marit", To: []plan.MemberID{"hanne"}, About: "hva som er avtalt og hva som er klart", Channel: plan.ByPhone, Frequency: "ukentlig rundt operasjonen"},
		}},
		Contingency: plan.ContingencySection{
			Transitions: []plan.Transition{
				{Kind: plan.Operation, Planned: true, What: "Ryggoperasjon (skoliose)", When: &op, Measures: []plan.Measure{
					{What: "Hjelpemidler prøvd ut og på plass hjemme og på skolen", Responsible: "marit"},
					{What: "Hjemmeundervisning avtalt med digital deltakelse i klassen", Responsible: "skole"},
				}},
				{Kind: plan.HelperLeaving, What: "En assistent slutter", Measures: []plan.Measure{
					{What: "Rekruttere og lære opp en etterfølger med to ukers overlapp", Responsible: "marit", WithinDays: 14},
				}},
				{Kind: plan.ActorIllness, What: "Koordinator er syk eller borte", Measures: []plan.Measure{
					{What: "Trer inn som kontaktpunkt for familien", Responsible: "tone", WithinDays: 1},
				}},
			},
			Phases: plan.Phases{
				Green: plan.PhasePlan{Signs: []string{"Sover hele natten", "På skolen de fleste dager"},
					Measures: []plan.Measure{{What: "Daglig hjelp på skolen", Responsible: "bpa"}}},
				Yellow: plan.PhasePlan{Signs: []string{"Økende smerter", "Borte fra skolen mer enn to dager i uken"},
					Measures: []plan.Measure{
						{What: "Gå gjennom smertebehandlingen", Responsible: "anders", WithinDays: 2},
						{What: "Kalle inn til samarbeidsmøte", Responsible: "marit", WithinDays: 7},
					}},
				Red: plan.PhasePlan{Signs: []string{"Komplikasjoner etter operasjonen", "Kan ikke sitte eller flyttes uten sterke smerter"},
					Measures: []plan.Measure{
						{What: "Kontakte ortopedisk avdeling samme dag", Responsible: "ingrid"},
						{What: "Ordne vurdering eller innleggelse", Responsible: "tone", WithinDays: 1},
						{What: "Si fra til skolen og skaffe ekstra hjelp hjemme", Responsible: "marit", WithinDays: 1},
					}},
			},
		},
		AnnualWheel: plan.AnnualWheel{Activities: []plan.Activity{
			{ID: "evaluering", Title: "Evalueringsmøte", Responsible: "marit", Recurrence: plan.Recurrence{Every: 6, Unit: plan.Month}},
			{ID: "skolemote", Title: "Møte med skolen", Responsible: "skole", Recurrence: plan.Recurrence{Every: 3, Unit: plan.Month}},
			{ID: "for-innleggelse", Title: "Samarbeidsmøte før planlagt innleggelse", Responsible: "tone", Recurrence: plan.Recurrence{On: plan.BeforeElectiveAdmission}},
			{ID: "etter-utskriving", Title: "Hjemmebesøk etter utskriving", Responsible: "marit", Recurrence: plan.Recurrence{On: plan.AfterDischarge, WithinDays: 7}},
			{ID: "for-utskriving", Title: "Samarbeidsmøte før utskriving", Responsible: "tone", Recurrence: plan.Recurrence{On: plan.BeforeDischarge, WithinDays: 3}},
			{ID: "krisemote", Title: "Krisemøte i rød fase", Responsible: "marit", Recurrence: plan.Recurrence{On: plan.OnRed, WithinDays: 2}},
		}},
		Documentation: plan.DocumentationSection{Entries: []plan.DocEntry{
			{What: "Denne planen og versjonene av den", Who: "marit", Where: "go-lkt"},
			{What: "Behandling og operasjon", Who: "ingrid", Where: "Sykehusets journal"},
		}, Stories: "Emils egen historie står med hans og foreldrenes ord i element A."},
		Evaluation: plan.EvaluationPlan{
			What:        []string{"Var hjelpemidler og hjelp klar ved utskriving?", "Er Emil tilbake på skolen?"},
			How:         "I evalueringsmøtet, med Emil og foreldrene",
			Dates:       []time.Time{now.AddDate(0, 3, 0), now.AddDate(0, 6, 0)},
			Responsible: "marit",
		},
	}
}

func emilPlanSteps(now time.Time) []step {
	steps := []step{{marit, lkt.DraftPlan{Sections: emilPlan(now), AlsoAccepting: []plan.MemberID{"skole"}, Note: "Laget sammen med Emil og moren før operasjonen."}}}
	for _, p := range []string{"hanne", "marit", "anders", "ingrid", "tone", "skole"} {
		steps = append(steps, step{lkt.Person(lktID(p)), lkt.AcceptPlan{Revision: 1, AcceptedBy: lktID(p)}})
	}
	steps = append(steps,
		// Eva Dale signed the plan; Marit records her acceptance on it.
		step{marit, lkt.AcceptPlan{Revision: 1, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"},
			Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: now, Reference: "Bjørnafjorden kommune, arkivsak 2026/412"}}},
	)
	// The leaders the plan names signed it too, recognising Marit's role;
	// Marit records each acceptance on the signed plan.
	for _, l := range emilPlan(now).Roles.Leaders {
		steps = append(steps, step{marit, lkt.AcceptPlan{Revision: 1, Leader: &l,
			Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: now, Reference: "Signert plan, " + l.Organisation}}})
	}
	steps = append(steps,
		step{marit, lkt.AgreePlan{Revision: 1}},
		step{marit, lkt.SetPhase{Phase: plan.Green, Reason: "Stabil i påvente av operasjonen"}},
	)
	return steps
}
