package quality

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Dimension is one of the seven dimensions of relational coordination
// (Gittell; report 4.4): four of communication, three of relationship.
type Dimension int

// The seven dimensions, in the order used by arrays indexed by Dimension.
const (
	Frequent Dimension = iota
	Timely
	Accurate
	ProblemSolving
	SharedGoals
	SharedKnowledge
	MutualRespect
	NumDimensions = 7
)

// Dimensions returns the seven dimensions in order.
func Dimensions() []Dimension {
	return []Dimension{Frequent, Timely, Accurate, ProblemSolving, SharedGoals, SharedKnowledge, MutualRespect}
}

type dimensionInfo struct {
	code        string
	name, about roles.Labels
}

// The descriptions are written for this project. They describe what each
// dimension is about; they are not the validated survey items, which are
// licensed by their owners and can be loaded with LoadRCTexts.
var dimensionInfos = [NumDimensions]dimensionInfo{
	{"frequent", roles.Labels{EN: "Frequent communication", NB: "Hyppig kommunikasjon", NN: "Hyppig kommunikasjon"},
		roles.Labels{EN: "Whether the two roles are in touch about the patient as often as the work needs.",
			NB: "Om de to rollene har kontakt om pasienten så ofte som arbeidet krever.", NN: "Om dei to rollene har kontakt om pasienten så ofte som arbeidet krev."}},
	{"timely", roles.Labels{EN: "Timely communication", NB: "Kommunikasjon til rett tid", NN: "Kommunikasjon til rett tid"},
		roles.Labels{EN: "Whether information reaches the other role while it can still be acted on.",
			NB: "Om informasjon når den andre rollen mens det fortsatt går an å handle på den.", NN: "Om informasjon når den andre rolla medan det framleis går an å handle på han."}},
	{"accurate", roles.Labels{EN: "Accurate communication", NB: "Presis kommunikasjon", NN: "Presis kommunikasjon"},
		roles.Labels{EN: "Whether what is passed on between the roles is correct and complete enough to rely on.",
			NB: "Om det som formidles mellom rollene, er riktig og fullstendig nok til å stole på.", NN: "Om det som blir formidla mellom rollene, er rett og fullstendig nok til å lite på."}},
	{"problem-solving", roles.Labels{EN: "Problem-solving communication", NB: "Problemløsende kommunikasjon", NN: "Problemløysande kommunikasjon"},
		roles.Labels{EN: "Whether the roles look for solutions together when something goes wrong, rather than for someone to blame.",
			NB: "Om rollene leter etter løsninger sammen når noe går galt, i stedet for etter noen å skylde på.", NN: "Om rollene leitar etter løysingar saman når noko går gale, i staden for etter nokon å skulde på."}},
	{"shared-goals", roles.Labels{EN: "Shared goals", NB: "Felles mål", NN: "Felles mål"},
		roles.Labels{EN: "Whether the other role works towards the same goals for the patient, not only its own.",
			NB: "Om den andre rollen arbeider mot de samme målene for pasienten, ikke bare sine egne.", NN: "Om den andre rolla arbeider mot dei same måla for pasienten, ikkje berre sine eigne."}},
	{"shared-knowledge", roles.Labels{EN: "Shared knowledge", NB: "Delt kunnskap", NN: "Delt kunnskap"},
		roles.Labels{EN: "Whether the other role knows what your part of the work involves.",
			NB: "Om den andre rollen vet hva din del av arbeidet innebærer.", NN: "Om den andre rolla veit kva din del av arbeidet inneber."}},
	{"mutual-respect", roles.Labels{EN: "Mutual respect", NB: "Gjensidig respekt", NN: "Gjensidig respekt"},
		roles.Labels{EN: "Whether the other role values your contribution as equal to its own, whatever its status.",
			NB: "Om den andre rollen verdsetter ditt bidrag som likeverdig med sitt eget, uansett status.", NN: "Om den andre rolla verdset bidraget ditt som likeverdig med sitt eige, same kva status ho har."}},
}

// Code returns the dimension's stable code, e.g. "shared-goals".
func (d Dimension) Code() string {
	if d < 0 || d >= NumDimensions {
		return fmt.Sprintf("dimension(%d)", int(d))
	}
	return dimensionInfos[d].code
}

// Label returns the dimension's name in lang.
func (d Dimension) Label(lang roles.Lang) string {
	if d < 0 || d >= NumDimensions {
		return d.Code()
	}
	return dimensionInfos[d].name.In(lang)
}

// Description returns the project's neutral description of the dimension.
func (d Dimension) Description(lang roles.Lang) string {
	if d < 0 || d >= NumDimensions {
		return d.Code()
	}
	return dimensionInfos[d].about.In(lang)
}

// RCTexts holds the text shown for each dimension in a relational
// coordination survey. The default is the neutral descriptions.
type RCTexts [NumDimensions]roles.Labels

// DefaultRCTexts returns the project's neutral descriptions.
func DefaultRCTexts() RCTexts {
	var t RCTexts
	for d := range NumDimensions {
		t[d] = dimensionInfos[d].about
	}
	return t
}

// LoadRCTexts returns the default texts with those in byCode (keyed by
// Dimension.Code) replaced, e.g. by the licensed wording an integrator holds.
func LoadRCTexts(byCode map[string]roles.Labels) (RCTexts, error) {
	t := DefaultRCTexts()
	for code, text := range byCode {
		d := slices.IndexFunc(dimensionInfos[:], func(i dimensionInfo) bool { return i.code == code })
		if d < 0 {
			return RCTexts{}, invalid("texts."+code, "unknown dimension: "+code, "ukjent dimensjon: "+code, "ukjend dimensjon: "+code)
		}
		if text.EN == "" && text.NB == "" {
			return RCTexts{}, invalid("texts."+code, "empty text", "tom tekst", "tom tekst")
		}
		t[d] = text
	}
	return t, nil
}

// RCRatings are one respondent's answers about one other role. Scores are
// indexed by Dimension, 1–5; 0 means not answered.
type RCRatings struct {
	About  roles.Code
	Scores [NumDimensions]int
}

// RCResponse is one respondent's answers about each other role.
type RCResponse struct {
	Community  string
	Respondent string
	Role       roles.Code // the respondent's own role
	Ratings    []RCRatings
}

type rcTally struct{ sum, n int }

type pair struct{ from, to roles.Code }

// pairTally counts one tie: ratings per dimension and respondents.
type pairTally struct {
	dims        [NumDimensions]rcTally
	respondents int
	dimResp     [NumDimensions]int
}

// RCCollector gathers relational coordination responses. Like Collector it
// keeps counts and the ids needed to refuse duplicates, never the answers.
type RCCollector struct {
	min     int
	seen    map[[2]string]struct{}
	pairs   map[pair]*pairTally
	dims    [NumDimensions]rcTally
	dimResp [NumDimensions]int
}

// NewRCCollector returns a collector that suppresses figures with fewer than
// minRespondents respondents (0 means DefaultMinRespondents).
func NewRCCollector(minRespondents int) (*RCCollector, error) {
	if minRespondents < 0 {
		return nil, invalid("minRespondents", "must not be negative", "kan ikke være negativ", "kan ikkje vere negativ")
	}
	if minRespondents == 0 {
		minRespondents = DefaultMinRespondents
	}
	return &RCCollector{min: minRespondents, seen: map[[2]string]struct{}{}, pairs: map[pair]*pairTally{}}, nil
}

// Submit records one response; consentActive is whether the community has
// active consent. On any error nothing is recorded.
func (c *RCCollector) Submit(consentActive bool, r RCResponse) error {
	if !consentActive {
		return errNoConsent()
	}
	if r.Community == "" || r.Respondent == "" {
		return invalid("respondent", "community and respondent id are required", "aktørfellesskap og respondent-id må oppgis", "aktørfellesskap og respondent-id må oppgjevast")
	}
	if !r.Role.Valid() {
		return invalid("role", "unknown role: "+string(r.Role), "ukjent rolle: "+string(r.Role), "ukjend rolle: "+string(r.Role))
	}
	if len(r.Ratings) == 0 {
		return invalid("ratings", "the response rates no other role", "svaret vurderer ingen andre roller", "svaret vurderer ingen andre roller")
	}
	for i, rt := range r.Ratings {
		f := fmt.Sprintf("ratings[%d]", i)
		if !rt.About.Valid() {
			return invalid(f+".about", "unknown role: "+string(rt.About), "ukjent rolle: "+string(rt.About), "ukjend rolle: "+string(rt.About))
		}
		if rt.About == r.Role {
			return invalid(f+".about", "a respondent rates the other roles, not their own",
				"en respondent vurderer de andre rollene, ikke sin egen", "ein respondent vurderer dei andre rollene, ikkje si eiga")
		}
		if slices.ContainsFunc(r.Ratings[:i], func(o RCRatings) bool { return o.About == rt.About }) {
			return invalid(f+".about", "the role "+string(rt.About)+" is rated twice", "rollen "+string(rt.About)+" er vurdert to ganger",
				"rolla "+string(rt.About)+" er vurdert to gonger")
		}
		answered := false
		for d, v := range rt.Scores {
			if v == 0 {
				continue
			}
			if v < ScaleMin || v > ScaleMax {
				return invalid(fmt.Sprintf("%s.scores.%s", f, Dimension(d).Code()),
					fmt.Sprintf("answer %d is outside the scale 1–5", v), fmt.Sprintf("svaret %d er utenfor skalaen 1–5", v),
					fmt.Sprintf("svaret %d er utanfor skalaen 1–5", v))
			}
			answered = true
		}
		if !answered {
			return invalid(f+".scores", "no dimension answered", "ingen dimensjon besvart", "ingen dimensjon er svart på")
		}
	}
	key := [2]string{r.Community, r.Respondent}
	if _, dup := c.seen[key]; dup {
		return errDuplicate("respondent", r.Respondent)
	}
	c.seen[key] = struct{}{}
	var answeredDim [NumDimensions]bool
	for _, rt := range r.Ratings {
		p := pair{r.Role, rt.About}
		t := c.pairs[p]
		if t == nil {
			t = &pairTally{}
			c.pairs[p] = t
		}
		t.respondents++
		for d, v := range rt.Scores {
			if v == 0 {
				continue
			}
			t.dims[d].sum += v
			t.dims[d].n++
			t.dimResp[d]++
			c.dims[d].sum += v
			c.dims[d].n++
			answeredDim[d] = true
		}
	}
	for d, a := range answeredDim {
		c.dimResp[d] += boolInt(a)
	}
	return nil
}

// RCFigure is one relational coordination score (1–5) with the respondents
// and ratings behind it. A suppressed figure has Score zero.
type RCFigure struct {
	Score       float64
	Respondents int
	Ratings     int
	Suppressed  bool
}

// DimensionScore is the score of one dimension over all ties.
type DimensionScore struct {
	Dimension Dimension
	RCFigure
}

// Tie is how respondents in role From rate their coordination with role To:
// one edge of the tie network.
type Tie struct {
	From, To   roles.Code
	Dimensions [NumDimensions]RCFigure
	RCFigure   // over all dimensions
}

// RCResults are a collector's scores. A score over several dimensions is the
// mean of the dimension means, so every dimension weighs the same however
// many answered it, as in the relational coordination index.
type RCResults struct {
	MinRespondents int
	Respondents    int
	Overall        RCFigure
	Dimensions     []DimensionScore
	Ties           []Tie // sorted by From, then To
}

// Results returns the scores with suppression applied.
func (c *RCCollector) Results() RCResults {
	res := RCResults{MinRespondents: c.min, Respondents: len(c.seen)}
	var means []float64
	ratings := 0
	for d := range NumDimensions {
		f := rcFigure(c.dims[d], c.dimResp[d], c.min)
		res.Dimensions = append(res.Dimensions, DimensionScore{Dimension(d), f})
		if c.dims[d].n > 0 {
			means = append(means, float64(c.dims[d].sum)/float64(c.dims[d].n))
			ratings += c.dims[d].n
		}
	}
	res.Overall = combine(means, len(c.seen), ratings, c.min)
	for p, t := range c.pairs {
		tie := Tie{From: p.from, To: p.to}
		var means []float64
		ratings := 0
		for d := range NumDimensions {
			tie.Dimensions[d] = rcFigure(t.dims[d], t.dimResp[d], c.min)
			if t.dims[d].n > 0 {
				means = append(means, float64(t.dims[d].sum)/float64(t.dims[d].n))
				ratings += t.dims[d].n
			}
		}
		tie.RCFigure = combine(means, t.respondents, ratings, c.min)
		res.Ties = append(res.Ties, tie)
	}
	slices.SortFunc(res.Ties, func(a, b Tie) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	return res
}

func rcFigure(t rcTally, respondents, min int) RCFigure {
	f := RCFigure{Respondents: respondents, Ratings: t.n}
	if respondents < min || t.n == 0 {
		f.Suppressed = true
		return f
	}
	f.Score = float64(t.sum) / float64(t.n)
	return f
}

func combine(means []float64, respondents, ratings, min int) RCFigure {
	f := RCFigure{Respondents: respondents, Ratings: ratings}
	if respondents < min || len(means) == 0 {
		f.Suppressed = true
		return f
	}
	s := 0.0
	for _, m := range means {
		s += m
	}
	f.Score = s / float64(len(means))
	return f
}
