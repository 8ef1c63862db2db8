package quality

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Group is one of the five groups of the Swedish model (Vårdanalys PM 2016:1)
// that the report uses to frame its target group (report 3.4, fig. 5).
type Group int

// The five groups, numbered as in the framework draft.
const (
	GroupComplexReduced Group = 1 // complex needs, limited capacity: the framework's target
	GroupAcute          Group = 2 // acutely ill, fast course (stroke, fall)
	GroupSimpleReduced  Group = 3 // mostly somatically healthy, limited capacity
	GroupComplexCapable Group = 4 // complex needs, good capacity
	GroupMostlyHealthy  Group = 5 // mostly healthy
	groupCount                = 5
	complexityThreshold       = 5 // A ≥ 5 of 9 is high complexity
	capacityThreshold         = 2 // B ≥ 2 of 9 is reduced capacity
)

var groupLabels = [groupCount + 1]roles.Labels{
	{},
	{EN: "Complex needs and limited capacity to coordinate them", NB: "Sammensatte behov og begrensede muligheter til å koordinere dem selv", NN: "Samansette behov og avgrensa moglegheiter til å koordinere dei sjølv"},
	{EN: "Acutely ill, fast course needing many actors", NB: "Akutt syk, raskt forløp som krever mange aktører", NN: "Akutt sjuk, raskt forløp som krev mange aktørar"},
	{EN: "Mostly somatically healthy with limited capacity to coordinate", NB: "I hovedsak somatisk frisk med begrensede muligheter til å koordinere selv", NN: "I hovudsak somatisk frisk med avgrensa moglegheiter til å koordinere sjølv"},
	{EN: "Complex needs but good capacity to take part in coordination", NB: "Sammensatte behov, men gode forutsetninger for å delta i koordineringen", NN: "Samansette behov, men gode føresetnader for å ta del i koordineringa"},
	{EN: "Mostly healthy", NB: "I hovedsak frisk", NN: "I hovudsak frisk"},
}

// Label returns the group's description in lang.
func (g Group) Label(lang roles.Lang) string {
	if g < 1 || g > groupCount {
		return strconv.Itoa(int(g))
	}
	return groupLabels[g].In(lang)
}

// Level grades a capacity factor. The zero value means not assessed, so a
// form left blank is visible in the result rather than read as "no problem".
type Level string

// Levels of a capacity factor.
const (
	NotAssessed Level = ""
	None        Level = "none"
	Moderate    Level = "moderate"
	Severe      Level = "severe"
)

var levelPoints = map[Level]int{NotAssessed: 0, None: 0, Moderate: 1, Severe: 2}

// valueLabels translates the coded values of Line.Value for Explain.
var valueLabels = map[string]roles.Labels{
	"not-assessed": {EN: "not assessed", NB: "ikke vurdert", NN: "ikkje vurdert"},
	"not-given":    {EN: "not given", NB: "ikke oppgitt", NN: "ikkje oppgitt"},
	"none":         {EN: "none", NB: "ingen", NN: "ingen"},
	"moderate":     {EN: "moderate", NB: "moderat", NN: "moderat"},
	"severe":       {EN: "severe", NB: "alvorlig", NN: "alvorleg"},
	"yes":          {EN: "yes", NB: "ja", NN: "ja"},
	"no":           {EN: "no", NB: "nei", NN: "nei"},
}

// Screening is what the professionals know about a patient, on the report's
// two dimensions (3.4): A, how complex the coordination is, and B, what
// reduces the person's capacity to take part in coordinating their own care.
type Screening struct {
	// A. Complexity of coordination.
	Competences   int            // persons with distinct competences that must be involved
	Professions   int            // distinct professions among them
	Organisations int            // distinct organisations (hospital, municipality, GP office, school …)
	Sectors       []roles.Sector // sectors and service levels involved; the private network is ignored

	// B. Capacity to take part in coordinating one's own care.
	Age          *int  // years; nil when not given (use Years)
	Cognition    Level // cognitive impairment
	MentalHealth Level // mental ill health
	Function     Level // reduced physical or functional ability
	Language     Level // lacking language or understanding of society

	// Acute marks a sudden, fast course (stroke, fall) in which many actors
	// must act quickly: group 2 when complexity is high.
	Acute bool
}

// Years returns a pointer to n, for Screening.Age.
func Years(n int) *int { return &n }

// Line is one input of a screening: what was given, the points it scored and
// what that did to the result, so a professional can see and dispute it.
type Line struct {
	Dimension string       // "A" complexity, "B" capacity, "course"
	Input     string       // stable code of the input, e.g. "professions"
	Label     roles.Labels // the input's name
	Value     string       // the value as given: a number, a Level, "yes"/"no", "not-assessed" or "not-given"
	Points    int          // points added to the dimension
	Effect    roles.Labels // how the points moved the result
}

// Assessment is the outcome of Screen.
type Assessment struct {
	Lines       []Line
	Complexity  int  // A: 0–9
	HighComplex bool // A ≥ 5
	Reduction   int  // B: 0–9, points for reduced capacity
	Reduced     bool // B ≥ 2
	Group       Group
	// Recommended is true for group 1 only; see the package doc for groups 2 and 3.
	Recommended bool
	// Borderline is set when A or B is one point from its threshold: the
	// report calls the boundaries fluid, so a professional should decide.
	Borderline bool
	// Incomplete is set when a capacity factor was not assessed.
	Incomplete bool
	Reasons    []roles.Labels
}

// Screen places a patient in one of the five groups and says whether the
// framework is recommended. Every input appears in Assessment.Lines.
func Screen(s Screening) (Assessment, error) {
	if err := s.validate(); err != nil {
		return Assessment{}, err
	}
	var r Assessment
	addA := func(input string, label roles.Labels, value string, pts int) {
		r.Complexity += pts
		r.Lines = append(r.Lines, Line{"A", input, label, value, pts, effect("complexity", "kompleksiteten", "kompleksiteten", pts)})
	}
	addA("competences", roles.Labels{EN: "Competences involved", NB: "Kompetanser involvert", NN: "Kompetansar involvert"},
		strconv.Itoa(s.Competences), band(s.Competences, 3, 6))
	addA("professions", roles.Labels{EN: "Professions involved", NB: "Profesjoner involvert", NN: "Profesjonar involvert"},
		strconv.Itoa(s.Professions), band(s.Professions, 2, 4))
	addA("organisations", roles.Labels{EN: "Organisations involved", NB: "Organisasjoner involvert", NN: "Organisasjonar involvert"},
		strconv.Itoa(s.Organisations), band(s.Organisations, 2, 4))
	sectors, crosses := distinctSectors(s.Sectors)
	addA("sectors", roles.Labels{EN: "Sectors and service levels", NB: "Sektorer og tjenestenivåer", NN: "Sektorar og tenestenivå"},
		strconv.Itoa(sectors), band(sectors, 2, 3))
	cross := 0
	if crosses {
		cross = 1
	}
	addA("across-levels", roles.Labels{EN: "Both specialist and municipal/GP services", NB: "Både spesialisthelsetjeneste og kommune/fastlege", NN: "Både spesialisthelseteneste og kommune/fastlege"},
		yesNo(crosses), cross)

	addB := func(input string, label roles.Labels, value string, pts int) {
		r.Reduction += pts
		r.Lines = append(r.Lines, Line{"B", input, label, value, pts, effect("reduced capacity", "redusert kapasitet", "redusert kapasitet", pts)})
	}
	ageLabel := roles.Labels{EN: "Age", NB: "Alder", NN: "Alder"}
	if s.Age == nil {
		r.Incomplete = true
		addB("age", ageLabel, "not-given", 0)
	} else {
		pts := 0
		if *s.Age < 16 || *s.Age >= 67 {
			pts = 1
		}
		addB("age", ageLabel, strconv.Itoa(*s.Age), pts)
	}
	for _, f := range []struct {
		code  string
		label roles.Labels
		level Level
	}{
		{"cognition", roles.Labels{EN: "Cognitive impairment", NB: "Kognitiv svikt", NN: "Kognitiv svikt"}, s.Cognition},
		{"mental-health", roles.Labels{EN: "Mental ill health", NB: "Psykisk uhelse", NN: "Psykisk uhelse"}, s.MentalHealth},
		{"function", roles.Labels{EN: "Reduced function", NB: "Nedsatt funksjonsevne", NN: "Nedsett funksjonsevne"}, s.Function},
		{"language", roles.Labels{EN: "Lacking language or understanding of society", NB: "Manglende språk og samfunnsforståelse", NN: "Manglande språk og samfunnsforståing"}, s.Language},
	} {
		if f.level == NotAssessed {
			r.Incomplete = true
		}
		v := string(f.level)
		if f.level == NotAssessed {
			v = "not-assessed"
		}
		addB(f.code, f.label, v, levelPoints[f.level])
	}

	r.HighComplex = r.Complexity >= complexityThreshold
	r.Reduced = r.Reduction >= capacityThreshold
	courseEffect := roles.Labels{EN: "no effect", NB: "ingen effekt", NN: "ingen effekt"}
	switch {
	case s.Acute && r.HighComplex:
		r.Group = GroupAcute
		courseEffect = roles.Labels{EN: "places the patient in group 2", NB: "plasserer pasienten i gruppe 2", NN: "plasserer pasienten i gruppe 2"}
	case r.HighComplex && r.Reduced:
		r.Group = GroupComplexReduced
	case r.HighComplex:
		r.Group = GroupComplexCapable
	case r.Reduced:
		r.Group = GroupSimpleReduced
	default:
		r.Group = GroupMostlyHealthy
	}
	if s.Acute && !r.HighComplex {
		courseEffect = roles.Labels{EN: "no effect: complexity is not high", NB: "ingen effekt: kompleksiteten er ikke høy", NN: "ingen effekt: kompleksiteten er ikkje høg"}
	}
	r.Lines = append(r.Lines, Line{"course", "acute", roles.Labels{EN: "Acute, fast course", NB: "Akutt, raskt forløp", NN: "Akutt, raskt forløp"},
		yesNo(s.Acute), 0, courseEffect})

	r.Recommended = r.Group == GroupComplexReduced
	r.Borderline = abs(r.Complexity-complexityThreshold) <= 1 || abs(r.Reduction-capacityThreshold) <= 1
	r.Reasons = reasons(r)
	return r, nil
}

func (s Screening) validate() error {
	for _, c := range []struct {
		field string
		n     int
	}{{"competences", s.Competences}, {"professions", s.Professions}, {"organisations", s.Organisations}} {
		if c.n < 0 {
			return invalid(c.field, "must not be negative", "kan ikke være negativ", "kan ikkje vere negativ")
		}
	}
	for i, sec := range s.Sectors {
		if !sec.Valid() {
			return invalid(fmt.Sprintf("sectors[%d]", i), "unknown sector: "+string(sec), "ukjent sektor: "+string(sec), "ukjend sektor: "+string(sec))
		}
	}
	if s.Age != nil && (*s.Age < 0 || *s.Age > 130) {
		return invalid("age", "age must be between 0 and 130 years", "alder må være mellom 0 og 130 år", "alder må vere mellom 0 og 130 år")
	}
	for _, l := range []struct {
		field string
		level Level
	}{{"cognition", s.Cognition}, {"mentalHealth", s.MentalHealth}, {"function", s.Function}, {"language", s.Language}} {
		if _, ok := levelPoints[l.level]; !ok {
			return invalid(l.field, "unknown level: "+string(l.level)+" (use none, moderate or severe)",
				"ukjent nivå: "+string(l.level)+" (bruk none, moderate eller severe)",
				"ukjent nivå: "+string(l.level)+" (bruk none, moderate eller severe)")
		}
	}
	return nil
}

// band scores n as 0 below lo, 1 from lo, 2 from hi.
func band(n, lo, hi int) int {
	switch {
	case n >= hi:
		return 2
	case n >= lo:
		return 1
	}
	return 0
}

// distinctSectors counts service sectors (the private network is the
// patient's own, not a service level) and whether the coordination crosses
// between specialist and municipal-level services, the boundary the
// framework's four mandatory roles span.
func distinctSectors(ss []roles.Sector) (int, bool) {
	var seen [8]bool
	n := 0
	for _, s := range ss {
		if s == roles.PrivateNetwork {
			continue
		}
		for i, known := range allSectors {
			if s == known && !seen[i] {
				seen[i] = true
				n++
			}
		}
	}
	has := func(s roles.Sector) bool {
		for i, known := range allSectors {
			if known == s {
				return seen[i]
			}
		}
		return false
	}
	return n, has(roles.SpecialistHealth) && (has(roles.MunicipalHealth) || has(roles.GeneralPractice))
}

func effect(en, nb, nn string, pts int) roles.Labels {
	if pts == 0 {
		return roles.Labels{EN: "no effect", NB: "ingen effekt", NN: "ingen effekt"}
	}
	return roles.Labels{EN: fmt.Sprintf("raises %s by %d", en, pts), NB: fmt.Sprintf("øker %s med %d", nb, pts), NN: fmt.Sprintf("aukar %s med %d", nn, pts)}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func reasons(r Assessment) []roles.Labels {
	var out []roles.Labels
	if r.HighComplex {
		out = append(out, roles.Labels{
			EN: fmt.Sprintf("complexity %d of 9 is high (threshold %d)", r.Complexity, complexityThreshold),
			NB: fmt.Sprintf("kompleksitet %d av 9 er høy (terskel %d)", r.Complexity, complexityThreshold),
			NN: fmt.Sprintf("kompleksitet %d av 9 er høg (terskel %d)", r.Complexity, complexityThreshold)})
	} else {
		out = append(out, roles.Labels{
			EN: fmt.Sprintf("complexity %d of 9 is below the threshold %d", r.Complexity, complexityThreshold),
			NB: fmt.Sprintf("kompleksitet %d av 9 er under terskelen %d", r.Complexity, complexityThreshold),
			NN: fmt.Sprintf("kompleksitet %d av 9 er under terskelen %d", r.Complexity, complexityThreshold)})
	}
	if r.Reduced {
		out = append(out, roles.Labels{
			EN: fmt.Sprintf("capacity is reduced: %d of 9 points (threshold %d)", r.Reduction, capacityThreshold),
			NB: fmt.Sprintf("kapasiteten er redusert: %d av 9 poeng (terskel %d)", r.Reduction, capacityThreshold),
			NN: fmt.Sprintf("kapasiteten er redusert: %d av 9 poeng (terskel %d)", r.Reduction, capacityThreshold)})
	} else {
		out = append(out, roles.Labels{
			EN: fmt.Sprintf("capacity is good: %d of 9 points (threshold %d)", r.Reduction, capacityThreshold),
			NB: fmt.Sprintf("kapasiteten er god: %d av 9 poeng (terskel %d)", r.Reduction, capacityThreshold),
			NN: fmt.Sprintf("kapasiteten er god: %d av 9 poeng (terskel %d)", r.Reduction, capacityThreshold)})
	}
	switch r.Group {
	case GroupComplexReduced:
		out = append(out, roles.Labels{EN: "group 1 is the framework's target group: recommended",
			NB: "gruppe 1 er rammeverkets målgruppe: anbefales", NN: "gruppe 1 er målgruppa for rammeverket: tilrådd"})
	case GroupAcute:
		out = append(out, roles.Labels{EN: "group 2: the need is acute; screen again when the course has settled, and recommend the framework if complex needs remain",
			NB: "gruppe 2: behovet er akutt; vurder på nytt når forløpet har roet seg, og anbefal rammeverket om sammensatte behov består", NN: "gruppe 2: behovet er akutt; vurder på nytt når forløpet har roa seg, og tilrå rammeverket om samansette behov varer ved"})
	case GroupSimpleReduced:
		out = append(out, roles.Labels{EN: "group 3: capacity is limited but coordination is not complex; the individual plan and a coordinator may be enough",
			NB: "gruppe 3: kapasiteten er begrenset, men samordningen er ikke kompleks; individuell plan og koordinator kan være nok", NN: "gruppe 3: kapasiteten er avgrensa, men samordninga er ikkje kompleks; individuell plan og koordinator kan vere nok"})
	default:
		out = append(out, roles.Labels{EN: fmt.Sprintf("group %d: not the framework's target group", r.Group),
			NB: fmt.Sprintf("gruppe %d: ikke rammeverkets målgruppe", r.Group),
			NN: fmt.Sprintf("gruppe %d: ikkje målgruppa for rammeverket", r.Group)})
	}
	if r.Borderline {
		out = append(out, roles.Labels{EN: "close to a threshold: the boundaries are fluid (report 3.4), so the actors decide together",
			NB: "nær en terskel: grenseoppgangene er flytende (rapporten 3.4), så aktørene avgjør i fellesskap", NN: "nær ein terskel: grenseoppgangane er flytande (rapporten 3.4), så aktørane avgjer i fellesskap"})
	}
	if r.Incomplete {
		out = append(out, roles.Labels{EN: "some capacity factors were not assessed and counted as 0",
			NB: "noen kapasitetsfaktorer er ikke vurdert og telt som 0", NN: "nokre kapasitetsfaktorar er ikkje vurderte og er talde som 0"})
	}
	return out
}

// Explain renders the result as plain text in lang: every input with its
// points and effect, then the group, the recommendation and the reasons.
func (r Assessment) Explain(lang roles.Lang) string {
	var b strings.Builder
	for _, l := range r.Lines {
		v := l.Value
		if lv, ok := valueLabels[v]; ok {
			v = lv.In(lang)
		}
		fmt.Fprintf(&b, "%-6s %-46s %-12s %+d  %s\n", l.Dimension, l.Label.In(lang), v, l.Points, l.Effect.In(lang))
	}
	rec := roles.Labels{EN: "not recommended", NB: "anbefales ikke", NN: "er ikkje tilrådd"}
	if r.Recommended {
		rec = roles.Labels{EN: "recommended", NB: "anbefales", NN: "er tilrådd"}
	}
	fmt.Fprintf(&b, "%s %d: %s — %s\n", roles.Labels{EN: "Group", NB: "Gruppe", NN: "Gruppe"}.In(lang), r.Group, r.Group.Label(lang),
		roles.Labels{EN: "framework ", NB: "rammeverket ", NN: "rammeverket "}.In(lang)+rec.In(lang))
	for _, why := range r.Reasons {
		fmt.Fprintf(&b, "- %s\n", why.In(lang))
	}
	return b.String()
}
