package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Context is what validating a plan needs to know about its community.
type Context struct {
	People Directory
	// Stories is how many revisions the patient's story (element A) has.
	Stories int
	// Holders maps each mandatory role to the member holding it.
	Holders map[roles.Code]MemberID
	// Now is the time of the change; evaluation dates must lie after it.
	Now time.Time
	// Kept are evaluation dates set in earlier revisions: they may stay in
	// a revision although they have passed.
	Kept []time.Time
	// Lifebuoys are the members the actor map shows as the only line
	// between the patient's side and someone (report 6.2.3: "Tone er
	// livbøyen min"); each needs a transition that Covers them.
	Lifebuoys []MemberID
	// Organisations are the organisations taking part that need a leader
	// in the plan: those of the active professional members, but the one
	// whose line manager anchored the coordinator's mandate.
	Organisations []string
}

// Section names a section of the plan, in the report's order.
type Section string

// The seven sections and the field prefix of each.
const (
	SectionPatient       Section = "sections.patient"
	SectionRoles         Section = "sections.roles"
	SectionCommunication Section = "sections.communication"
	SectionContingency   Section = "sections.contingency"
	SectionAnnualWheel   Section = "sections.annualWheel"
	SectionDocumentation Section = "sections.documentation"
	SectionEvaluation    Section = "sections.evaluation"
)

var sectionLabels = map[Section]roles.Labels{
	SectionPatient:       {EN: "1. The patient and the challenges in the shared zone", NB: "1. Pasienten og utfordringene i samsonen", NN: "1. Pasienten og utfordringane i samsona"},
	SectionRoles:         {EN: "2. Roles and clarifications", NB: "2. Roller og rolleavklaringer", NN: "2. Roller og rolleavklaringar"},
	SectionCommunication: {EN: "3. Communication lines and information sharing", NB: "3. Kommunikasjonslinjer og informasjonsdeling", NN: "3. Kommunikasjonslinjer og informasjonsdeling"},
	SectionContingency:   {EN: "4. Transitions and contingency", NB: "4. Overganger og beredskap", NN: "4. Overgangar og beredskap"},
	SectionAnnualWheel:   {EN: "5. Annual wheel", NB: "5. Årshjul", NN: "5. Årshjul"},
	SectionDocumentation: {EN: "6. Documentation", NB: "6. Dokumentasjon", NN: "6. Dokumentasjon"},
	SectionEvaluation:    {EN: "7. Evaluation of the plan", NB: "7. Evaluering av planen", NN: "7. Evaluering av planen"},
}

// Label names the section in lang.
func (s Section) Label(lang roles.Lang) string { return sectionLabels[s].In(lang) }

// sectionOf returns the label of the section a field belongs to.
func sectionOf(field string) roles.Labels {
	for s, l := range sectionLabels {
		if field == string(s) || strings.HasPrefix(field, string(s)+".") {
			return l
		}
	}
	return roles.Labels{EN: "Plan for collaboration", NB: "Plan for samarbeid", NN: "Plan for samarbeid"}
}

// Validate checks what a draft holds: every entry present must be whole and
// every person it names must be the patient or a member. A draft may still
// be incomplete (see Gaps). The error is an *Error with code invalid naming
// the section and field.
func Validate(p Plan, cx Context) error {
	for _, check := range []func(Plan, Context) error{
		validatePatient, validateRoles, validateCommunication, validateContingency,
		validateWheel, validateDocumentation, validateEvaluation, validatePeople,
	} {
		if err := check(p, cx); err != nil {
			return err
		}
	}
	return nil
}

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required", "må fylles ut", "må fyllast ut")
	}
	return nil
}

func nonEmpty(field string, vs []string) error {
	for i, v := range vs {
		if err := required(at(field, i, ""), v); err != nil {
			return err
		}
	}
	return nil
}

func validatePatient(p Plan, cx Context) error {
	s := p.Sections.Patient
	if s.StoryRevision < 0 || s.StoryRevision > cx.Stories {
		return invalid(string(SectionPatient)+".storyRevision", "there is no revision %d of the patient's story (element A)",
			"pasientens fortelling (element A) har ingen versjon %d", "forteljinga til pasienten (element A) har ingen versjon %d", s.StoryRevision)
	}
	return nonEmpty(string(SectionPatient)+".challenges", s.Challenges)
}

func validateRoles(p Plan, _ Context) error {
	s := p.Sections.Roles
	f := string(SectionRoles)
	for i, r := range s.Responsibilities {
		if err := required(at(f+".responsibilities", i, "task"), r.Task); err != nil {
			return err
		}
	}
	for i, n := range s.Missing {
		if err := required(at(f+".missing", i, "need"), n.Need); err != nil {
			return err
		}
	}
	for i, n := range s.NotNeeded {
		if n.Need == "" && n.Member == "" {
			return invalid(at(f+".notNeeded", i, "need"), "name the role, function or member no longer needed",
				"oppgi rollen, funksjonen eller medlemmet det ikke lenger er behov for",
				"oppgi rolla, funksjonen eller medlemmet det ikkje lenger er behov for")
		}
	}
	return nil
}

func validateCommunication(p Plan, _ Context) error {
	for i, l := range p.Sections.Communication.Lines {
		f := at(string(SectionCommunication)+".lines", i, "")
		switch {
		case len(l.To) == 0:
			return invalid(f+".to", "say whom the line informs", "oppgi hvem linjen informerer", "oppgi kven lina informerer")
		case !l.Channel.Valid():
			return invalid(f+".channel", "must be one of: %s", "må være en av: %s", "må vere ein av: %s", channelList())
		}
		if err := required(f+".about", l.About); err != nil {
			return err
		}
		if err := required(f+".frequency", l.Frequency); err != nil {
			return err
		}
	}
	return nil
}

func channelList() string {
	var s []string
	for _, c := range Channels() {
		s = append(s, string(c))
	}
	return strings.Join(s, ", ")
}

func validateMeasures(field string, ms []Measure) error {
	for i, m := range ms {
		if err := required(at(field, i, "what"), m.What); err != nil {
			return err
		}
		if m.WithinDays < 0 || m.WithinDays > 365 {
			return invalid(at(field, i, "withinDays"), "must be between 0 and 365", "må være mellom 0 og 365", "må vere mellom 0 og 365")
		}
	}
	return nil
}

func validateContingency(p Plan, _ Context) error {
	s := p.Sections.Contingency
	for i, t := range s.Transitions {
		f := at(string(SectionContingency)+".transitions", i, "")
		switch {
		case !t.Kind.Valid():
			return invalid(f+".kind", "is not a known kind of change", "er ikke en kjent type endring", "er ikkje ein kjend type endring")
		case plannedKinds[t.Kind] && !t.Planned:
			return invalid(f+".planned", "a %s is a planned change", "en endring av typen %s er planlagt", "ei endring av typen %s er planlagd", t.Kind)
		case unplannedKinds[t.Kind] && t.Planned:
			return invalid(f+".planned", "a %s is an unplanned change", "en endring av typen %s er ikke planlagt", "ei endring av typen %s er ikkje planlagd", t.Kind)
		case t.When != nil && !t.Planned:
			return invalid(f+".when", "only a planned change has an expected date", "bare en planlagt endring har forventet dato", "berre ei planlagd endring har venta dato")
		case len(t.Measures) == 0:
			return invalid(f+".measures", "say who does what if it happens", "oppgi hvem som gjør hva hvis det skjer", "oppgi kven som gjer kva om det skjer")
		}
		if err := required(f+".what", t.What); err != nil {
			return err
		}
		if err := validateMeasures(f+".measures", t.Measures); err != nil {
			return err
		}
	}
	for _, ph := range PhaseOrder() {
		pp := s.Phases.Of(ph)
		f := string(SectionContingency) + ".phases." + string(ph)
		if len(pp.Signs) == 0 && len(pp.Measures) == 0 {
			continue // not written yet; Gaps reports it
		}
		if len(pp.Measures) == 0 {
			return invalid(f+".measures", "a phase with no measures: say who does what in the %[1]s phase",
				"en fase uten tiltak: oppgi hvem som gjør hva i %[2]s fase",
				"ein fase utan tiltak: oppgi kven som gjer kva i %[3]s fase", ph, phaseNB[ph], phaseNN[ph])
		}
		if len(pp.Signs) == 0 {
			return invalid(f+".signs", "say which signs mark the %[1]s phase", "oppgi hvilke tegn som kjennetegner %[2]s fase",
				"oppgi kva teikn som kjenneteiknar %[3]s fase", ph, phaseNB[ph], phaseNN[ph])
		}
		if err := nonEmpty(f+".signs", pp.Signs); err != nil {
			return err
		}
		if err := validateMeasures(f+".measures", pp.Measures); err != nil {
			return err
		}
	}
	return nil
}

var phaseNB = map[Phase]string{Green: "grønn", Yellow: "gul", Red: "rød"}

var phaseNN = map[Phase]string{Green: "grøn", Yellow: "gul", Red: "raud"}

func validateWheel(p Plan, _ Context) error {
	seen := map[string]bool{}
	for i, a := range p.Sections.AnnualWheel.Activities {
		f := at(string(SectionAnnualWheel)+".activities", i, "")
		if err := required(f+".id", a.ID); err != nil {
			return err
		}
		if strings.ContainsAny(a.ID, "@# \t\n/") {
			return invalid(f+".id", "may not contain spaces or the characters @ # /", "kan ikke inneholde mellomrom eller tegnene @ # /", "kan ikkje innehalde mellomrom eller teikna @ # /")
		}
		if seen[a.ID] {
			return invalid(f+".id", "%q is used by another activity", "%q brukes av en annen aktivitet", "%q blir brukt av ein annan aktivitet", a.ID)
		}
		seen[a.ID] = true
		if err := required(f+".title", a.Title); err != nil {
			return err
		}
		if err := a.Recurrence.validate(f + ".recurrence"); err != nil {
			return err
		}
	}
	return nil
}

func validateDocumentation(p Plan, _ Context) error {
	for i, d := range p.Sections.Documentation.Entries {
		f := at(string(SectionDocumentation)+".entries", i, "")
		if err := required(f+".what", d.What); err != nil {
			return err
		}
		if err := required(f+".where", d.Where); err != nil {
			return err
		}
	}
	return nil
}

func validateEvaluation(p Plan, cx Context) error {
	s := p.Sections.Evaluation
	f := string(SectionEvaluation)
	if err := nonEmpty(f+".what", s.What); err != nil {
		return err
	}
	kept := cx.Kept
	for i, d := range s.Dates {
		switch {
		case d.IsZero():
			return invalid(at(f+".dates", i, ""), "is required", "må fylles ut", "må fyllast ut")
		case i > 0 && !d.After(s.Dates[i-1]):
			return invalid(at(f+".dates", i, ""), "the evaluation dates must be in order, each after the one before",
				"evalueringsdatoene må stå i rekkefølge, hver etter den forrige",
				"evalueringsdatoane må stå i rekkjefølgje, kvar etter den førre")
		case !d.After(cx.Now) && !slices.ContainsFunc(kept, d.Equal):
			return invalid(at(f+".dates", i, ""), "lies in the past: an evaluation date must lie in the future when it is set",
				"ligger tilbake i tid: en evalueringsdato må ligge fram i tid når den settes",
				"ligg tilbake i tid: ein evalueringsdato må liggje fram i tid når han blir sett")
		}
	}
	return nil
}

// eachPerson calls yield for every person the plan names, with the field
// that names them, in section order.
func (p Plan) eachPerson(yield func(field string, id MemberID) bool) {
	s := p.Sections
	for i, r := range s.Roles.Responsibilities {
		if !yield(at(string(SectionRoles)+".responsibilities", i, "member"), r.Member) {
			return
		}
	}
	for i, n := range s.Roles.NotNeeded {
		if n.Member != "" && !yield(at(string(SectionRoles)+".notNeeded", i, "member"), n.Member) {
			return
		}
	}
	for i, l := range s.Communication.Lines {
		f := at(string(SectionCommunication)+".lines", i, "")
		if !yield(f+".from", l.From) {
			return
		}
		for j, to := range l.To {
			if !yield(at(f+".to", j, ""), to) {
				return
			}
		}
	}
	for i, t := range s.Contingency.Transitions {
		if t.Actor != "" && !yield(at(string(SectionContingency)+".transitions", i, "actor"), t.Actor) {
			return
		}
		for j, m := range t.Measures {
			if !yield(at(at(string(SectionContingency)+".transitions", i, "measures"), j, "responsible"), m.Responsible) {
				return
			}
		}
	}
	for _, ph := range PhaseOrder() {
		for j, m := range s.Contingency.Phases.Of(ph).Measures {
			if !yield(at(string(SectionContingency)+".phases."+string(ph)+".measures", j, "responsible"), m.Responsible) {
				return
			}
		}
	}
	for i, a := range s.AnnualWheel.Activities {
		if !yield(at(string(SectionAnnualWheel)+".activities", i, "responsible"), a.Responsible) {
			return
		}
	}
	for i, d := range s.Documentation.Entries {
		if !yield(at(string(SectionDocumentation)+".entries", i, "who"), d.Who) {
			return
		}
	}
	if s.Evaluation.Responsible != "" && !yield(string(SectionEvaluation)+".responsible", s.Evaluation.Responsible) {
		return
	}
	for i, id := range p.AlsoAccepting {
		if !yield(at("alsoAccepting", i, ""), id) {
			return
		}
	}
}

func validatePeople(p Plan, cx Context) error {
	var err error
	p.eachPerson(func(field string, id MemberID) bool {
		if strings.TrimSpace(string(id)) == "" {
			err = invalid(field, "is required: name the responsible member", "må fylles ut: oppgi det ansvarlige medlemmet", "må fyllast ut: oppgi det ansvarlege medlemmet")
			return false
		}
		per, ok := lookup(cx.People, id)
		if !ok || !per.Member {
			err = invalid(field, "%s is not a member of the community", "%s er ikke medlem av aktørfellesskapet", "%s er ikkje medlem av aktørfellesskapet", id)
			return false
		}
		if strings.HasPrefix(field, "alsoAccepting") && per.Role == roles.Patient {
			err = invalid(field, "the patient always accepts the plan", "pasienten godtar alltid planen", "pasienten godtek alltid planen")
			return false
		}
		return true
	})
	if err != nil {
		return err
	}
	seen := map[MemberID]bool{}
	for i, id := range p.AlsoAccepting {
		if seen[id] {
			return invalid(at("alsoAccepting", i, ""), "names %s twice", "nevner %s to ganger", "nemner %s to gonger", id)
		}
		seen[id] = true
	}
	return nil
}

func lookup(d Directory, id MemberID) (Person, bool) {
	if d == nil {
		return Person{}, false
	}
	return d.Person(id)
}

// Gap is a required part a plan still lacks before it can be agreed.
type Gap struct {
	Field   string       `json:"field"`
	Message roles.Labels `json:"message"`
}

// Gaps lists what the plan lacks before it can be agreed, section by
// section: each section's required parts, a responsibility for each
// mandatory-role holder, both planned and unplanned changes, signs and
// measures for every phase, the annual wheel's minimum package, and every
// responsible person an active member. Empty means complete.
func Gaps(p Plan, cx Context) []Gap {
	var out []Gap
	add := func(field, en, nb, nn string, args ...any) {
		out = append(out, Gap{field, labels(en, nb, nn, args)})
	}
	s := p.Sections
	f := string(SectionPatient)
	if s.Patient.StoryRevision == 0 {
		add(f+".storyRevision", "base the section on a revision of the patient's story (element A)",
			"bygg avsnittet på en versjon av pasientens fortelling (element A)", "byggj avsnittet på ein versjon av forteljinga til pasienten (element A)")
	}
	if strings.TrimSpace(s.Patient.WhoIs) == "" {
		add(f+".whoIs", "say who the patient is", "beskriv hvem pasienten er", "skriv kven pasienten er")
	}
	if len(s.Patient.Challenges) == 0 {
		add(f+".challenges", "name the challenges in the shared zone", "beskriv utfordringene i samsonen", "skriv utfordringane i samsona")
	}
	f = string(SectionRoles)
	if strings.TrimSpace(s.Roles.Mandate.ContactPoint) == "" {
		add(f+".mandate.contactPoint", "write the coordinator's first main task in your own words: the central contact point for the patient and relatives",
			"skriv koordinatorens første hovedoppgave med egne ord: det sentrale kontaktpunktet for pasienten og de pårørende", "skriv den første hovudoppgåva til koordinatoren med eigne ord: det sentrale kontaktpunktet for pasienten og dei pårørande")
	}
	if strings.TrimSpace(s.Roles.Mandate.Leading) == "" {
		add(f+".mandate.leading", "write the coordinator's second main task in your own words: leading the community's work",
			"skriv koordinatorens andre hovedoppgave med egne ord: å lede aktørfellesskapets arbeid", "skriv den andre hovudoppgåva til koordinatoren med eigne ord: å leie arbeidet i aktørfellesskapet")
	}
	for _, org := range cx.Organisations {
		if _, ok := s.Roles.LeaderFor(org); !ok {
			add(f+".leaders", "name the leader at %[1]s who knows and recognises the coordinator role and is a party to the plan",
				"oppgi lederen ved %[1]s som kjenner til og anerkjenner koordinatorrollen og er part i planen",
				"oppgi leiaren ved %[1]s som kjenner til og godkjenner koordinatorrolla og er part i planen", org)
		}
	}
	if len(s.Roles.Responsibilities) == 0 {
		add(f+".responsibilities", "say what each member is responsible for", "beskriv hva hvert medlem har ansvar for", "skriv kva kvart medlem har ansvar for")
	}
	for _, r := range roles.MandatoryCodes() {
		id, ok := cx.Holders[r]
		if !ok || slices.ContainsFunc(s.Roles.Responsibilities, func(x Responsibility) bool { return x.Member == id }) {
			continue
		}
		add(f+".responsibilities", "say what %[1]s (%[2]s) is responsible for", "beskriv hva %[1]s (%[3]s) har ansvar for", "skriv kva %[1]s (%[4]s) har ansvar for",
			nameOf(cx.People, id), r.Label(roles.English), r.Label(roles.Bokmal), r.Label(roles.Nynorsk))
	}
	if len(s.Communication.Lines) == 0 {
		add(string(SectionCommunication)+".lines", "say who informs whom, about what, through which channel and how often",
			"beskriv hvem som informerer hvem, om hva, gjennom hvilken kanal og hvor ofte", "skriv kven som informerer kven, om kva, gjennom kva kanal og kor ofte")
	}
	f = string(SectionContingency)
	if !slices.ContainsFunc(s.Contingency.Transitions, func(t Transition) bool { return t.Planned }) {
		add(f+".transitions", "plan for at least one planned change (an operation, a school change, the move to adult services, holidays)",
			"planlegg for minst én planlagt endring (operasjon, skolebytte, overgang til voksentjenester, ferie)", "planlegg for minst éi planlagd endring (operasjon, skulebyte, overgang til vaksentenester, ferie)")
	}
	if !slices.ContainsFunc(s.Contingency.Transitions, func(t Transition) bool { return !t.Planned }) {
		add(f+".transitions", "plan for at least one unplanned change (acute worsening, a key helper leaving, illness among the actors)",
			"planlegg for minst én uplanlagt endring (akutt forverring, en nøkkelperson slutter, sykdom blant aktørene)", "planlegg for minst éi uplanlagd endring (akutt forverring, ein nøkkelperson sluttar, sjukdom blant aktørane)")
	}
	for _, id := range cx.Lifebuoys {
		if !slices.ContainsFunc(s.Contingency.Transitions, func(t Transition) bool { return t.Covers(id) }) {
			add(f+".transitions", "%[1]s is a lifebuoy, the only line between the patient's side and others on the actor map: "+
				"plan who does what if %[1]s leaves or falls ill (a key helper leaving or illness among the actors, naming %[1]s)",
				"%[1]s er en livbøye, eneste linje mellom pasientens side og andre i aktørkartet: "+
					"planlegg hvem som gjør hva hvis %[1]s slutter eller blir syk (en nøkkelperson slutter eller sykdom blant aktørene, med %[1]s oppgitt)",
				"%[1]s er ei livbøye, den einaste lina mellom sida til pasienten og andre i aktørkartet: "+
					"planlegg kven som gjer kva om %[1]s sluttar eller blir sjuk (ein nøkkelperson sluttar eller sjukdom blant aktørane, med %[1]s oppgitt)",
				nameOf(cx.People, id))
		}
	}
	for _, ph := range PhaseOrder() {
		pp := s.Contingency.Phases.Of(ph)
		if len(pp.Signs) == 0 {
			add(f+".phases."+string(ph)+".signs", "say which signs mark the %[1]s phase", "beskriv tegnene på %[2]s fase", "skriv teikna på %[3]s fase", ph, phaseNB[ph], phaseNN[ph])
		}
		if len(pp.Measures) == 0 {
			add(f+".phases."+string(ph)+".measures", "say who does what in the %[1]s phase", "beskriv hvem som gjør hva i %[2]s fase", "skriv kven som gjer kva i %[3]s fase", ph, phaseNB[ph], phaseNN[ph])
		}
	}
	f = string(SectionAnnualWheel) + ".activities"
	acts := s.AnnualWheel.Activities
	if !slices.ContainsFunc(acts, func(a Activity) bool { return a.Recurrence.Calendar() }) {
		add(f, "the annual wheel needs at least one activity that recurs by the calendar (an evaluation meeting every six months, say)",
			"årshjulet trenger minst én aktivitet som gjentas etter kalenderen (for eksempel et evalueringsmøte hvert halvår)", "årshjulet treng minst éin aktivitet som blir gjenteken etter kalenderen (til dømes eit evalueringsmøte kvart halvår)")
	}
	for _, t := range MinimumPackage() {
		if !slices.ContainsFunc(acts, func(a Activity) bool { return a.Recurrence.On == t }) {
			add(f, "the minimum package lacks the collaboration meeting %[1]s", "minimumspakken mangler samarbeidsmøtet %[2]s", "minimumspakken manglar samarbeidsmøtet %[3]s",
				triggerLabels[t].EN, triggerLabels[t].NB, triggerLabels[t].NN)
		}
	}
	f = string(SectionDocumentation)
	if len(s.Documentation.Entries) == 0 {
		add(f+".entries", "say what is documented, by whom and where", "beskriv hva som dokumenteres, av hvem og hvor", "skriv kva som blir dokumentert, av kven og kvar")
	}
	if strings.TrimSpace(s.Documentation.Stories) == "" {
		add(f+".stories", "agree with the patient how their stories are kept, so that the records do not \"write the person down\"",
			"avtal med pasienten hvordan fortellingene tas vare på, så journalen ikke «skriver personen ned»", "avtal med pasienten korleis forteljingane blir tekne vare på, så journalen ikkje «skriv personen ned»")
	}
	f = string(SectionEvaluation)
	if len(s.Evaluation.What) == 0 {
		add(f+".what", "say what is evaluated", "beskriv hva som skal evalueres", "skriv kva som skal evaluerast")
	}
	if strings.TrimSpace(s.Evaluation.How) == "" {
		add(f+".how", "say how the plan is evaluated", "beskriv hvordan planen skal evalueres", "skriv korleis planen skal evaluerast")
	}
	if len(s.Evaluation.Dates) == 0 {
		add(f+".dates", "set at least one evaluation date", "sett minst én evalueringsdato", "set minst éin evalueringsdato")
	}
	if s.Evaluation.Responsible == "" {
		add(f+".responsible", "name who is responsible for the evaluation", "oppgi hvem som har ansvar for evalueringen", "oppgi kven som har ansvar for evalueringa")
	}
	p.eachPerson(func(field string, id MemberID) bool {
		if per, ok := lookup(cx.People, id); !ok || !per.Active {
			add(field, "%s is not an active member (on leave or left): name someone who takes part now",
				"%s er ikke et aktivt medlem (i permisjon eller sluttet): oppgi en som deltar nå", "%s er ikkje eit aktivt medlem (i permisjon eller slutta): oppgi ein som deltek no", nameOf(cx.People, id))
		}
		return true
	})
	return out
}

func nameOf(d Directory, id MemberID) string {
	if p, ok := lookup(d, id); ok && p.Name != "" {
		return p.Name
	}
	return string(id)
}

// Complete returns a precondition-failed *Error naming the first gap, or
// nil when the plan has none.
func Complete(p Plan, cx Context) error {
	gaps := Gaps(p, cx)
	if len(gaps) == 0 {
		return nil
	}
	g := gaps[0]
	msg := roles.Labels{EN: "the plan is not complete: " + g.Message.EN, NB: "planen er ikke komplett: " + g.Message.NB,
		NN: "planen er ikkje komplett: " + g.Message.NN}
	if n := len(gaps) - 1; n > 0 {
		msg.EN += fmt.Sprintf(" (and %d more)", n)
		msg.NB += fmt.Sprintf(" (og %d til)", n)
		msg.NN += fmt.Sprintf(" (og %d til)", n)
	}
	return planError(CodePreconditionFailed, g.Field, msg)
}

var triggerLabels = map[Trigger]roles.Labels{
	BeforeElectiveAdmission: {EN: "before every elective admission", NB: "før hver planlagt innleggelse", NN: "før kvar planlagd innlegging"},
	BeforeDischarge:         {EN: "before every discharge", NB: "før hver utskrivning", NN: "før kvar utskriving"},
	AfterDischarge:          {EN: "after every discharge", NB: "etter hver utskrivning", NN: "etter kvar utskriving"},
	OnYellow:                {EN: "when the patient moves to the yellow phase", NB: "når pasienten går over i gul fase", NN: "når pasienten går over i gul fase"},
	OnRed:                   {EN: "when the patient moves to the red phase", NB: "når pasienten går over i rød fase", NN: "når pasienten går over i raud fase"},
}

// Label describes the trigger in lang.
func (t Trigger) Label(lang roles.Lang) string { return triggerLabels[t].In(lang) }
