package quality_test

import (
	"fmt"
	"iter"
	"strconv"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// communities yields n synthetic communities lazily, the way rows come from
// a store. It reuses one set of slices for every community: Portfolio.Add
// keeps nothing it is given, so memory stays flat however large n is.
func communities(n int) iter.Seq2[quality.Facts, error] {
	return func(yield func(quality.Facts, error) bool) {
		d := func(t time.Time, days int) time.Time { return t.AddDate(0, 0, days) }
		var (
			evals, acts []quality.Due
			stays       []quality.Stay
			members     []quality.Member
			phases      []quality.Phase
			devs        []quality.Deviation
			exp         []quality.ItemTally
			meetings    []quality.Meeting
			decisions   []quality.Decision
			id          []byte
		)
		competent, partly := quality.Competences(), quality.Competences()[:2]
		all, three := roles.MandatoryCodes(), roles.MandatoryCodes()[:3]
		for i := range n {
			id = strconv.AppendInt(append(id[:0], 'c'), int64(i), 10)
			consent := d(time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC), i%90)
			f := quality.Facts{
				ID:              string(id), // the one allocation per community
				Municipality:    []string{"Bergen", "Os", "Lindås"}[i%3],
				ConsentActive:   i%10 != 9,
				ConsentGivenAt:  consent,
				PlanAgreedAt:    d(consent, 7+i*13%60),
				MandatoryFilled: all,
			}
			if i%4 == 3 {
				f.MandatoryFilled = three
			}
			evals = append(evals[:0], quality.Due{Due: d(consent, 180), Done: d(consent, 180+i%5-2)})
			acts = acts[:0]
			for k, due := range []int{30, 120, 210, 300} {
				a := quality.Due{Due: d(consent, due)}
				if (i+k)%3 != 0 {
					a.Done = d(a.Due, 1)
				}
				acts = append(acts, a)
			}
			stays = stays[:0]
			if i%3 == 0 {
				in := d(consent, 100)
				stays = append(stays, quality.Stay{Admitted: in, Elective: i%2 == 0, MeetingBeforeAdmission: i%4 == 0,
					Discharged: d(in, 7), MeetingBeforeDischarge: i%6 != 3})
			}
			members = append(members[:0],
				quality.Member{Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Joined: consent},
				quality.Member{Role: roles.HomeNursing, Sector: roles.MunicipalHealth, Joined: consent},
				quality.Member{Role: roles.MunicipalCoordinator, Sector: roles.MunicipalHealth, Joined: consent},
				quality.Member{Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Joined: consent},
				quality.Member{Role: roles.HospitalCoordinator, Sector: roles.SpecialistHealth, Joined: consent},
				quality.Member{Role: roles.NextOfKin, Sector: roles.PrivateNetwork, Joined: consent})
			if i%7 == 0 {
				members[1].Left = d(consent, 200)
				members = append(members, quality.Member{Role: roles.HomeNursing, Sector: roles.MunicipalHealth, Joined: d(consent, 200)})
			}
			phases = append(phases[:0], quality.Phase{Colour: quality.Green, From: consent, To: d(consent, 150)})
			if r := i % 4 * 3; r > 0 {
				phases = append(phases, quality.Phase{Colour: quality.Red, From: d(consent, 150), To: d(consent, 150+r)})
			}
			phases = append(phases, quality.Phase{Colour: quality.Green, From: phases[len(phases)-1].To})
			devs = devs[:0]
			if i%5 == 0 {
				devs = append(devs, quality.Deviation{Opened: d(consent, 60+i%40)})
			}
			exp = append(exp[:0], quality.ItemTally{Item: "safety", Respondents: 2, Positive: 1 + i%2, Sum: 7 + i%2},
				quality.ItemTally{Item: "plan-in-writing", Respondents: 1, Positive: i % 2, Sum: 3 + i%2})
			f.CoordinatorHeld, f.CoordinatorCompetence = true, competent
			if i%3 == 1 {
				f.CoordinatorCompetence = partly
			}
			f.CoordinatorHoursPerMonth = 8 * (i % 4 / 2) // half have time set aside
			meetings, decisions = meetings[:0], decisions[:0]
			for k, day := range []int{40, 130, 220} {
				meetings = append(meetings, quality.Meeting{Held: d(consent, day), Attendees: 4 + (i+k)%3, PatientSide: (i+k)%4 != 0})
				decisions = append(decisions, quality.Decision{Made: d(consent, day), Coordinator: (i+k)%3 == 0},
					quality.Decision{Made: d(consent, day), Coordinator: false})
			}
			f.Evaluations, f.Activities, f.Stays, f.Members, f.Phases, f.Deviations, f.Experience, f.Meetings, f.Decisions =
				evals, acts, stays, members, phases, devs, exp, meetings, decisions
			if !yield(f, nil) {
				return
			}
		}
	}
}

func ExampleMeasure() {
	r, err := quality.Measure(communities(12), quality.Year(2025, time.UTC),
		time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), quality.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Table(roles.Bokmal))
	// Output:
	// Periode 2025-01-01 – 2026-01-01, målt 2026-02-01, 12 aktørfellesskap
	// Kategori  Indikator                                                          Teller  Nevner  Verdi
	// struktur  Alle fire obligatoriske roller besatt                              8       11      72,7 %
	// struktur  Aktører per aktørfellesskap                                        72      12      6,00
	// struktur  Koordinatorens kompetanse                                          8       12      66,7 %
	// struktur  Tid satt av til koordinatoren                                      6       12      50,0 %
	// struktur  Aktører per aktørfellesskap: Spesialisthelsetjenesten              24      12      2,00
	// struktur  Aktører per aktørfellesskap: Kommunale helse- og omsorgstjenester  24      12      2,00
	// struktur  Aktører per aktørfellesskap: Fastlegeordningen                     12      12      1,00
	// struktur  Aktører per aktørfellesskap: Oppvekst og utdanning                 0       12      0,00
	// struktur  Aktører per aktørfellesskap: Velferdstjenester                     0       12      0,00
	// struktur  Aktører per aktørfellesskap: Frivillig sektor                      0       12      0,00
	// struktur  Aktører per aktørfellesskap: Familie og privat nettverk            12      12      1,00
	// prosess   Dager fra samtykke til avtalt plan (median)                        –       8       42 dager
	// prosess   Evalueringer av planen gjort i tide                                8       12      66,7 %
	// prosess   Årshjulsaktiviteter gjennomført                                    32      47      68,1 %
	// prosess   Samarbeidsmøte før planlagt innleggelse                            1       2       50,0 %
	// prosess   Samarbeidsmøte før utskriving                                      2       4       50,0 %
	// prosess   Deltakere per samarbeidsmøte                                       180     36      5,00
	// prosess   Møter med pasienten eller en representant                          27      36      75,0 %
	// prosess   Åpne avvik                                                         3       12      3
	// resultat  Utskifting per medlemsår                                           2       60      0,03 per medlemsår
	// resultat  Vedtak andre enn koordinatoren har ansvar for                      60      72      83,3 %
	// resultat  Tid i rød fase                                                     54      4380    1,2 %
	// resultat  Erfaring: Trygghet                                                 18      24      75,0 %
	// resultat  Erfaring: Blir kjent                                               –       0       skjult
	// resultat  Erfaring: Vet hvem som kan kontaktes                               –       0       skjult
	// resultat  Erfaring: Har planen skriftlig                                     6       12      50,0 %
	// resultat  Erfaring: Avlastet for koordinering                                –       0       skjult
}
