package actormap

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// RenderOptions says how to draw a picture.
type RenderOptions struct {
	Lang roles.Lang `json:"lang,omitempty"` // label language; default bokmål
	// Situation places the actors; "" is the default placement. A scenario
	// picture uses the scenario's situation when this is empty.
	Situation string `json:"situation,omitempty"`
	// Title replaces the default title.
	Title string `json:"title,omitempty"`
}

// Picture is a laid-out drawing of a map, a comparison or a scenario, ready
// to be written as SVG or Graphviz DOT. Both formats share the layout, so
// the DOT file pins nodes where the SVG draws them.
type Picture struct {
	title, desc string
	lang        roles.Lang
	nodes       []pnode
	edges       []pedge
	rings       [Rings + 1]float64 // radius of each ring; rings[0] unused
	styles      []edgeStyle        // edge styles used, for the legend
	legendExtra []string           // extra legend lines (what A and B stand for)
	seats, mand bool               // legend needs entries for seats / mandatory marks
	idKey       map[ActorID]string // actor id -> node key
}

type nodeKind int

const (
	patientNode nodeKind = iota
	actorNode
	seatNode
)

type pnode struct {
	key       string // id in SVG and DOT
	kind      nodeKind
	ring      int
	sector    roles.Sector
	lines     []string // label lines
	user      int      // how many leading lines are user-supplied text
	mandatory bool
	ghost     bool // away in a scenario, or known to one side only
	tip       string
	x, y      float64
}

type edgeStyle int

const (
	styleExisting edgeStyle = iota
	stylePlanned
	styleOnlyA
	styleOnlyB
	styleBroken
)

type pedge struct {
	a, b  int
	style edgeStyle
	tip   string
}

// Geometry. Text width is estimated as runes × font size × 0.6, the same
// estimate the overlap test uses.
const (
	fontSize    = 12.0
	lineH       = 15.0
	nodeR       = 11.0
	patientR    = 24.0
	gap         = 6.0
	maxName     = 28
	maxRoleLine = 34
	charW       = fontSize * 0.6
)

// Picture draws the map: members on rings by proximity in the situation,
// ties (planned ones dashed), and empty seats for vacant mandatory roles.
func (m Map) Picture(opt RenderOptions) (*Picture, error) {
	lk := newLookup(m)
	if err := lk.validate(); err != nil {
		return nil, err
	}
	sit, err := m.lookupSituation(opt.Situation, "situation")
	if err != nil {
		return nil, err
	}
	st := baseState(lk)
	st.enter(sit)
	p := newPicture(opt, tr(lang(opt), "Actor map", "Aktørkart", "Aktørkart"), m.Patient)
	for _, a := range m.Actors {
		if st.present(a.ID) && !st.si.absent[a.ID] {
			p.addActor(st, a, nil, false)
		}
	}
	p.addSeats(st)
	p.addTies(m.Ties, func(t Tie) edgeStyle {
		if t.Planned {
			return stylePlanned
		}
		return styleExisting
	})
	d := st.density()
	p.desc = fmt.Sprintf(tr(p.lang, "%d actors around the patient on %d rings by proximity; %d ties. ", "%d aktører rundt pasienten på %d ringer etter nærhet; %d linjer. ", "%d aktørar rundt pasienten på %d ringar etter nærleik; %d linjer. "), d.Total, Rings, len(p.edges)) + d.Text(p.lang)
	if v := m.Vacant(); len(v) > 0 {
		names := make([]string, len(v))
		for i, c := range v {
			names[i] = ShortLabel(c, p.lang)
		}
		p.desc += tr(p.lang, " Vacant mandatory roles: ", " Ubesatte obligatoriske roller: ", " Ubesette obligatoriske roller: ") + list(p.lang, names) + "."
	}
	p.layout()
	return p, nil
}

// ComparisonPicture draws two perspectives on one picture: actors and ties
// both sides know solid, those only one side knows marked "A only" or
// "B only" in text and with distinct line patterns.
func (m Map) ComparisonPicture(a, b Perspective, opt RenderOptions) (*Picture, error) {
	lk := newLookup(m)
	c, err := lk.compare(a, b)
	if err != nil {
		return nil, err
	}
	sit, err := m.lookupSituation(opt.Situation, "situation")
	if err != nil {
		return nil, err
	}
	va, vb := lk.newView(a), lk.newView(b)
	st := baseState(lk)
	st.enter(sit)
	p := newPicture(opt, tr(lang(opt), "Actor map compared", "Aktørkart sammenlignet", "Aktørkart samanlikna"), m.Patient)
	p.legendExtra = []string{"A = " + c.A.Text(p.lang), "B = " + c.B.Text(p.lang)}
	for _, ac := range m.Actors {
		inA, inB := va.known[ac.ID], vb.known[ac.ID]
		if !inA && !inB {
			continue
		}
		var mark []string
		switch {
		case ac.ID == a.Owner:
			mark = append(mark, tr(p.lang, "perspective A", "perspektiv A", "perspektiv A"))
		case ac.ID == b.Owner:
			mark = append(mark, tr(p.lang, "perspective B", "perspektiv B", "perspektiv B"))
		}
		switch {
		case inA && !inB:
			mark = append(mark, tr(p.lang, "A only", "bare A", "berre A"))
		case inB && !inA:
			mark = append(mark, tr(p.lang, "B only", "bare B", "berre B"))
		}
		p.addActor(st, ac, mark, inA != inB)
	}
	var ties []Tie
	style := map[pair]edgeStyle{}
	for _, k := range lk.pairs(va.ties) {
		t := va.ties[k].tie()
		ties = append(ties, t)
		style[k] = styleOnlyA
		if _, ok := vb.ties[k]; ok {
			style[k] = styleExisting
			if !va.ties[k].exists() && !vb.ties[k].exists() {
				style[k] = stylePlanned
			}
		}
	}
	for _, k := range lk.pairs(vb.ties) {
		if _, ok := va.ties[k]; !ok {
			ties = append(ties, vb.ties[k].tie())
			style[k] = styleOnlyB
		}
	}
	p.addTies(ties, func(t Tie) edgeStyle { return style[t.pair()] })
	p.desc = c.Text(p.lang)
	p.layout()
	return p, nil
}

// ScenarioPicture draws the map as the scenario leaves it: actors who are
// away faded and marked, ties that lose an end drawn as broken, lifebuoys
// marked, and empty seats for mandatory roles left vacant.
func (m Map) ScenarioPicture(s Scenario, opt RenderOptions) (*Picture, error) {
	an, st, err := newLookup(m).analyse(s)
	if err != nil {
		return nil, err
	}
	if opt.Situation != "" {
		sit, err := m.lookupSituation(opt.Situation, "situation")
		if err != nil {
			return nil, err
		}
		st.enter(sit)
	}
	p := newPicture(opt, tr(lang(opt), "Scenario", "Scenario", "Scenario")+": "+s.Name, m.Patient)
	spof := map[ActorID]bool{}
	for _, f := range an.Findings {
		if f.Kind == SinglePoint {
			spof[f.Actor.ID] = true
		}
	}
	for _, a := range st.m.Actors {
		r, away := st.away[a.ID]
		if r == HasLeft {
			continue
		}
		var mark []string
		if away {
			mark = append(mark, tr(p.lang, "away: ", "borte: ", "borte: ")+awayLabels[r].In(p.lang))
		}
		if spof[a.ID] {
			mark = append(mark, tr(p.lang, "⚠ lifebuoy", "⚠ livbøye", "⚠ livbøye"))
		}
		p.addActor(st, a, mark, away)
	}
	p.addSeats(st)
	p.addTies(st.m.Ties, func(t Tie) edgeStyle {
		switch {
		case !st.present(t.From) || !st.present(t.To):
			return styleBroken
		case t.Planned:
			return stylePlanned
		}
		return styleExisting
	})
	p.desc = an.Text(p.lang)
	p.layout()
	return p, nil
}

func lang(opt RenderOptions) roles.Lang { return cmp.Or(opt.Lang, roles.Bokmal) }

func newPicture(opt RenderOptions, kind, patient string) *Picture {
	p := &Picture{lang: lang(opt), title: opt.Title, idKey: map[ActorID]string{}}
	if p.title == "" {
		p.title = kind
		if patient != "" {
			p.title += ": " + patient
		}
	}
	name := cmp.Or(patient, tr(p.lang, "Patient", "Pasient", "Pasient"))
	p.nodes = append(p.nodes, pnode{key: "patient", kind: patientNode, sector: roles.PrivateNetwork,
		lines: []string{trunc(name, maxName), roles.Patient.Label(p.lang)}, user: 1, tip: name})
	return p
}

func (p *Picture) addActor(st *state, a Actor, mark []string, ghost bool) {
	r := st.lk.ref(a.ID)
	n := pnode{key: fmt.Sprintf("a%d", st.lk.index(a.ID)), kind: actorNode, sector: a.Sector,
		ring: int(st.lk.proximity(st.si, a)), user: 1, ghost: ghost, mandatory: len(r.Holds) > 0}
	role := r.RoleText(p.lang)
	if n.mandatory {
		role = "★ " + role
		p.mand = true
	}
	n.lines = append([]string{trunc(a.Name, maxName), trunc(role, maxRoleLine)}, mark...)
	tip := []string{a.Name, a.Role.Label(p.lang), a.Sector.Label(p.lang)}
	for _, s := range []string{a.Organisation, a.Workplace} {
		if s != "" {
			tip = append(tip, s)
		}
	}
	n.tip = strings.Join(tip, " · ")
	p.idKey[a.ID] = n.key
	p.nodes = append(p.nodes, n)
}

// addSeats adds an empty seat for each mandatory role without an available holder.
func (p *Picture) addSeats(st *state) {
	for _, c := range roles.MandatoryCodes() {
		if h, ok := st.m.Holders[c]; ok && st.present(h) {
			continue
		}
		p.seats = true
		label := ShortLabel(c, p.lang)
		p.nodes = append(p.nodes, pnode{key: "seat-" + string(c), kind: seatNode, ring: int(Close), mandatory: true,
			lines: []string{tr(p.lang, "(vacant)", "(ubesatt)", "(ubesett)"), trunc("★ "+label, maxRoleLine)},
			tip:   tr(p.lang, "Vacant mandatory role: ", "Ubesatt obligatorisk rolle: ", "Ubesett obligatorisk rolle: ") + c.Label(p.lang)})
	}
}

func (p *Picture) addTies(ties []Tie, style func(Tie) edgeStyle) {
	at := map[string]int{}
	for i, n := range p.nodes {
		at[n.key] = i
	}
	seen := map[pair]bool{}
	used := map[edgeStyle]bool{}
	for _, t := range ties {
		k := t.pair()
		ia, okA := at[p.keyOf(t.From)]
		ib, okB := at[p.keyOf(t.To)]
		if !okA || !okB || seen[k] {
			continue // one line per pair; ends not drawn are not in the picture
		}
		seen[k] = true
		s := style(t)
		used[s] = true
		tip := p.nodes[ia].tip + " – " + p.nodes[ib].tip + ": " + tieText(p.lang, t)
		if t.Planned {
			tip += tr(p.lang, " (planned)", " (planlagt)", " (planlagd)")
		}
		if t.About != "" {
			tip += " — " + t.About
		}
		p.edges = append(p.edges, pedge{a: ia, b: ib, style: s, tip: tip})
	}
	for s := styleExisting; s <= styleBroken; s++ {
		if used[s] {
			p.styles = append(p.styles, s)
		}
	}
}

// keyOf maps an actor id to its node key; nodes are keyed by map position
// so that no user-supplied id reaches the output.
func (p *Picture) keyOf(id ActorID) string {
	if id == PatientID {
		return "patient"
	}
	return p.idKey[id]
}

func trunc(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// box is an axis-aligned rectangle owned by one node.
type box struct {
	x0, y0, x1, y1 float64
	owner          int
}

func (n *pnode) radius() float64 {
	switch {
	case n.kind == patientNode:
		return patientR
	case n.mandatory:
		return nodeR + 4
	}
	return nodeR
}

func (n *pnode) labelWidth() float64 {
	w := 0.0
	for _, l := range n.lines {
		w = max(w, float64(utf8.RuneCountInString(l))*charW)
	}
	return w
}

func (n *pnode) labelHeight() float64 { return float64(len(n.lines)) * lineH }

// boxes returns the node's shape and its label block.
func (n *pnode) boxes(owner int) [2]box {
	r, w := n.radius(), n.labelWidth()
	return [2]box{
		{n.x - r, n.y - r, n.x + r, n.y + r, owner},
		{n.x - w/2, n.y + r + gap/2, n.x + w/2, n.y + r + gap/2 + n.labelHeight(), owner},
	}
}

// layout places the nodes on their rings. Each ring gets a radius large
// enough for its widest label at its node spacing; crowded rings alternate
// nodes between two radii so neighbours' labels sit at different heights.
// If labels still collide, everything is spread out until none do.
func (p *Picture) layout() {
	byRing := make([][]int, Rings+1)
	for i := 1; i < len(p.nodes); i++ {
		byRing[p.nodes[i].ring] = append(byRing[p.nodes[i].ring], i)
	}
	secIdx := func(s roles.Sector) int { return slices.Index(roles.Sectors(), s) }
	prev := patientR + 2*lineH + gap
	prevStag := 0.0
	for k := 1; k <= Rings; k++ {
		ids := byRing[k]
		// Group by sector so colours cluster; seats last.
		slices.SortStableFunc(ids, func(a, b int) int {
			na, nb := p.nodes[a], p.nodes[b]
			return cmp.Or(cmp.Compare(na.kind, nb.kind), cmp.Compare(secIdx(na.sector), secIdx(nb.sector)))
		})
		n := len(ids)
		maxW, maxH := 0.0, 0.0
		for _, i := range ids {
			maxW = max(maxW, p.nodes[i].labelWidth(), 2*p.nodes[i].radius())
			maxH = max(maxH, p.nodes[i].labelHeight()+2*p.nodes[i].radius()+gap)
		}
		stag := 0.0
		r := prev + prevStag + max(maxH, 3*lineH) + 2*gap
		need := maxW + 2*gap
		switch {
		case n >= 6:
			stag = maxH + gap
			r = max(r, need/(2*math.Sin(2*math.Pi/float64(n))))
		case n >= 2:
			r = max(r, need/(2*math.Sin(math.Pi/float64(n))))
		}
		p.rings[k] = r
		step := 2 * math.Pi / float64(max(n, 1))
		offset := -math.Pi/2 + float64(k-1)*step/float64(Rings)
		for j, i := range ids {
			rr := r
			if stag > 0 && j%2 == 1 {
				rr += stag
			}
			a := offset + float64(j)*step
			p.nodes[i].x, p.nodes[i].y = rr*math.Cos(a), rr*math.Sin(a)
		}
		prev, prevStag = r, stag
	}
	for range 200 {
		if !p.overlaps() {
			return
		}
		for i := range p.nodes {
			p.nodes[i].x *= 1.08
			p.nodes[i].y *= 1.08
		}
		for k := range p.rings {
			p.rings[k] *= 1.08
		}
	}
}

// overlaps reports whether boxes of different nodes intersect, by a sweep
// over boxes sorted by left edge (near-linear for a spread-out picture).
func (p *Picture) overlaps() bool {
	bs := make([]box, 0, 2*len(p.nodes))
	for i := range p.nodes {
		b := p.nodes[i].boxes(i)
		bs = append(bs, b[0], b[1])
	}
	return anyOverlap(bs, gap/2)
}

func anyOverlap(bs []box, margin float64) bool {
	slices.SortFunc(bs, func(a, b box) int { return cmp.Compare(a.x0, b.x0) })
	for i := range bs {
		for j := i + 1; j < len(bs) && bs[j].x0 < bs[i].x1+margin; j++ {
			if bs[i].owner != bs[j].owner && bs[j].y0 < bs[i].y1+margin && bs[i].y0 < bs[j].y1+margin {
				return true
			}
		}
	}
	return false
}
