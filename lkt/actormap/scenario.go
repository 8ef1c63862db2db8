package actormap

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ScenarioKind names the kind of change a scenario plays through (report
// 7.1.2: planned changes such as an operation or a school transition,
// unplanned ones such as acute worsening or the loss of key helpers).
type ScenarioKind string

// Kinds of scenario. The kind only labels the scenario; what changes is
// said by the Scenario's fields.
const (
	Departure        ScenarioKind = "departure"         // key helpers leave
	Admission        ScenarioKind = "admission"         // the patient is admitted to hospital
	Operation        ScenarioKind = "operation"         // a planned operation
	SchoolTransition ScenarioKind = "school-transition" // a change of school or kindergarten
	RedPhase         ScenarioKind = "red-phase"         // the acute phase of the phase model
	CustomScenario   ScenarioKind = "custom"
)

var scenarioKinds = map[ScenarioKind]roles.Labels{
	Departure:        {EN: "departure", NB: "bortfall av nøkkelpersoner", NN: "bortfall av nøkkelpersonar"},
	Admission:        {EN: "admission", NB: "innleggelse", NN: "innlegging"},
	Operation:        {EN: "operation", NB: "operasjon", NN: "operasjon"},
	SchoolTransition: {EN: "school transition", NB: "skoleovergang", NN: "skuleovergang"},
	RedPhase:         {EN: "red phase", NB: "rød fase", NN: "raud fase"},
	CustomScenario:   {EN: "scenario", NB: "scenario", NN: "scenario"},
}

// Scenario is a hypothetical change to the map, analysed without touching it.
type Scenario struct {
	Name string       `json:"name"`
	Kind ScenarioKind `json:"kind,omitempty"`
	// Situation, if set, is entered: its absent actors are away and its
	// placement is used for density and pictures.
	Situation string `json:"situation,omitempty"`
	// At, if set, is the day looked at: actors who have left or are leaving
	// by then, or are on leave, are away ("who quits within six months?").
	At *time.Time `json:"at,omitempty"`
	// Leave lists actors who leave.
	Leave []ActorID `json:"leave,omitempty"`
	// Join lists actors who join (the new school, the ward).
	Join []Actor `json:"join,omitempty"`
	// Ties are added; they may join actors in Join.
	Ties []Tie `json:"ties,omitempty"`
	// Holders reassigns mandatory roles (the new coordinator).
	Holders map[roles.Code]ActorID `json:"holders,omitempty"`
	// EstablishPlanned counts every planned tie as established.
	EstablishPlanned bool `json:"establishPlanned,omitempty"`
}

// AwayReason says why an actor is not available in a scenario.
type AwayReason string

// Reasons.
const (
	HasLeft      AwayReason = "left"         // had left already
	Leaves       AwayReason = "leaves"       // leaves in the scenario
	NotAvailable AwayReason = "unavailable"  // gone, leaving or on leave on the scenario's day
	NotInvolved  AwayReason = "not-involved" // absent from the scenario's situation
)

var awayLabels = map[AwayReason]roles.Labels{
	HasLeft:      {EN: "has left", NB: "har sluttet", NN: "har slutta"},
	Leaves:       {EN: "leaves", NB: "slutter", NN: "sluttar"},
	NotAvailable: {EN: "not available on the day", NB: "ikke tilgjengelig på dagen", NN: "ikkje tilgjengeleg på dagen"},
	NotInvolved:  {EN: "not involved in the situation", NB: "ikke med i situasjonen", NN: "ikkje med i situasjonen"},
}

// Away is an actor not available in a scenario.
type Away struct {
	Actor  Ref        `json:"actor"`
	Reason AwayReason `json:"reason"`
}

// FindingKind classifies what breaks.
type FindingKind string

// Kinds of finding, in the order an analysis lists them.
const (
	VacantRole     FindingKind = "vacant-role"             // a mandatory role without an available holder
	BrokenTie      FindingKind = "broken-tie"              // a tie whose end is gone
	SinglePoint    FindingKind = "single-point-of-failure" // a "lifebuoy": the only link to someone
	Unreached      FindingKind = "unreached"               // no path to the patient or relatives
	NoMandatoryTie FindingKind = "no-mandatory-tie"        // no tie to any holder of a mandatory role
)

var findingOrder = []FindingKind{VacantRole, BrokenTie, SinglePoint, Unreached, NoMandatoryTie}

var findingRanks = ranks(findingOrder)

// findingRank is slices.Index(findingOrder, k) without the scan.
func findingRank(k FindingKind) int { return rank(findingRanks, k) }

// Finding is one thing that breaks, or is fragile, on the map.
type Finding struct {
	Kind FindingKind `json:"kind"`
	// New marks, in a scenario, a finding the real map does not have.
	New   bool       `json:"new,omitempty"`
	Role  roles.Code `json:"role,omitempty"`  // vacant-role
	Actor *Ref       `json:"actor,omitempty"` // the lifebuoy, the unreached actor, the former holder
	Tie   *Tie       `json:"tie,omitempty"`   // broken-tie
	Ends  []Ref      `json:"ends,omitempty"`  // broken-tie
	Gone  *Ref       `json:"gone,omitempty"`  // broken-tie: the end that is gone
	// CutOff are those the patient and relatives lose contact with if Actor goes.
	CutOff []Ref `json:"cutOff,omitempty"`
	// Between are Actor's contacts who stay connected: Actor is the only line
	// between them and CutOff.
	Between []Ref `json:"between,omitempty"`
	// LostSectors are sectors the patient and relatives lose all contact with.
	LostSectors []roles.Sector `json:"lostSectors,omitempty"`
}

// Analysis is what a scenario (or the real map) shows.
type Analysis struct {
	Scenario string       `json:"scenario,omitempty"`
	Kind     ScenarioKind `json:"kind,omitempty"`
	Away     []Away       `json:"away,omitempty"`
	Density  Density      `json:"density"`
	Findings []Finding    `json:"findings"`
}

// state is a map with the actors who are away in a scenario.
type state struct {
	m    Map
	lk   *lookup // indexes m
	away map[ActorID]AwayReason
	sit  Situation
	si   *sitIndex // indexes sit
}

// enter sets the situation the state is looked at in.
func (st *state) enter(sit Situation) {
	st.sit, st.si = sit, indexSituation(sit)
}

func (st *state) present(id ActorID) bool {
	if id == PatientID {
		return true
	}
	_, gone := st.away[id]
	return !gone
}

func baseState(lk *lookup) *state {
	m := lk.m
	st := &state{m: m, lk: lk, away: map[ActorID]AwayReason{}}
	st.enter(Situation{})
	for _, a := range m.Actors {
		if a.Status == Left {
			st.away[a.ID] = HasLeft
		}
	}
	return st
}

// Risks analyses the real map: the standing list of vacant mandatory roles,
// ties to members who have left, lifebuoys, actors out of reach and actors
// with no tie to a mandatory role.
func (m Map) Risks() (Analysis, error) {
	lk := newLookup(m)
	if err := lk.validate(); err != nil {
		return Analysis{}, err
	}
	st := baseState(lk)
	d := lk.density("", st.si)
	return Analysis{Density: d, Findings: st.findings()}, nil
}

// Analyse plays scenario s on a copy of the map and reports what breaks.
// Findings the real map already has are listed too, without New.
func (m Map) Analyse(s Scenario) (Analysis, error) {
	a, _, err := newLookup(m).analyse(s)
	return a, err
}

// analyse is Analyse; it also returns the scenario's state.
func (lk *lookup) analyse(s Scenario) (Analysis, *state, error) {
	st, err := lk.apply(s)
	if err != nil {
		return Analysis{}, nil, err
	}
	kind := cmp.Or(s.Kind, CustomScenario)
	a := Analysis{Scenario: s.Name, Kind: kind, Findings: st.findings()}
	base := map[string]bool{}
	for _, f := range baseState(lk).findings() {
		base[f.key()] = true
	}
	for i := range a.Findings {
		a.Findings[i].New = !base[a.Findings[i].key()]
	}
	for _, ac := range st.m.Actors {
		if r, ok := st.away[ac.ID]; ok && r != HasLeft {
			a.Away = append(a.Away, Away{Actor: st.lk.ref(ac.ID), Reason: r})
		}
	}
	a.Density = st.density()
	return a, st, nil
}

func (st *state) density() Density {
	d := Density{Situation: st.sit.Name}
	for _, a := range st.m.Actors {
		if !st.present(a.ID) {
			continue
		}
		p := st.lk.proximity(st.si, a)
		d.Rings[p-1]++
		d.Total++
		if p <= Close {
			d.Close++
		}
	}
	return d
}

// apply validates s against the map and builds the scenario's state on copies.
func (lk *lookup) apply(s Scenario) (*state, error) {
	m := lk.m
	if err := lk.validate(); err != nil {
		return nil, err
	}
	if err := checkText("name", s.Name, 100, true); err != nil {
		return nil, err
	}
	if _, ok := scenarioKinds[s.Kind]; !ok && s.Kind != "" {
		return nil, invalid("kind", "unknown kind of scenario %q", "ukjent type scenario %q", "ukjend type scenario %q", s.Kind)
	}
	sit, err := m.lookupSituation(s.Situation, "situation")
	if err != nil {
		return nil, err
	}
	c := m
	c.Actors = slices.Clone(m.Actors)
	ids := map[ActorID]bool{}
	for _, a := range m.Actors {
		ids[a.ID] = true
	}
	for i, a := range s.Join {
		if err := validateActor(a, i); err != nil {
			e := err.(*Error)
			e.Field = "join" + strings.TrimPrefix(e.Field, "actors")
			return nil, e
		}
		if ids[a.ID] {
			return nil, invalid(at("join", i, "id"), "%q is already on the map", "%q er allerede i kartet", "%q er alt i kartet", a.ID)
		}
		ids[a.ID] = true
		c.Actors = append(c.Actors, a)
	}
	leave := make(map[ActorID]bool, len(s.Leave))
	for i, id := range s.Leave {
		if !lk.has(id) {
			return nil, invalid(at("leave", i, ""), "%q is not an actor on the map", "%q er ikke en aktør i kartet", "%q er ikkje ein aktør i kartet", id)
		}
		leave[id] = true
	}
	if err := validateTies("ties", s.Ties, func(id ActorID) bool { return id == PatientID || ids[id] }); err != nil {
		return nil, err
	}
	c.Ties = append(slices.Clone(m.Ties), s.Ties...)
	if s.EstablishPlanned {
		for i := range c.Ties {
			c.Ties[i].Planned = false
		}
	}
	c.Holders = make(map[roles.Code]ActorID, len(m.Holders)+len(s.Holders))
	for k, v := range m.Holders {
		c.Holders[k] = v
	}
	joined := func(id ActorID) (Actor, bool) { // c.Actor: the map's actors, then those who join
		if a, ok := lk.actor(id); ok {
			return a, true
		}
		for _, a := range s.Join {
			if a.ID == id {
				return a, true
			}
		}
		return Actor{}, false
	}
	for _, code := range sortedCodes(s.Holders) {
		f := "holders[" + string(code) + "]"
		id := s.Holders[code]
		a, ok := joined(id)
		if !code.Mandatory() || !ok {
			return nil, invalid(f, "%q cannot hold %q", "%q kan ikke ha %q", "%q kan ikkje ha %q", id, code)
		}
		if err := roles.Fits(code, roles.Holder{Role: a.Role, Sector: a.Sector}); err != nil {
			return nil, misfit(f, err)
		}
		c.Holders[code] = id
	}
	st := baseState(newLookup(c))
	st.enter(sit)
	for _, a := range c.Actors {
		if _, gone := st.away[a.ID]; gone {
			continue
		}
		switch {
		case leave[a.ID]:
			st.away[a.ID] = Leaves
		case s.At != nil && a.Status != "" && !a.IsActive(*s.At):
			st.away[a.ID] = NotAvailable
		case st.si.absent[a.ID]:
			st.away[a.ID] = NotInvolved
		}
	}
	return st, nil
}

// findings runs every check on the state.
func (st *state) findings() []Finding {
	m, lk := st.m, st.lk
	var out []Finding
	for _, c := range roles.MandatoryCodes() {
		h, ok := m.Holders[c]
		switch {
		case !ok:
			out = append(out, Finding{Kind: VacantRole, Role: c})
		case !st.present(h):
			r := lk.ref(h)
			out = append(out, Finding{Kind: VacantRole, Role: c, Actor: &r})
		}
	}
	for _, t := range m.Ties {
		gone := t.From
		if st.present(gone) {
			gone = t.To
		}
		if !st.present(gone) {
			t, g := t, lk.ref(gone)
			out = append(out, Finding{Kind: BrokenTie, Tie: &t, Ends: lk.ends(t), Gone: &g})
		}
	}
	g := newGraph(st)
	before := map[roles.Sector]int{}
	for i := 2; i < len(g.ids); i++ {
		if g.reached(i) && !g.family[i] {
			a, _ := lk.actor(g.ids[i])
			before[a.Sector]++
		}
	}
	for v := 2; v < len(g.ids); v++ {
		groups := g.cutOff(v)
		if len(groups) == 0 {
			continue
		}
		cut := map[int]bool{}
		f := Finding{Kind: SinglePoint}
		r := lk.ref(g.ids[v])
		f.Actor = &r
		lost := map[roles.Sector]int{}
		if !g.family[v] {
			lost[r.Sector]++
		}
		for _, grp := range groups {
			for _, n := range grp {
				cut[n] = true
				a, _ := lk.actor(g.ids[n])
				lost[a.Sector]++
			}
		}
		for _, n := range g.sorted(cut) {
			f.CutOff = append(f.CutOff, lk.ref(g.ids[n]))
		}
		stay := map[int]bool{}
		for _, w := range g.adj[v] {
			if w != 0 && !cut[w] {
				stay[w] = true
			}
		}
		for _, n := range g.sorted(stay) {
			f.Between = append(f.Between, lk.ref(g.ids[n]))
		}
		for _, s := range roles.Sectors() {
			if before[s] > 0 && lost[s] == before[s] {
				f.LostSectors = append(f.LostSectors, s)
			}
		}
		out = append(out, f)
	}
	for i := 2; i < len(g.ids); i++ {
		if !g.reached(i) {
			r := lk.ref(g.ids[i])
			out = append(out, Finding{Kind: Unreached, Actor: &r})
		}
	}
	holders := map[int]bool{}
	for _, h := range m.Holders {
		if i, ok := g.idx[h]; ok {
			holders[i] = true
		}
	}
	if len(holders) > 0 {
		for i := 1; i < len(g.ids); i++ {
			if holders[i] || slices.ContainsFunc(g.adj[i], func(w int) bool { return holders[w] }) {
				continue
			}
			r := lk.ref(g.ids[i])
			out = append(out, Finding{Kind: NoMandatoryTie, Actor: &r})
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Compare(findingRank(a.Kind), findingRank(b.Kind))
	})
	return out
}

// sorted returns the set's nodes in map order (node order follows the map).
func (g *graph) sorted(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// key identifies a finding across the real map and a scenario.
func (f Finding) key() string {
	k := string(f.Kind) + "|" + string(f.Role)
	if f.Actor != nil {
		k += "|" + string(f.Actor.ID)
	}
	if f.Tie != nil {
		p := f.Tie.pair()
		k += "|" + string(p.a) + "|" + string(p.b) + "|" + string(f.Tie.Channel)
	}
	return k
}

// Text says the finding as a coordinator would.
func (f Finding) Text(lang roles.Lang) string {
	switch f.Kind {
	case VacantRole:
		s := fmt.Sprintf(tr(lang, "The mandatory role %s is vacant", "Den obligatoriske rollen %s er ubesatt", "Den obligatoriske rolla %s er ubesett"), f.Role.Label(lang))
		if f.Actor != nil {
			s += fmt.Sprintf(tr(lang, ": %s is not available", ": %s er ikke tilgjengelig", ": %s er ikkje tilgjengeleg"), f.Actor.Name)
		}
		return s + "."
	case BrokenTie:
		planned := ""
		if f.Tie.Planned {
			planned = tr(lang, "planned ", "planlagte ", "planlagde ")
		}
		return capitalise(fmt.Sprintf(tr(lang, "the %sline between %s and %s (%s) loses its end: %s is gone.",
			"den %slinjen mellom %s og %s (%s) mister en ende: %s er borte.", "den %slinja mellom %s og %s (%s) mistar ein ende: %s er borte."),
			planned, f.Ends[0].Text(lang), f.Ends[1].Text(lang), tieText(lang, *f.Tie), f.Gone.Name))
	case SinglePoint:
		s := fmt.Sprintf(tr(lang, "%s is a single point of failure (a “lifebuoy”): the only line between %s on one side and %s on the other. Without %s, the patient and relatives lose contact with %s",
			"%s er et enkeltpunkt for svikt (en «livbøye»): eneste linje mellom %s på den ene siden og %s på den andre. Uten %s mister pasienten og de pårørende kontakten med %s", "%s er eit enkeltpunkt for svikt (ei «livbøye»): den einaste linja mellom %s på den eine sida og %s på den andre. Utan %s mistar pasienten og dei pårørande kontakten med %s"),
			f.Actor.Text(lang), refsText(lang, f.CutOff), refsText(lang, f.Between), f.Actor.Name, refsText(lang, f.CutOff))
		if len(f.LostSectors) > 0 {
			names := make([]string, len(f.LostSectors))
			for i, sec := range f.LostSectors {
				names[i] = sec.Label(lang)
			}
			s += tr(lang, ", and with ", ", og med ", ", og med ") + list(lang, names) + tr(lang, " altogether", " helt", " heilt")
		}
		return capitalise(s + ".")
	case Unreached:
		return capitalise(f.Actor.Text(lang) + tr(lang, " has no line, direct or through others, to the patient or relatives.",
			" har ingen linje, direkte eller gjennom andre, til pasienten eller de pårørende.", " har inga linje, direkte eller gjennom andre, til pasienten eller dei pårørande."))
	case NoMandatoryTie:
		return capitalise(f.Actor.Text(lang) + tr(lang, " has no line to anyone holding a mandatory role.",
			" har ingen linje til noen som har en obligatorisk rolle.", " har inga linje til nokon som har ei obligatorisk rolle."))
	}
	return string(f.Kind)
}

// Text gives the analysis as a short report: what changes, density, findings.
func (a Analysis) Text(lang roles.Lang) string {
	var b strings.Builder
	if a.Scenario == "" {
		b.WriteString(tr(lang, "Standing risks on the actor map:\n", "Løpende risikoer i aktørkartet:\n", "Løpande risikoar i aktørkartet:\n"))
	} else {
		fmt.Fprintf(&b, tr(lang, "Scenario “%s” (%s).\n", "Scenario «%s» (%s).\n", "Scenario «%s» (%s).\n"), a.Scenario, scenarioKinds[a.Kind].In(lang))
		if len(a.Away) > 0 {
			away := make([]string, len(a.Away))
			for i, w := range a.Away {
				away[i] = w.Actor.Text(lang) + ": " + awayLabels[w.Reason].In(lang)
			}
			fmt.Fprintf(&b, tr(lang, "Away: %s.\n", "Borte: %s.\n", "Borte: %s.\n"), strings.Join(away, "; "))
		}
	}
	b.WriteString(a.Density.Text(lang) + "\n")
	if len(a.Findings) == 0 {
		b.WriteString(tr(lang, "Nothing breaks.\n", "Ingenting ryker.\n", "Ingenting ryk.\n"))
	}
	var loose []Ref // actors without a tie to a mandatory role, said in one sentence
	for _, f := range a.Findings {
		if f.Kind == NoMandatoryTie && !(f.New && a.Scenario != "") {
			loose = append(loose, *f.Actor)
			continue
		}
		b.WriteString("- ")
		if f.New && a.Scenario != "" {
			b.WriteString(tr(lang, "NEW: ", "NYTT: ", "NYTT: "))
		}
		b.WriteString(f.Text(lang) + "\n")
	}
	if len(loose) == 1 {
		b.WriteString("- " + Finding{Kind: NoMandatoryTie, Actor: &loose[0]}.Text(lang) + "\n")
	} else if len(loose) > 1 {
		fmt.Fprintf(&b, tr(lang, "- No line to anyone holding a mandatory role: %s.\n", "- Ingen linje til noen som har en obligatorisk rolle: %s.\n", "- Inga linje til nokon som har ei obligatorisk rolle: %s.\n"), refsText(lang, loose))
	}
	return b.String()
}

func isRelative(a Actor) bool {
	r, ok := roles.Lookup(a.Role)
	return ok && r.Kind == roles.KindRelative
}
