package actormap

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Seen is an actor as the owner of a perspective knows them. Role is the
// role the owner believes the actor has; empty means as on the map.
type Seen struct {
	Actor ActorID    `json:"actor"`
	Role  roles.Code `json:"role,omitempty"`
}

// Perspective is the community's map as one member or the patient sees it
// (report 7.1.2, figs. 16–17, 19): whom the owner knows of, which lines the
// owner believes exist, and who the owner believes holds each mandatory role.
// The owner knows themself and the patient without listing them.
type Perspective struct {
	Owner   ActorID                `json:"owner"`
	Known   []Seen                 `json:"known,omitempty"`
	Ties    []Tie                  `json:"ties,omitempty"`
	Holders map[roles.Code]ActorID `json:"holders,omitempty"`
}

// Perspective returns the perspective recorded for owner.
func (m Map) Perspective(owner ActorID) (Perspective, bool) {
	for _, p := range m.Perspectives {
		if p.Owner == owner {
			return p, true
		}
	}
	return Perspective{}, false
}

// Shared returns the map itself as a perspective (owner SharedView): every
// member, every tie, the holders of record. Compare a member's perspective
// with it to see what that member does not know.
func (m Map) Shared() Perspective {
	p := Perspective{Owner: SharedView, Ties: m.Ties, Holders: m.Holders}
	for _, a := range m.Actors {
		if a.Status != Left {
			p.Known = append(p.Known, Seen{Actor: a.ID})
		}
	}
	return p
}

// View derives owner's perspective from the map: the actors owner has an
// existing or planned tie with, and those ties. It is what the map records
// about owner, useful before the owner has drawn their own map.
func (m Map) View(owner ActorID) (Perspective, error) {
	if owner != PatientID {
		if _, ok := m.Actor(owner); !ok {
			return Perspective{}, invalid("owner", "%q is not a member of the community", "%q er ikke medlem av aktørfellesskapet", "%q er ikkje medlem av aktørfellesskapet", owner)
		}
	}
	p := Perspective{Owner: owner}
	known := map[ActorID]bool{}
	for _, t := range m.Ties {
		if !t.Joins(owner) {
			continue
		}
		p.Ties = append(p.Ties, t)
		if o := t.Other(owner); o != PatientID && !known[o] {
			known[o] = true
			p.Known = append(p.Known, Seen{Actor: o})
		}
	}
	return p, nil
}

func (lk *lookup) validatePerspective(f string, p Perspective, allowShared bool) error {
	switch member := lk.has(p.Owner); {
	case p.Owner == "":
		return invalid(f+".owner", "a perspective belongs to a member: owner is required", "et perspektiv tilhører et medlem: eier må fylles ut", "eit perspektiv høyrer til eit medlem: eigar må fyllast ut")
	case p.Owner == SharedView && allowShared, p.Owner == PatientID, member:
	default:
		return invalid(f+".owner", "%q is not a member of the community", "%q er ikke medlem av aktørfellesskapet", "%q er ikkje medlem av aktørfellesskapet", p.Owner)
	}
	known := map[ActorID]bool{p.Owner: true, PatientID: true}
	for i, s := range p.Known {
		sf := f + "." + at("known", i, "")
		if !lk.has(s.Actor) {
			return invalid(sf+".actor", "%q is not an actor on the map", "%q er ikke en aktør i kartet", "%q er ikkje ein aktør i kartet", s.Actor)
		}
		if s.Role != "" {
			if r, ok := roles.Lookup(s.Role); !ok || r.Kind == roles.KindMandatory || r.Kind == roles.KindPatient {
				return invalid(sf+".role", "%q is not a role an actor can have", "%q er ikke en rolle en aktør kan ha", "%q er ikkje ei rolle ein aktør kan ha", s.Role)
			}
		}
		known[s.Actor] = true
	}
	if err := validateTies(f+".ties", p.Ties, func(id ActorID) bool { return known[id] }); err != nil {
		return err
	}
	for _, c := range sortedCodes(p.Holders) {
		hf := f + ".holders[" + string(c) + "]"
		if !c.Mandatory() {
			return invalid(hf, "%q is not a mandatory role", "%q er ikke en obligatorisk rolle", "%q er ikkje ei obligatorisk rolle", c)
		}
		if id := p.Holders[c]; !known[id] || id == PatientID {
			return invalid(hf, "%q is not an actor this perspective knows", "%q er ikke en aktør dette perspektivet kjenner", "%q er ikkje ein aktør dette perspektivet kjenner", id)
		}
	}
	return nil
}

// DifferenceKind classifies a discrepancy between two perspectives.
type DifferenceKind string

// Kinds of difference, in the order a comparison lists them.
const (
	UnknownActor  DifferenceKind = "unknown-actor"  // A knows an actor B does not
	MissingTie    DifferenceKind = "missing-tie"    // A believes in a line B does not list
	TieStatus     DifferenceKind = "tie-status"     // A sees a line as existing, B only as planned
	TieDetails    DifferenceKind = "tie-details"    // both list the line, with different channel or frequency
	RoleDiffers   DifferenceKind = "role-differs"   // A and B see an actor in different roles
	HolderDiffers DifferenceKind = "holder-differs" // A and B believe different people hold a mandatory role
)

var differenceOrder = []DifferenceKind{UnknownActor, MissingTie, TieStatus, TieDetails, RoleDiffers, HolderDiffers}

var differenceRanks = ranks(differenceOrder)

// differenceRank is slices.Index(differenceOrder, k) without the scan.
func differenceRank(k DifferenceKind) int { return rank(differenceRanks, k) }

// Difference is one discrepancy between perspectives A and B. A is always the
// side that knows, believes or sees something; B the side that does not or
// sees it otherwise.
type Difference struct {
	Kind  DifferenceKind `json:"kind"`
	A     Ref            `json:"a"`
	B     Ref            `json:"b"`
	Actor *Ref           `json:"actor,omitempty"` // unknown-actor, role-differs
	Ends  []Ref          `json:"ends,omitempty"`  // the tie's ends
	TieA  *Tie           `json:"tieA,omitempty"`  // the tie as A sees it
	TieB  *Tie           `json:"tieB,omitempty"`  // the tie as B sees it
	RoleA roles.Code     `json:"roleA,omitempty"` // role-differs: actor's role; holder-differs: the mandatory role
	RoleB roles.Code     `json:"roleB,omitempty"`
	// HolderA and HolderB are who each side believes holds RoleA (nil: nobody).
	HolderA *Ref `json:"holderA,omitempty"`
	HolderB *Ref `json:"holderB,omitempty"`
}

// Comparison is the result of comparing two perspectives.
type Comparison struct {
	A           Ref          `json:"a"`
	B           Ref          `json:"b"`
	Differences []Difference `json:"differences"`
}

// Compare compares two perspectives of the same map (figs. 17–19): actors one
// side does not know, lines one side believes exist and the other does not,
// roles and mandatory-role holders seen differently. A tie is only reported
// missing from a side that knows both its ends; not knowing an actor is
// reported once, as an unknown actor. Owner SharedView stands for the map.
func (m Map) Compare(a, b Perspective) (Comparison, error) {
	return newLookup(m).compare(a, b)
}

func (lk *lookup) compare(a, b Perspective) (Comparison, error) {
	if err := lk.validatePerspective("a", a, true); err != nil {
		return Comparison{}, err
	}
	if err := lk.validatePerspective("b", b, true); err != nil {
		return Comparison{}, err
	}
	va, vb := lk.newView(a), lk.newView(b)
	c := Comparison{A: lk.ref(a.Owner), B: lk.ref(b.Owner)}
	add := func(d Difference) { c.Differences = append(c.Differences, d) }
	for _, side := range [][2]*pview{{va, vb}, {vb, va}} {
		x, y := side[0], side[1]
		for _, id := range lk.order(x.known) {
			if !y.known[id] && id != PatientID {
				r := lk.ref(id)
				add(Difference{Kind: UnknownActor, A: x.ref, B: y.ref, Actor: &r})
			}
		}
		for _, k := range lk.pairs(x.ties) {
			if _, ok := y.ties[k]; ok || !y.known[k.a] || !y.known[k.b] {
				continue
			}
			t := x.ties[k].tie()
			add(Difference{Kind: MissingTie, A: x.ref, B: y.ref, Ends: lk.ends(t), TieA: &t})
		}
	}
	for _, k := range lk.pairs(va.ties) {
		tb, ok := vb.ties[k]
		if !ok {
			continue
		}
		ta := va.ties[k]
		x, y, txa, txb := va, vb, ta.tie(), tb.tie()
		switch {
		case ta.exists() != tb.exists():
			if !ta.exists() {
				x, y, txa, txb = vb, va, txb, txa
			}
			add(Difference{Kind: TieStatus, A: x.ref, B: y.ref, Ends: lk.ends(txa), TieA: &txa, TieB: &txb})
		case !slices.Equal(ta.channels(), tb.channels()) || txa.Frequency != txb.Frequency:
			add(Difference{Kind: TieDetails, A: x.ref, B: y.ref, Ends: lk.ends(txa), TieA: &txa, TieB: &txb})
		}
	}
	for _, id := range lk.order(va.known) {
		if !vb.known[id] || id == PatientID {
			continue
		}
		if ra, rb := va.role(id), vb.role(id); ra != rb {
			r := lk.ref(id)
			add(Difference{Kind: RoleDiffers, A: va.ref, B: vb.ref, Actor: &r, RoleA: ra, RoleB: rb})
		}
	}
	for _, code := range roles.MandatoryCodes() {
		ha, hb := va.p.Holders[code], vb.p.Holders[code]
		if ha == hb {
			continue
		}
		x, y := va, vb
		if ha == "" {
			x, y, ha, hb = vb, va, hb, ha
		}
		d := Difference{Kind: HolderDiffers, A: x.ref, B: y.ref, RoleA: code}
		hr := lk.ref(ha)
		d.HolderA = &hr
		if hb != "" {
			r := lk.ref(hb)
			d.HolderB = &r
		}
		add(d)
	}
	slices.SortStableFunc(c.Differences, func(p, q Difference) int {
		return cmp.Compare(differenceRank(p.Kind), differenceRank(q.Kind))
	})
	return c, nil
}

// pview is a perspective indexed for comparison.
type pview struct {
	p     Perspective
	ref   Ref
	known map[ActorID]bool
	roles map[ActorID]roles.Code
	ties  map[pair]tieGroup
	lk    *lookup
}

// tieGroup holds every tie one side lists between one pair.
type tieGroup []Tie

func (g tieGroup) exists() bool {
	return slices.ContainsFunc(g, func(t Tie) bool { return !t.Planned })
}

// tie is the tie to show for the group: an existing one if any.
func (g tieGroup) tie() Tie {
	for _, t := range g {
		if !t.Planned {
			return t
		}
	}
	return g[0]
}

func (g tieGroup) channels() []Channel {
	out := make([]Channel, 0, len(g))
	for _, t := range g {
		if !slices.Contains(out, t.Channel) {
			out = append(out, t.Channel)
		}
	}
	slices.Sort(out)
	return out
}

func (lk *lookup) newView(p Perspective) *pview {
	v := &pview{p: p, ref: lk.ref(p.Owner), known: map[ActorID]bool{PatientID: true}, roles: map[ActorID]roles.Code{}, ties: map[pair]tieGroup{}, lk: lk}
	if p.Owner != SharedView {
		v.known[p.Owner] = true
	}
	for _, s := range p.Known {
		v.known[s.Actor] = true
		if s.Role != "" {
			v.roles[s.Actor] = s.Role
		}
	}
	for _, t := range p.Ties {
		v.ties[t.pair()] = append(v.ties[t.pair()], t)
	}
	return v
}

func (v *pview) role(id ActorID) roles.Code {
	if r, ok := v.roles[id]; ok {
		return r
	}
	a, _ := v.lk.actor(id)
	return a.Role
}

// order returns the set's ids as on the map: the patient first, then actors
// as they joined, then unknown ids by id.
func (lk *lookup) order(set map[ActorID]bool) []ActorID {
	type keyed struct {
		i  int
		id ActorID
	}
	ks := make([]keyed, 0, len(set))
	for id := range set {
		ks = append(ks, keyed{lk.index(id), id})
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.i, b.i), cmp.Compare(a.id, b.id)) })
	out := make([]ActorID, len(ks))
	for i, k := range ks {
		out[i] = k.id
	}
	return out
}

// pairs returns the pairs in map order: by the earlier end's position, then
// the later end's. Positions are computed once per pair, not per comparison.
func (lk *lookup) pairs(ties map[pair]tieGroup) []pair {
	type keyed struct {
		lo, hi int
		p      pair
	}
	ks := make([]keyed, 0, len(ties))
	for k := range ties {
		a, b := lk.index(k.a), lk.index(k.b)
		ks = append(ks, keyed{min(a, b), max(a, b), k})
	}
	slices.SortFunc(ks, func(p, q keyed) int { return cmp.Or(cmp.Compare(p.lo, q.lo), cmp.Compare(p.hi, q.hi)) })
	out := make([]pair, len(ks))
	for i, k := range ks {
		out[i] = k.p
	}
	return out
}

// ends returns the tie's ends in map order.
func (lk *lookup) ends(t Tie) []Ref {
	a, b := t.From, t.To
	if lk.index(b) < lk.index(a) {
		a, b = b, a
	}
	return []Ref{lk.ref(a), lk.ref(b)}
}

// Text says the difference as a coordinator would.
func (d Difference) Text(lang roles.Lang) string {
	A, B := d.A.Text(lang), d.B.Text(lang)
	en := lang == roles.English
	var s string
	switch d.Kind {
	case UnknownActor:
		s = B + tr(lang, " does not know ", " kjenner ikke til ", " kjenner ikkje til ") + d.Actor.Text(lang) + "."
	case MissingTie:
		t := *d.TieA
		how := tieText(lang, t)
		lists := tr(lang, " lists no such line.", " har ingen slik linje.", " har inga slik linje.")
		believes := tr(lang, " believes ", " mener ", " meiner ")
		if d.A.ID == SharedView {
			believes = tr(lang, " shows that ", " viser at ", " viser at ")
		}
		switch {
		case t.Planned:
			s = A + tr(lang, " plans a line between ", " planlegger en linje mellom ", " planlegg ei linje mellom ") + d.Ends[0].Text(lang) + tr(lang, " and ", " og ", " og ") + d.Ends[1].Text(lang) +
				" (" + how + "); " + B + tr(lang, " does not list it.", " har den ikke med.", " har ho ikkje med.")
		case t.Joins(d.A.ID) && t.Joins(d.B.ID):
			s = A + believes + tr(lang, "they talk ", "de snakker sammen ", "dei snakkar saman ") + how + tr(lang, " with ", " med ", " med ") + B + tr(lang, ", who", ", som", ", som") + lists
		case t.Joins(d.A.ID):
			s = A + believes + tr(lang, "they talk ", "de snakker sammen ", "dei snakkar saman ") + how + tr(lang, " with ", " med ", " med ") + d.Ends[otherEnd(d.Ends, d.A.ID)].Text(lang) + "; " + B + lists
		default:
			s = A + believes + d.Ends[0].Text(lang) + tr(lang, " and ", " og ", " og ") + d.Ends[1].Text(lang) + tr(lang, " talk ", " snakker sammen ", " snakkar saman ") + how + "; " + B + lists
		}
	case TieStatus:
		s = A + tr(lang, " sees the line between ", " ser linjen mellom ", " ser linja mellom ") + d.Ends[0].Text(lang) + tr(lang, " and ", " og ", " og ") + d.Ends[1].Text(lang) +
			tr(lang, " as existing; ", " som etablert; ", " som etablert; ") + B + tr(lang, " sees it as only planned.", " ser den bare som planlagt.", " ser ho berre som planlagd.")
	case TieDetails:
		s = A + tr(lang, " and ", " og ", " og ") + B + tr(lang, " describe the line between ", " beskriver linjen mellom ", " skildrar linja mellom ") + d.Ends[0].Text(lang) + tr(lang, " and ", " og ", " og ") +
			d.Ends[1].Text(lang) + tr(lang, " differently: ", " ulikt: ", " ulikt: ") + tieText(lang, *d.TieA) + tr(lang, " versus ", " mot ", " mot ") + tieText(lang, *d.TieB) + "."
	case RoleDiffers:
		s = A + tr(lang, " sees ", " ser ", " ser ") + d.Actor.Name + tr(lang, " as ", " som ", " som ") + d.RoleA.Label(lang) + "; " + B + tr(lang, " sees them as ", " ser vedkommende som ", " ser vedkomande som ") + d.RoleB.Label(lang) + "."
	case HolderDiffers:
		role := ShortLabel(d.RoleA, lang)
		hb := tr(lang, "that nobody holds it", "at ingen har den", "at ingen har ho")
		if d.HolderB != nil {
			hb = tr(lang, "it is ", "det er ", "det er ") + d.HolderB.Text(lang)
		}
		believes := tr(lang, " believes ", " mener ", " meiner ")
		if d.A.ID == SharedView {
			believes = tr(lang, " shows that ", " viser at ", " viser at ")
		}
		who, holds := d.HolderA.Name, " holds"
		if d.HolderA.ID == d.A.ID {
			who, holds = tr(lang, "they", "de selv", "dei sjølve"), " hold"
		}
		if en {
			s = A + believes + who + holds + " the role " + role + "; " + B + " believes " + hb + "."
		} else {
			s = A + believes + who + tr(lang, "", " har rollen ", " har rolla ") + strings.ToLower(role) + "; " + B + tr(lang, "", " mener ", " meiner ") + hb + "."
		}
	}
	return capitalise(s)
}

func otherEnd(ends []Ref, id ActorID) int {
	if ends[0].ID == id {
		return 1
	}
	return 0
}

// Text lists the differences, one sentence a line.
func (c Comparison) Text(lang roles.Lang) string {
	if len(c.Differences) == 0 {
		return capitalise(c.A.Text(lang)+tr(lang, " and ", " og ", " og ")+c.B.Text(lang)+tr(lang, " see the map alike.", " ser kartet likt.", " ser kartet likt.")) + "\n"
	}
	var b strings.Builder
	for _, d := range c.Differences {
		b.WriteString(d.Text(lang))
		b.WriteByte('\n')
	}
	return b.String()
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
