package quality

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Category is the report's indicator category (8.3).
type Category string

// Indicator categories.
const (
	Structure Category = "structure" // frames, resources, competence
	Process   Category = "process"   // activities, participation, user involvement
	Result    Category = "result"    // safety, relief, continuity and quality of relations
)

// Unit says how an indicator's value is formed from its numerator and
// denominator.
type Unit string

// Units.
const (
	Share  Unit = "share"  // Numerator / Denominator, 0–1
	Mean   Unit = "mean"   // Numerator / Denominator
	Median Unit = "median" // median in days of Denominator observations; Numerator unused
	Count  Unit = "count"  // Numerator, over Denominator communities
	Rate   Unit = "rate"   // Numerator per Denominator (member-years)
)

// Definition is what an indicator measures, in words a coordinator reads.
type Definition struct {
	Code        string // stable
	Category    Category
	Unit        Unit
	Name        roles.Labels
	Definition  roles.Labels
	Numerator   roles.Labels
	Denominator roles.Labels
}

// Indicator is a Definition with its figures for a Period.
type Indicator struct {
	Definition
	Period      Period
	Numerator   float64
	Denominator float64
	Value       float64
	Defined     bool // false when there is nothing to measure (Denominator 0) or the figure is suppressed
	Suppressed  bool // a survey figure with fewer respondents than the minimum
	Capped      bool // a median beyond MedianMaxDays: Value is a lower bound
}

// MedianMaxDays is the range of the exact median histogram: durations are
// counted in whole days (rounded down) in 0…MedianMaxDays, longer ones in one
// overflow bucket. The median is exact for whole days within the range, and
// memory is the fixed histogram, not the number of communities.
const MedianMaxDays = 1095

func lbl(en, nb, nn string) roles.Labels { return roles.Labels{EN: en, NB: nb, NN: nn} }

var (
	communitiesLbl = lbl("communities", "aktørfellesskap", "aktørfellesskap")
)

// fixedDefinitions are the indicators that do not depend on configuration;
// actors per sector and the experience items are added around them.
var fixedDefinitions = map[string]Definition{
	"mandatory-roles": {"mandatory-roles", Structure, Share,
		lbl("All four mandatory roles filled", "Alle fire obligatoriske roller besatt", "Alle fire obligatoriske roller fylte"),
		lbl("Share of communities with active consent in which the coordinator and leader, the GP, the contact physician/psychologist and the internal coordinator are all held now.",
			"Andel aktørfellesskap med aktivt samtykke der koordinator og leder, fastlege, kontaktlege/-psykolog og intern koordinator alle er besatt nå.", "Del av aktørfellesskapa med aktivt samtykke der koordinator og leiar, fastlege, kontaktlege/-psykolog og intern koordinator alle er fylte no."),
		lbl("communities with all four roles held", "aktørfellesskap med alle fire roller besatt", "aktørfellesskap med alle fire roller fylte"),
		lbl("communities with active consent", "aktørfellesskap med aktivt samtykke", "aktørfellesskap med aktivt samtykke")},
	"actors-per-community": {"actors-per-community", Structure, Mean,
		lbl("Actors per community", "Aktører per aktørfellesskap", "Aktørar per aktørfellesskap"),
		lbl("Mean number of members on the actor map at the end of the period, besides the patient.",
			"Gjennomsnittlig antall medlemmer på aktørkartet ved periodens slutt, utenom pasienten.", "Gjennomsnittleg tal på medlemer på aktørkartet ved slutten av perioden, utanom pasienten."),
		lbl("members at the end of the period", "medlemmer ved periodens slutt", "medlemer ved slutten av perioden"), communitiesLbl},
	"consent-to-plan-days": {"consent-to-plan-days", Process, Median,
		lbl("Days from consent to agreed plan (median)", "Dager fra samtykke til avtalt plan (median)", "Dagar frå samtykke til avtalt plan (median)"),
		lbl("Median number of whole days from consent to the first agreed plan for collaboration, for plans agreed in the period.",
			"Median antall hele dager fra samtykke til første avtalte plan for samarbeid, for planer avtalt i perioden.", "Median tal på heile dagar frå samtykke til første avtalte plan for samarbeid, for planar avtalte i perioden."),
		lbl("not used", "brukes ikke", "blir ikkje brukt"), lbl("plans agreed in the period", "planer avtalt i perioden", "planar avtalte i perioden")},
	"evaluations-on-time": {"evaluations-on-time", Process, Share,
		lbl("Plan evaluations done on time", "Evalueringer av planen gjort i tide", "Evalueringar av planen gjorde i tide"),
		lbl("Share of evaluations of the plan due in the period that were done by their due time.",
			"Andel evalueringer av planen med frist i perioden som ble gjort innen fristen.", "Del av evalueringane av planen med frist i perioden som vart gjorde innan fristen."),
		lbl("evaluations done by the due time", "evalueringer gjort innen fristen", "evalueringar gjorde innan fristen"),
		lbl("evaluations due in the period", "evalueringer med frist i perioden", "evalueringar med frist i perioden")},
	"annual-wheel-done": {"annual-wheel-done", Process, Share,
		lbl("Annual-wheel activities done", "Årshjulsaktiviteter gjennomført", "Årshjulsaktivitetar gjennomførte"),
		lbl("Share of annual-wheel activities due in the period that were done by the end of the period.",
			"Andel årshjulsaktiviteter med frist i perioden som var gjennomført ved periodens slutt.", "Del av årshjulsaktivitetane med frist i perioden som var gjennomførte ved slutten av perioden."),
		lbl("activities done", "aktiviteter gjennomført", "aktivitetar gjennomførte"), lbl("activities due", "aktiviteter med frist", "aktivitetar med frist")},
	"meeting-before-elective-admission": {"meeting-before-elective-admission", Process, Share,
		lbl("Collaboration meeting before elective admission", "Samarbeidsmøte før planlagt innleggelse", "Samarbeidsmøte før planlagd innlegging"),
		lbl("Share of elective (planned) hospital admissions in the period preceded by a collaboration meeting.",
			"Andel planlagte innleggelser i perioden med samarbeidsmøte i forkant.", "Del av dei planlagde innleggingane i perioden med samarbeidsmøte på førehand."),
		lbl("elective admissions with a meeting before", "planlagte innleggelser med møte i forkant", "planlagde innleggingar med møte på førehand"),
		lbl("elective admissions", "planlagte innleggelser", "planlagde innleggingar")},
	"meeting-before-discharge": {"meeting-before-discharge", Process, Share,
		lbl("Collaboration meeting before discharge", "Samarbeidsmøte før utskriving", "Samarbeidsmøte før utskriving"),
		lbl("Share of discharges from hospital in the period preceded by a collaboration meeting.",
			"Andel utskrivinger fra sykehus i perioden med samarbeidsmøte i forkant.", "Del av utskrivingane frå sjukehus i perioden med samarbeidsmøte på førehand."),
		lbl("discharges with a meeting before", "utskrivinger med møte i forkant", "utskrivingar med møte på førehand"), lbl("discharges", "utskrivinger", "utskrivingar")},
	"open-deviations": {"open-deviations", Process, Count,
		lbl("Open deviations", "Åpne avvik", "Opne avvik"),
		lbl("Number of logged deviations still open at the end of the period.",
			"Antall registrerte avvik som fortsatt er åpne ved periodens slutt.", "Talet på registrerte avvik som framleis er opne ved slutten av perioden."),
		lbl("open deviations", "åpne avvik", "opne avvik"), communitiesLbl},
	"member-turnover": {"member-turnover", Result, Rate,
		lbl("Member turnover per member-year", "Utskifting per medlemsår", "Utskifting per medlemsår"),
		lbl("Professional members who left in the period per member-year of professional membership in the period (continuity of relations; family and private network excluded).",
			"Fagpersoner som gikk ut i perioden per medlemsår med fagpersoner i perioden (kontinuitet i relasjoner; familie og privat nettverk er holdt utenfor).", "Fagpersonar som gjekk ut i perioden per medlemsår med fagpersonar i perioden (kontinuitet i relasjonar; familie og privat nettverk er haldne utanfor)."),
		lbl("members who left", "medlemmer som gikk ut", "medlemer som gjekk ut"), lbl("member-years", "medlemsår", "medlemsår")},
	"coordinator-competence": {"coordinator-competence", Structure, Share,
		lbl("Coordinator's competence", "Koordinatorens kompetanse", "Kompetansen til koordinatoren"),
		lbl("Share of communities with a coordinator whose coordinator has recorded competence in improvement work, coordination, collaboration and leadership (report 7.1.3).",
			"Andel aktørfellesskap med koordinator der koordinatoren har registrert kompetanse i forbedringsarbeid, koordinering, samhandling og ledelse (rapporten 7.1.3).", "Del av aktørfellesskapa med koordinator der koordinatoren har registrert kompetanse i forbetringsarbeid, koordinering, samhandling og leiing (rapporten 7.1.3)."),
		lbl("communities whose coordinator has all four areas", "aktørfellesskap der koordinatoren har alle fire områder", "aktørfellesskap der koordinatoren har alle fire områda"),
		lbl("communities with a coordinator", "aktørfellesskap med koordinator", "aktørfellesskap med koordinator")},
	"coordinator-time": {"coordinator-time", Structure, Share,
		lbl("Time set aside for the coordinator", "Tid satt av til koordinatoren", "Tid sett av til koordinatoren"),
		lbl("Share of communities with a coordinator whose line manager has set time aside for the role (resources: the leader must \"skape mulighetsrom for utøvelse av rollen\", 7.1.3).",
			"Andel aktørfellesskap med koordinator der linjelederen har satt av tid til rollen (ressurser: lederen må «skape mulighetsrom for utøvelse av rollen», 7.1.3).", "Del av aktørfellesskapa med koordinator der linjeleiaren har sett av tid til rolla (ressursar: leiaren må «skape mulighetsrom for utøvelse av rollen», 7.1.3)."),
		lbl("communities with time set aside", "aktørfellesskap med tid satt av", "aktørfellesskap med tid sett av"),
		lbl("communities with a coordinator", "aktørfellesskap med koordinator", "aktørfellesskap med koordinator")},
	"meeting-participation": {"meeting-participation", Process, Mean,
		lbl("Participants per collaboration meeting", "Deltakere per samarbeidsmøte", "Deltakarar per samarbeidsmøte"),
		lbl("Mean number of members and patient present at the collaboration meetings held in the period.",
			"Gjennomsnittlig antall medlemmer og pasient til stede på samarbeidsmøtene som ble holdt i perioden.", "Gjennomsnittleg tal på medlemer og pasient til stades på samarbeidsmøta som vart haldne i perioden."),
		lbl("participants", "deltakere", "deltakarar"), lbl("meetings held", "møter holdt", "møte haldne")},
	"user-involvement": {"user-involvement", Process, Share,
		lbl("Meetings with the patient or a representative", "Møter med pasienten eller en representant", "Møte med pasienten eller ein representant"),
		lbl("Share of the collaboration meetings held in the period at which the patient or a representative took part (user involvement).",
			"Andel av samarbeidsmøtene i perioden der pasienten eller en representant deltok (brukermedvirkning).", "Del av samarbeidsmøta i perioden der pasienten eller ein representant var med (brukarmedverknad)."),
		lbl("meetings with the patient's side", "møter med pasientens side", "møte med pasientsida"), lbl("meetings held", "møter holdt", "møte haldne")},
	"shared-responsibility": {"shared-responsibility", Result, Share,
		lbl("Decisions owned by others than the coordinator", "Vedtak andre enn koordinatoren har ansvar for", "Vedtak andre enn koordinatoren har ansvar for"),
		lbl("Share of the decisions made in the period that a member other than the coordinator is responsible for (shared responsibility: the work does not rest on one person).",
			"Andel av vedtakene i perioden som et annet medlem enn koordinatoren har ansvar for (fellesansvar: arbeidet hviler ikke på én person).", "Del av vedtaka i perioden som eit anna medlem enn koordinatoren har ansvar for (fellesansvar: arbeidet kviler ikkje på éin person)."),
		lbl("decisions owned by others", "vedtak andre har ansvar for", "vedtak andre har ansvar for"), lbl("decisions made", "vedtak fattet", "vedtak fatta")},
	"red-phase-time": {"red-phase-time", Result, Share,
		lbl("Time in red phase", "Tid i rød fase", "Tid i raud fase"),
		lbl("Share of the time under consent in the period that communities spent in the red (acute) phase.",
			"Andel av tiden med samtykke i perioden som aktørfellesskapene var i rød (akutt) fase.", "Del av tida med samtykke i perioden som aktørfellesskapa var i raud (akutt) fase."),
		lbl("days in red phase", "dager i rød fase", "dagar i raud fase"), lbl("days under consent", "dager med samtykke", "dagar med samtykke")},
}

var fixedOrder = [...]string{"mandatory-roles", "actors-per-community", "coordinator-competence", "coordinator-time",
	"consent-to-plan-days", "evaluations-on-time", "annual-wheel-done", "meeting-before-elective-admission",
	"meeting-before-discharge", "meeting-participation", "user-involvement", "open-deviations",
	"member-turnover", "shared-responsibility", "red-phase-time"}

// structureCount is how many of fixedOrder are structure indicators that
// the per-sector indicators follow.
const structureCount = 4

func sectorDefinition(s roles.Sector) Definition {
	return Definition{"actors-per-sector." + string(s), Structure, Mean,
		roles.Labels{EN: "Actors per community: " + s.Label(roles.English), NB: "Aktører per aktørfellesskap: " + s.Label(roles.Bokmal),
			NN: "Aktørar per aktørfellesskap: " + s.Label(roles.Nynorsk)},
		roles.Labels{EN: "Mean number of members from " + s.Label(roles.English) + " on the actor map at the end of the period.",
			NB: "Gjennomsnittlig antall medlemmer fra " + s.Label(roles.Bokmal) + " på aktørkartet ved periodens slutt.",
			NN: "Gjennomsnittleg tal på medlemer frå " + s.Label(roles.Nynorsk) + " på aktørkartet ved slutten av perioden."},
		lbl("members from the sector", "medlemmer fra sektoren", "medlemer frå sektoren"), communitiesLbl}
}

func experienceDefinition(it Item) Definition {
	name := it.Name
	if name.EN == "" && name.NB == "" {
		name = roles.Labels{EN: it.Code, NB: it.Code, NN: it.Code}
	}
	return Definition{"experience." + it.Code, Result, Share,
		roles.Labels{EN: "Experience: " + name.In(roles.English), NB: "Erfaring: " + name.In(roles.Bokmal), NN: "Erfaring: " + name.In(roles.Nynorsk)},
		roles.Labels{EN: "Share of answers from patients and relatives that agree (4 or 5 of 5) with: " + it.Text.In(roles.English),
			NB: "Andel svar fra pasienter og pårørende som er enige (4 eller 5 av 5) i: " + it.Text.In(roles.Bokmal),
			NN: "Del av svara frå pasientar og pårørande som er samde (4 eller 5 av 5) i: " + it.Text.In(roles.Nynorsk)},
		lbl("answers 4 or 5", "svar 4 eller 5", "svar 4 eller 5"), lbl("answers", "svar", "svar")}
}

// Definitions lists every indicator for the given experience survey (the
// default survey if it has no items), in report order.
func Definitions(experience Survey) []Definition {
	if len(experience.Items) == 0 {
		experience = DefaultExperienceSurvey()
	}
	var out []Definition
	for _, code := range fixedOrder[:structureCount] {
		out = append(out, fixedDefinitions[code])
	}
	for _, s := range roles.Sectors() {
		out = append(out, sectorDefinition(s))
	}
	for _, code := range fixedOrder[structureCount:] {
		out = append(out, fixedDefinitions[code])
	}
	for _, it := range experience.Items {
		out = append(out, experienceDefinition(it))
	}
	return out
}

// Options adjust a measurement.
type Options struct {
	// Municipality, if set, limits the measurement to that municipality;
	// other communities are skipped (and counted in Report.Skipped).
	Municipality string
	// Experience is the experience survey whose items Facts.Experience
	// refers to; the default survey if it has no items.
	Experience Survey
	// MinRespondents suppresses experience figures with fewer respondents;
	// 0 means DefaultMinRespondents.
	MinRespondents int
}

const numSectors = 7

// Copied once: the roles functions return fresh slices, and Add must not
// allocate per community.
var (
	allSectors     = roles.Sectors()
	mandatoryRoles = roles.MandatoryCodes()
	allCompetences = Competences()
)

// Portfolio accumulates indicators over communities one at a time. Its size
// is fixed when it is created (the median histogram, one counter per sector
// and per experience item), so memory does not grow with the number of
// communities. Add does not keep the Facts it is given. A Portfolio is not
// safe for concurrent use.
type Portfolio struct {
	period       Period
	now, end     time.Time
	municipality string
	min          int
	survey       Survey

	communities, skipped                     int
	consenting, allMandatory                 int
	actors                                   int
	sectorActors                             [numSectors]int
	hist                                     [MedianMaxDays + 2]int
	plans                                    int
	evalDue, evalOnTime, wheelDue, wheelDone int
	elective, electiveMeet, discharge, dMeet int
	openDev, leavers                         int
	coordinators, competent, timeSet         int
	meetings, attendees, patientMeetings     int
	decisions, sharedDecisions               int
	memberSecs, redSecs, observedSecs        int64
	exp                                      []ItemTally
}

// NewPortfolio starts a measurement over period p as seen at now. Facts
// dated at or after min(p.To, now) count as not yet happened.
func NewPortfolio(p Period, now time.Time, opt Options) (*Portfolio, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if now.IsZero() {
		return nil, invalid("now", "the time of measurement is required", "tidspunktet for målingen må oppgis", "tidspunktet for målinga må oppgjevast")
	}
	if opt.MinRespondents < 0 {
		return nil, invalid("minRespondents", "must not be negative", "kan ikke være negativ", "kan ikkje vere negativ")
	}
	if opt.MinRespondents == 0 {
		opt.MinRespondents = DefaultMinRespondents
	}
	if len(opt.Experience.Items) == 0 {
		opt.Experience = DefaultExperienceSurvey()
	}
	if err := opt.Experience.Validate(); err != nil {
		return nil, err
	}
	end := p.To
	if now.Before(end) {
		end = now
	}
	pf := &Portfolio{period: p, now: now, end: end, municipality: opt.Municipality, min: opt.MinRespondents, survey: opt.Experience}
	pf.exp = make([]ItemTally, len(opt.Experience.Items))
	for i, it := range opt.Experience.Items {
		pf.exp[i].Item = it.Code
	}
	return pf, nil
}

// Add counts one community. Invalid Facts are refused with an *Error and
// change nothing. Duplicate community ids cannot be detected in constant
// memory; the caller's source must yield each community once.
func (pf *Portfolio) Add(f Facts) error {
	if pf.municipality != "" && f.Municipality != pf.municipality {
		pf.skipped++
		return nil
	}
	if err := pf.validate(f); err != nil {
		return err
	}
	pf.accumulate(f)
	return nil
}

// in reports whether t falls in the measured window [From, end).
func (pf *Portfolio) in(t time.Time) bool {
	return !t.IsZero() && !t.Before(pf.period.From) && t.Before(pf.end)
}

// happened reports whether t is set and before the end of the window.
func (pf *Portfolio) happened(t time.Time) bool { return !t.IsZero() && t.Before(pf.end) }

// overlap returns the seconds [a, b) shares with [from, end); b zero is open.
func (pf *Portfolio) overlap(from, a, b time.Time) int64 {
	lo, hi := a, b
	if lo.Before(from) {
		lo = from
	}
	if hi.IsZero() || hi.After(pf.end) {
		hi = pf.end
	}
	if !lo.Before(hi) {
		return 0
	}
	return int64(hi.Sub(lo) / time.Second)
}

func sectorIndex(s roles.Sector) int {
	for i, k := range allSectors {
		if k == s {
			return i
		}
	}
	return -1
}

func (pf *Portfolio) accumulate(f Facts) {
	pf.communities++
	if f.ConsentActive {
		pf.consenting++
		held := 0
		for _, m := range mandatoryRoles {
			held += boolInt(slices.Contains(f.MandatoryFilled, m))
		}
		pf.allMandatory += boolInt(held == len(mandatoryRoles))
	}
	for _, m := range f.Members {
		if pf.happened(m.Joined) && !pf.happened(m.Left) {
			pf.actors++
			pf.sectorActors[sectorIndex(m.Sector)]++
		}
		if m.Sector == roles.PrivateNetwork {
			continue
		}
		pf.leavers += boolInt(pf.in(m.Left))
		pf.memberSecs += pf.overlap(pf.period.From, m.Joined, m.Left)
	}
	if pf.in(f.PlanAgreedAt) {
		days := int(f.PlanAgreedAt.Sub(f.ConsentGivenAt) / (24 * time.Hour))
		pf.hist[min(days, MedianMaxDays+1)]++
		pf.plans++
	}
	for _, e := range f.Evaluations {
		if pf.in(e.Due) {
			pf.evalDue++
			pf.evalOnTime += boolInt(!e.Done.IsZero() && !e.Done.After(e.Due))
		}
	}
	for _, a := range f.Activities {
		if pf.in(a.Due) {
			pf.wheelDue++
			pf.wheelDone += boolInt(pf.happened(a.Done))
		}
	}
	for _, s := range f.Stays {
		if s.Elective && pf.in(s.Admitted) {
			pf.elective++
			pf.electiveMeet += boolInt(s.MeetingBeforeAdmission)
		}
		if pf.in(s.Discharged) {
			pf.discharge++
			pf.dMeet += boolInt(s.MeetingBeforeDischarge)
		}
	}
	for _, d := range f.Deviations {
		pf.openDev += boolInt(pf.happened(d.Opened) && !pf.happened(d.Closed))
	}
	if f.CoordinatorHeld {
		pf.coordinators++
		all := true
		for _, k := range allCompetences {
			all = all && slices.Contains(f.CoordinatorCompetence, k)
		}
		pf.competent += boolInt(all)
		pf.timeSet += boolInt(f.CoordinatorHoursPerMonth > 0)
	}
	for _, m := range f.Meetings {
		if pf.in(m.Held) {
			pf.meetings++
			pf.attendees += m.Attendees
			pf.patientMeetings += boolInt(m.PatientSide)
		}
	}
	for _, d := range f.Decisions {
		if pf.in(d.Made) {
			pf.decisions++
			pf.sharedDecisions += boolInt(!d.Coordinator)
		}
	}
	if !f.ConsentGivenAt.IsZero() {
		from := pf.period.From
		if f.ConsentGivenAt.After(from) {
			from = f.ConsentGivenAt
		}
		// Clip phases to the time under consent: [from, withdrawn).
		until := f.ConsentWithdrawnAt
		clip := func(a, b time.Time) int64 {
			if !until.IsZero() && (b.IsZero() || b.After(until)) {
				b = until
				if !a.Before(b) {
					return 0
				}
			}
			return pf.overlap(from, a, b)
		}
		pf.observedSecs += clip(from, time.Time{})
		for _, ph := range f.Phases {
			if ph.Colour == Red {
				pf.redSecs += clip(ph.From, ph.To)
			}
		}
	}
	for _, t := range f.Experience {
		i := pf.survey.item(t.Item)
		pf.exp[i].Respondents += t.Respondents
		pf.exp[i].Positive += t.Positive
		pf.exp[i].Sum += t.Sum
	}
}

func (pf *Portfolio) validate(f Facts) error {
	field := func(s string) string { return "facts[" + f.ID + "]." + s }
	bad := func(s, en, nb, nn string) error { return invalid(field(s), en, nb, nn) }
	if f.ID == "" {
		return invalid("facts.id", "the community id is required", "id for aktørfellesskapet må oppgis", "id for aktørfellesskapet må oppgjevast")
	}
	if !f.PlanAgreedAt.IsZero() {
		if f.ConsentGivenAt.IsZero() || f.PlanAgreedAt.Before(f.ConsentGivenAt) {
			return bad("planAgreedAt", "a plan cannot be agreed before consent is given", "en plan kan ikke avtales før samtykke er gitt", "ein plan kan ikkje avtalast før samtykke er gitt")
		}
	}
	if !f.ConsentWithdrawnAt.IsZero() && (f.ConsentGivenAt.IsZero() || f.ConsentWithdrawnAt.Before(f.ConsentGivenAt)) {
		return bad("consentWithdrawnAt", "consent cannot be withdrawn before it is given", "samtykke kan ikke trekkes tilbake før det er gitt", "samtykke kan ikkje trekkjast tilbake før det er gitt")
	}
	for i, m := range f.MandatoryFilled {
		if !m.Mandatory() {
			return bad(fmt.Sprintf("mandatoryFilled[%d]", i), "not a mandatory role: "+string(m), "ikke en obligatorisk rolle: "+string(m),
				"ikkje ei obligatorisk rolle: "+string(m))
		}
	}
	for i, d := range f.Evaluations {
		if d.Due.IsZero() {
			return bad(fmt.Sprintf("evaluations[%d].due", i), "the due time is required", "fristen må oppgis", "fristen må oppgjevast")
		}
	}
	for i, d := range f.Activities {
		if d.Due.IsZero() {
			return bad(fmt.Sprintf("activities[%d].due", i), "the due time is required", "fristen må oppgis", "fristen må oppgjevast")
		}
	}
	for i, s := range f.Stays {
		if s.Admitted.IsZero() {
			return bad(fmt.Sprintf("stays[%d].admitted", i), "the admission time is required", "tidspunkt for innleggelse må oppgis", "tidspunkt for innlegging må oppgjevast")
		}
		if !s.Discharged.IsZero() && s.Discharged.Before(s.Admitted) {
			return bad(fmt.Sprintf("stays[%d].discharged", i), "discharge before admission", "utskriving før innleggelse", "utskriving før innlegging")
		}
	}
	for i, m := range f.Members {
		if !m.Role.Valid() || !m.Sector.Valid() {
			return bad(fmt.Sprintf("members[%d]", i), "unknown role or sector", "ukjent rolle eller sektor", "ukjend rolle eller sektor")
		}
		if m.Joined.IsZero() || !m.Left.IsZero() && m.Left.Before(m.Joined) {
			return bad(fmt.Sprintf("members[%d].left", i), "a member needs a join time before any leave time",
				"et medlem må ha et tidspunkt for inntreden før eventuell uttreden", "eit medlem må ha eit tidspunkt for inntreding før eventuell uttreding")
		}
	}
	var prevEnd time.Time
	for i, ph := range f.Phases {
		f := func() string { return fmt.Sprintf("phases[%d]", i) }
		if ph.Colour != Green && ph.Colour != Yellow && ph.Colour != Red {
			return bad(f()+".colour", "unknown colour: "+string(ph.Colour)+" (use green, yellow or red)",
				"ukjent farge: "+string(ph.Colour)+" (bruk green, yellow eller red)",
				"ukjend farge: "+string(ph.Colour)+" (bruk green, yellow eller red)")
		}
		if ph.From.IsZero() || !ph.To.IsZero() && ph.To.Before(ph.From) {
			return bad(f(), "a phase needs a start before its end", "en fase må ha en start før slutten", "ein fase må ha ein start før slutten")
		}
		if i > 0 && (prevEnd.IsZero() || ph.From.Before(prevEnd)) {
			return bad(f(), "phases must be in time order and not overlap", "fasene må komme i tidsrekkefølge uten overlapp", "fasane må kome i tidsrekkjefølgje utan overlapp")
		}
		prevEnd = ph.To
	}
	for i, k := range f.CoordinatorCompetence {
		if !slices.Contains(allCompetences, k) {
			return bad(fmt.Sprintf("coordinatorCompetence[%d]", i), "unknown area of competence: "+string(k),
				"ukjent kompetanseområde: "+string(k), "ukjent kompetanseområde: "+string(k))
		}
	}
	if f.CoordinatorHoursPerMonth < 0 {
		return bad("coordinatorHoursPerMonth", "must not be negative", "kan ikke være negativ", "kan ikkje vere negativ")
	}
	for i, m := range f.Meetings {
		if m.Held.IsZero() || m.Attendees < 0 {
			return bad(fmt.Sprintf("meetings[%d]", i), "a meeting needs the time it was held and no negative count",
				"et møte må ha tidspunktet det ble holdt og ikke et negativt antall", "eit møte må ha tidspunktet det vart halde, og ikkje eit negativt tal")
		}
	}
	for i, d := range f.Decisions {
		if d.Made.IsZero() {
			return bad(fmt.Sprintf("decisions[%d].made", i), "the time of the decision is required", "tidspunktet for vedtaket må oppgis", "tidspunktet for vedtaket må oppgjevast")
		}
	}
	for i, d := range f.Deviations {
		if d.Opened.IsZero() || !d.Closed.IsZero() && d.Closed.Before(d.Opened) {
			return bad(fmt.Sprintf("deviations[%d]", i), "a deviation needs an opening time before any closing time",
				"et avvik må ha et tidspunkt for åpning før eventuell lukking", "eit avvik må ha eit tidspunkt for opning før eventuell lukking")
		}
	}
	for i, t := range f.Experience {
		fe := func() string { return fmt.Sprintf("experience[%d]", i) }
		if pf.survey.item(t.Item) < 0 {
			return bad(fe(), "unknown experience item: "+t.Item, "ukjent erfaringsspørsmål: "+t.Item, "ukjent erfaringsspørsmål: "+t.Item)
		}
		if slices.ContainsFunc(f.Experience[:i], func(o ItemTally) bool { return o.Item == t.Item }) {
			return bad(fe(), "experience item counted twice: "+t.Item, "erfaringsspørsmål telt to ganger: "+t.Item, "erfaringsspørsmål talt to gonger: "+t.Item)
		}
		if t.Positive < 0 || t.Positive > t.Respondents || t.Sum < ScaleMin*t.Respondents || t.Sum > ScaleMax*t.Respondents {
			return bad(fe(), "the counts do not fit a 1–5 scale", "tallene passer ikke med en skala fra 1 til 5", "tala passar ikkje med ein skala frå 1 til 5")
		}
	}
	return nil
}

// Report is the result of a measurement.
type Report struct {
	Period         Period
	Now            time.Time
	Communities    int // communities measured
	Skipped        int // communities in other municipalities
	MinRespondents int
	Indicators     []Indicator
}

// Indicator returns the indicator with code.
func (r Report) Indicator(code string) (Indicator, bool) {
	i := slices.IndexFunc(r.Indicators, func(in Indicator) bool { return in.Code == code })
	if i < 0 {
		return Indicator{}, false
	}
	return r.Indicators[i], true
}

// Report returns the indicators counted so far. It can be called at any
// time; it does not change the Portfolio.
func (pf *Portfolio) Report() Report {
	r := Report{Period: pf.period, Now: pf.now, Communities: pf.communities, Skipped: pf.skipped, MinRespondents: pf.min}
	for _, d := range Definitions(pf.survey) {
		in := Indicator{Definition: d, Period: pf.period}
		n, den := pf.figures(d.Code)
		in.Numerator, in.Denominator = n, den
		in.Defined = den > 0
		switch d.Unit {
		case Share, Mean, Rate:
			if in.Defined {
				in.Value = n / den
			}
		case Count:
			in.Value, in.Defined = n, true
		case Median:
			in.Value, in.Capped = pf.median()
		}
		if code, ok := strings.CutPrefix(d.Code, "experience."); ok {
			if t := pf.exp[pf.survey.item(code)]; t.Respondents < pf.min {
				in.Suppressed, in.Defined, in.Value, in.Numerator = true, false, 0, 0
			}
		}
		r.Indicators = append(r.Indicators, in)
	}
	return r
}

const secondsPerDay, daysPerYear = 86400, 365

func (pf *Portfolio) figures(code string) (num, den float64) {
	c := float64(pf.communities)
	switch code {
	case "mandatory-roles":
		return float64(pf.allMandatory), float64(pf.consenting)
	case "actors-per-community":
		return float64(pf.actors), c
	case "consent-to-plan-days":
		return 0, float64(pf.plans)
	case "evaluations-on-time":
		return float64(pf.evalOnTime), float64(pf.evalDue)
	case "annual-wheel-done":
		return float64(pf.wheelDone), float64(pf.wheelDue)
	case "meeting-before-elective-admission":
		return float64(pf.electiveMeet), float64(pf.elective)
	case "meeting-before-discharge":
		return float64(pf.dMeet), float64(pf.discharge)
	case "open-deviations":
		return float64(pf.openDev), c
	case "member-turnover":
		return float64(pf.leavers), float64(pf.memberSecs) / (secondsPerDay * daysPerYear)
	case "coordinator-competence":
		return float64(pf.competent), float64(pf.coordinators)
	case "coordinator-time":
		return float64(pf.timeSet), float64(pf.coordinators)
	case "meeting-participation":
		return float64(pf.attendees), float64(pf.meetings)
	case "user-involvement":
		return float64(pf.patientMeetings), float64(pf.meetings)
	case "shared-responsibility":
		return float64(pf.sharedDecisions), float64(pf.decisions)
	case "red-phase-time":
		return float64(pf.redSecs) / secondsPerDay, float64(pf.observedSecs) / secondsPerDay
	}
	if s, ok := strings.CutPrefix(code, "actors-per-sector."); ok {
		return float64(pf.sectorActors[sectorIndex(roles.Sector(s))]), c
	}
	if it, ok := strings.CutPrefix(code, "experience."); ok {
		t := pf.exp[pf.survey.item(it)]
		return float64(t.Positive), float64(t.Respondents)
	}
	return 0, 0
}

// median returns the median of the histogram: the mean of the two middle
// observations for an even count, as usual.
func (pf *Portfolio) median() (float64, bool) {
	if pf.plans == 0 {
		return 0, false
	}
	lo, hi := (pf.plans-1)/2, pf.plans/2
	var vlo, vhi, seen int
	found := 0
	for d, n := range pf.hist {
		if n == 0 {
			continue
		}
		if found == 0 && seen+n > lo {
			vlo, found = d, 1
		}
		if seen+n > hi {
			vhi = d
			break
		}
		seen += n
	}
	capped := vhi > MedianMaxDays
	return float64(vlo+vhi) / 2, capped
}

// Measure streams facts into a Portfolio and returns its report. It stops at
// the first error, from the source or from invalid Facts.
func Measure(facts iter.Seq2[Facts, error], p Period, now time.Time, opt Options) (Report, error) {
	pf, err := NewPortfolio(p, now, opt)
	if err != nil {
		return Report{}, err
	}
	for f, err := range facts {
		if err != nil {
			return Report{}, err
		}
		if err := pf.Add(f); err != nil {
			return Report{}, err
		}
	}
	return pf.Report(), nil
}

// Community measures one community: the same indicators, over one.
func Community(f Facts, p Period, now time.Time, opt Options) (Report, error) {
	pf, err := NewPortfolio(p, now, opt)
	if err != nil {
		return Report{}, err
	}
	if err := pf.Add(f); err != nil {
		return Report{}, err
	}
	return pf.Report(), nil
}
