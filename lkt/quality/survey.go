package quality

import (
	"fmt"
	"slices"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Scale is the five-point agreement scale every survey here uses:
// 1 strongly disagree … 5 strongly agree. An item left out of a response is
// "not answered"; there is no 0.
const (
	ScaleMin = 1
	ScaleMax = 5
	// Positive is the lowest answer counted as agreement in shares.
	Positive = 4
)

// DefaultMinRespondents is the smallest number of respondents behind a
// figure that is shown; below it the figure is suppressed.
const DefaultMinRespondents = 3

// Item is one statement of a survey.
type Item struct {
	Code      string       // stable, e.g. "safety"
	Construct string       // the group the item belongs to (an NPT construct), or ""
	Name      roles.Labels // short name for tables; the code if empty
	Text      roles.Labels // the statement shown to the respondent
}

// Survey is a configurable questionnaire: the integrator can replace item
// texts (WithText) or build its own item list.
type Survey struct {
	Code  string
	Name  roles.Labels
	Items []Item
	// Kinds lists who may answer, by roles.Kind of the respondent's role.
	Kinds []roles.Kind
}

// Validate checks that the survey has items with unique codes and texts.
func (s Survey) Validate() error {
	if len(s.Items) == 0 {
		return invalid("items", "a survey needs at least one item", "en undersøkelse må ha minst ett spørsmål", "ei undersøking må ha minst eitt spørsmål")
	}
	if len(s.Kinds) == 0 {
		return invalid("kinds", "a survey must say who may answer", "en undersøkelse må si hvem som kan svare", "ei undersøking må seie kven som kan svare")
	}
	for i, it := range s.Items {
		f := fmt.Sprintf("items[%d]", i)
		if it.Code == "" || it.Text.EN == "" && it.Text.NB == "" {
			return invalid(f, "an item needs a code and a text", "et spørsmål må ha kode og tekst", "eit spørsmål må ha kode og tekst")
		}
		if s.item(it.Code) != i {
			return invalid(f, "duplicate item code: "+it.Code, "dobbel spørsmålskode: "+it.Code, "dobbel spørsmålskode: "+it.Code)
		}
	}
	return nil
}

// WithText returns a copy of the survey with the text of item code replaced,
// e.g. by a licensed or locally agreed wording.
func (s Survey) WithText(code string, text roles.Labels) (Survey, error) {
	i := s.item(code)
	if i < 0 {
		return s, invalid("item", "unknown item: "+code, "ukjent spørsmål: "+code, "ukjent spørsmål: "+code)
	}
	s.Items = slices.Clone(s.Items)
	s.Items[i].Text = text
	return s, nil
}

func (s Survey) item(code string) int {
	return slices.IndexFunc(s.Items, func(it Item) bool { return it.Code == code })
}

// DefaultExperienceSurvey is the short patient- and relative-reported
// experience survey behind the result indicators. The items were written for
// this project from the report's result measures (8.3: "trygghet",
// "avlastning", continuity of relations) and the fieldwork's findings (6: the
// patient who asked for agreements in writing).
func DefaultExperienceSurvey() Survey {
	return Survey{
		Code:  "experience",
		Name:  roles.Labels{EN: "Patient and relative experience", NB: "Pasient- og pårørendeerfaring", NN: "Pasient- og pårørandeerfaring"},
		Kinds: []roles.Kind{roles.KindPatient, roles.KindRelative},
		Items: []Item{
			{Code: "safety", Name: roles.Labels{EN: "Feels safe", NB: "Trygghet", NN: "Tryggleik"}, Text: roles.Labels{
				EN: "I feel safe that help will come when I need it, also when things change.",
				NB: "Jeg er trygg på at hjelpen kommer når jeg trenger den, også når ting endrer seg.", NN: "Eg er trygg på at hjelpa kjem når eg treng ho, også når ting endrar seg."}},
			{Code: "known", Name: roles.Labels{EN: "Known by the helpers", NB: "Blir kjent", NN: "Blir kjend"}, Text: roles.Labels{
				EN: "The people who help me know me and my situation.",
				NB: "De som hjelper meg, kjenner meg og situasjonen min.", NN: "Dei som hjelper meg, kjenner meg og situasjonen min."}},
			{Code: "contact", Name: roles.Labels{EN: "Knows whom to contact", NB: "Vet hvem som kan kontaktes", NN: "Veit kven som kan kontaktast"}, Text: roles.Labels{
				EN: "I know whom to contact when I need help or have questions.",
				NB: "Jeg vet hvem jeg skal kontakte når jeg trenger hjelp eller har spørsmål.", NN: "Eg veit kven eg skal kontakte når eg treng hjelp eller har spørsmål."}},
			{Code: "plan-in-writing", Name: roles.Labels{EN: "Has the plan in writing", NB: "Har planen skriftlig", NN: "Har planen skriftleg"}, Text: roles.Labels{
				EN: "I have what was agreed about my help in writing.",
				NB: "Jeg har det som er avtalt om hjelpen min, skriftlig.", NN: "Eg har det som er avtalt om hjelpa mi, skriftleg."}},
			{Code: "relief", Name: roles.Labels{EN: "Relieved of coordinating", NB: "Avlastet for koordinering", NN: "Avlasta for koordinering"}, Text: roles.Labels{
				EN: "I and my family no longer have to coordinate the help ourselves.",
				NB: "Jeg og familien min må ikke lenger koordinere hjelpen selv.", NN: "Eg og familien min må ikkje lenger koordinere hjelpa sjølve."}},
		},
	}
}

// Response is one respondent's answers to a survey.
type Response struct {
	Community  string         // the actor community the answers are about
	Respondent string         // the respondent's id; one response per respondent and community
	Role       roles.Code     // the respondent's role
	Answers    map[string]int // item code → 1–5; items left out are not answered
}

// tally counts answers to one item or construct.
type tally struct {
	respondents, positive, sum int
}

// Collector gathers the responses to one survey. It keeps counts, not
// responses, plus the respondent ids needed to refuse duplicates.
type Collector struct {
	survey     Survey
	min        int
	seen       map[[2]string]struct{}
	items      []tally
	constructs []tally
	names      []string // construct codes in first-seen item order
}

// NewCollector returns a collector for s that suppresses figures with fewer
// than minRespondents respondents (0 means DefaultMinRespondents).
func NewCollector(s Survey, minRespondents int) (*Collector, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if minRespondents < 0 {
		return nil, invalid("minRespondents", "must not be negative", "kan ikke være negativ", "kan ikkje vere negativ")
	}
	if minRespondents == 0 {
		minRespondents = DefaultMinRespondents
	}
	c := &Collector{survey: s, min: minRespondents, seen: map[[2]string]struct{}{}, items: make([]tally, len(s.Items))}
	for _, it := range s.Items {
		if it.Construct != "" && !slices.Contains(c.names, it.Construct) {
			c.names = append(c.names, it.Construct)
		}
	}
	c.constructs = make([]tally, len(c.names))
	return c, nil
}

// Submit records one response. consentActive is whether the community the
// response is about has active consent. On any error nothing is recorded.
func (c *Collector) Submit(consentActive bool, r Response) error {
	if !consentActive {
		return errNoConsent()
	}
	if r.Community == "" || r.Respondent == "" {
		return invalid("respondent", "community and respondent id are required", "aktørfellesskap og respondent-id må oppgis", "aktørfellesskap og respondent-id må oppgjevast")
	}
	role, ok := roles.Lookup(r.Role)
	if !ok {
		return invalid("role", "unknown role: "+string(r.Role), "ukjent rolle: "+string(r.Role), "ukjend rolle: "+string(r.Role))
	}
	if !slices.Contains(c.survey.Kinds, role.Kind) {
		return invalid("role", "this survey is not for the role "+role.Label(roles.English),
			"denne undersøkelsen er ikke for rollen "+role.Label(roles.Bokmal),
			"denne undersøkinga er ikkje for rolla "+role.Label(roles.Nynorsk))
	}
	if len(r.Answers) == 0 {
		return invalid("answers", "the response has no answers", "svaret har ingen svar", "svaret har ingen svar")
	}
	for code, v := range r.Answers {
		if c.survey.item(code) < 0 {
			return invalid("answers."+code, "unknown item: "+code, "ukjent spørsmål: "+code, "ukjent spørsmål: "+code)
		}
		if v < ScaleMin || v > ScaleMax {
			return invalid("answers."+code, fmt.Sprintf("answer %d is outside the scale 1–5", v),
				fmt.Sprintf("svaret %d er utenfor skalaen 1–5", v),
				fmt.Sprintf("svaret %d er utanfor skalaen 1–5", v))
		}
	}
	key := [2]string{r.Community, r.Respondent}
	if _, dup := c.seen[key]; dup {
		return errDuplicate("respondent", r.Respondent)
	}
	// Valid: record. Iterate items in survey order so the result does not
	// depend on map order.
	c.seen[key] = struct{}{}
	answered := make([]bool, len(c.names))
	for i, it := range c.survey.Items {
		v, ok := r.Answers[it.Code]
		if !ok {
			continue
		}
		c.items[i].add(v)
		if it.Construct != "" {
			j := slices.Index(c.names, it.Construct)
			c.constructs[j].sum += v
			c.constructs[j].positive += boolInt(v >= Positive)
			if !answered[j] {
				answered[j] = true
				c.constructs[j].respondents++
			}
		}
	}
	return nil
}

func (t *tally) add(v int) {
	t.respondents++
	t.sum += v
	t.positive += boolInt(v >= Positive)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Respondents returns how many responses were recorded.
func (c *Collector) Respondents() int { return len(c.seen) }

// Figure is one survey figure with the number of respondents behind it.
// A suppressed figure has Mean and Share zero.
type Figure struct {
	Respondents int     // respondents behind the figure
	Answers     int     // answers behind it (≥ Respondents for constructs)
	Mean        float64 // mean answer, 1–5
	Share       float64 // share of answers that agree (4 or 5)
	Suppressed  bool    // fewer respondents than the minimum
}

// ItemResult is the figure for one item.
type ItemResult struct {
	Item Item
	Figure
}

// ConstructResult is the figure for one construct, over all its items.
type ConstructResult struct {
	Construct string
	Figure
}

// Results are a collector's figures, in survey order.
type Results struct {
	MinRespondents int
	Respondents    int
	Items          []ItemResult
	Constructs     []ConstructResult
}

// Results returns the figures with suppression applied.
func (c *Collector) Results() Results {
	res := Results{MinRespondents: c.min, Respondents: len(c.seen)}
	for i, it := range c.survey.Items {
		res.Items = append(res.Items, ItemResult{it, c.items[i].figure(c.items[i].respondents, c.min)})
	}
	for j, name := range c.names {
		t := c.constructs[j]
		answers := 0
		for i, it := range c.survey.Items {
			if it.Construct == name {
				answers += c.items[i].respondents
			}
		}
		res.Constructs = append(res.Constructs, ConstructResult{name, t.figure(answers, c.min)})
	}
	return res
}

func (t tally) figure(answers, min int) Figure {
	f := Figure{Respondents: t.respondents, Answers: answers}
	if t.respondents < min || answers == 0 {
		f.Suppressed = true
		return f
	}
	f.Mean = float64(t.sum) / float64(answers)
	f.Share = float64(t.positive) / float64(answers)
	return f
}

// ItemTally is the raw count for one item, unsuppressed: the form in which
// a community's survey answers enter Facts for the indicators, which apply
// suppression over the portfolio. Do not show it to users as it is.
type ItemTally struct {
	Item        string
	Respondents int // answers to the item (one per respondent)
	Positive    int // answers of 4 or 5
	Sum         int // sum of answers
}

// Tallies returns the raw counts per item, in survey order.
func (c *Collector) Tallies() []ItemTally {
	out := make([]ItemTally, len(c.items))
	for i, it := range c.survey.Items {
		out[i] = ItemTally{it.Code, c.items[i].respondents, c.items[i].positive, c.items[i].sum}
	}
	return out
}
