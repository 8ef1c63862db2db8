package plan_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// writtenDoc is a document with everything the patient asked to have in
// writing: the story, the people and how to reach them, and the meetings'
// decisions.
func writtenDoc(lang roles.Lang) plan.Document {
	agreed := now
	done := now.AddDate(0, 0, 3)
	return plan.Document{
		Patient: "Jonas", Lang: lang, AsOf: now.AddDate(0, 1, 0), People: dir,
		Revision: plan.Revision{No: 2, Plan: complete(), AgreedAt: &agreed},
		Story:    plan.Story{GoodDay: "Football with Emil on Saturdays", LifeNow: "School from home after the operation"},
		Actors: []plan.Actor{
			{ID: "c", Organisation: "Alver kommune", Workplace: "Fysioterapitenesta", Phone: "+47 56 00 00 00", Email: "silje@example.no", ContactNote: "weekdays 08–15"},
			{ID: "gp", Organisation: "Knarvik legesenter"},
			{ID: "away"},
		},
		Meetings: []plan.Meeting{{No: 1, Held: now, Title: "Collaboration meeting before discharge", Attended: []plan.MemberID{"p", "c", "gp"},
			Decisions: []plan.Decision{
				{ID: "decision:1.1", What: "Order a standing frame", Responsible: "c", Due: now.AddDate(0, 0, 7), DoneAt: &done},
				{ID: "decision:1.2", What: "Review pain medication", Responsible: "gp", Due: now.AddDate(0, 0, 14)},
			}}},
	}
}

func TestTheWrittenPlanHoldsWhatThePatientAskedFor(t *testing.T) {
	for lang, want := range map[roles.Lang][]string{
		roles.English: {"Revision 2, agreed 2 March 2026", "My good day", "Football with Emil on Saturdays", "My life now",
			"Who we are and how to reach us", "Silje (Coordinator and leader of the actor community): Alver kommune, Fysioterapitenesta, phone +47 56 00 00 00, silje@example.no, weekdays 08–15",
			"Per (GP): Knarvik legesenter", "Anne (Assistant): no contact details recorded",
			"What our meetings decided", "Collaboration meeting before discharge, 2 March 2026", "present: Jonas, Silje (Coordinator and leader of the actor community), Per (GP)",
			"Silje (Coordinator and leader of the actor community): Order a standing frame, by 9 March 2026 — done 5 March 2026",
			"Per (GP): Review pain medication, by 16 March 2026 — OVERDUE"},
		roles.Bokmal: {"Versjon 2, avtalt 2. mars 2026", "Min gode dag", "Hvem vi er og hvordan dere når oss", "telefon +47 56 00 00 00",
			"ingen kontaktopplysninger registrert", "Hva møtene våre har besluttet", "til stede: Jonas", "innen 9. mars 2026 — utført 5. mars 2026", "FORFALT"},
		roles.Nynorsk: {"Versjon 2, avtalt 2. mars 2026", "Min gode dag", "Livet mitt no", "Kven vi er og korleis de når oss",
			"ingen kontaktopplysningar registrerte", "Kva møta våre har vedteke", "til stades: Jonas", "innan 16. mars 2026 — FORFALLE"},
	} {
		var txt, html bytes.Buffer
		require.NoError(t, plan.RenderText(&txt, writtenDoc(lang)))
		require.NoError(t, plan.RenderHTML(&html, writtenDoc(lang)))
		for _, w := range want {
			assert.Contains(t, txt.String(), w, "%s text", lang)
		}
		assert.Contains(t, html.String(), `<html lang="`+string(lang)+`">`)
		assert.Contains(t, html.String(), "Football with Emil on Saturdays")
	}
}

func TestThePlanIsWrittenInNynorsk(t *testing.T) {
	p := complete()
	agreed := now
	rev := plan.Revision{No: 2, Plan: p, AgreedAt: &agreed,
		Acceptances: []plan.Acceptance{{Party: plan.Party{Kind: plan.LineManager, Name: "Kari", Organisation: "Alver kommune"}, At: now}}}
	var txt bytes.Buffer
	require.NoError(t, plan.RenderText(&txt, plan.Document{Patient: "Jonas", Revision: rev, People: dir, Lang: roles.Nynorsk, AsOf: now.AddDate(1, 0, 0)}))
	for _, w := range []string{
		"Felles plan for samarbeid for Jonas", "1. Kven eg er og utfordringane vi arbeider med saman", "Utfordringar",
		"4. Overgangar og beredskap: kven gjer kva viss …", "Raud — akutt", "kvar 6. månad", "før kvar planlagd innlegging",
		"før kvar utskriving, innan 2 dagar", "FORFALLE: datoen er passert utan evaluering", "Godteke av", "Kari, Alver kommune (linjeleiar)",
	} {
		assert.Contains(t, txt.String(), w)
	}
	for _, bokmal := range []string{"Utfordringer", "hver ", "innen ", "Hvem", "ikke", "Godtatt"} {
		assert.NotContains(t, txt.String(), bokmal, "a bokmål word in the nynorsk plan")
	}
}

// TestEveryTextOfTheWrittenPlanIsInThreeLanguages fails when a key of the
// written plan lacks English, bokmål or nynorsk — the pilot
// municipalities write nynorsk, so a missing text is a defect, not a
// fallback.
func TestEveryTextOfTheWrittenPlanIsInThreeLanguages(t *testing.T) {
	for name, table := range plan.LabelTables() {
		for key, l := range table {
			for lang, text := range map[string]string{"en": l.EN, "nb": l.NB, "nn": l.NN} {
				assert.NotEmpty(t, strings.TrimSpace(text), "%s[%s] has no %s text", name, key, lang)
			}
		}
	}
	assert.NotEmpty(t, plan.LabelTables()["written plan"])
}

func TestWithinAndRecurrenceAreWrittenInEachLanguage(t *testing.T) {
	p := complete()
	p.Sections.AnnualWheel.Activities = []plan.Activity{{ID: "w", Title: "Home visit", Responsible: "c", Recurrence: plan.Recurrence{Every: 1, Unit: plan.Week}}}
	p.Sections.Contingency.Transitions[0].Measures = []plan.Measure{{What: "call", Responsible: "c", WithinDays: 1}}
	for lang, want := range map[roles.Lang][]string{
		roles.English: {"every week", "within a day"}, roles.Bokmal: {"hver uke", "innen ett døgn"}, roles.Nynorsk: {"kvar veke", "innan eitt døgn"},
	} {
		var txt bytes.Buffer
		require.NoError(t, plan.RenderText(&txt, plan.Document{Patient: "Jonas", Revision: plan.Revision{No: 1, Plan: p}, People: dir, Lang: lang, AsOf: time.Time{}}))
		for _, w := range want {
			assert.Contains(t, txt.String(), w, lang)
		}
	}
}
