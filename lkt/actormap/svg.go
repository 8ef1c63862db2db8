package actormap

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// sectorStyle gives each sector a colour (Okabe–Ito, safe for colour
// blindness) and a shape, so the sector can be told without colour.
var sectorStyle = map[roles.Sector]struct {
	fill  string
	shape string // square, circle, diamond, triangle, hexagon, invtriangle, pentagon
}{
	roles.SpecialistHealth: {"#0072B2", "square"},
	roles.MunicipalHealth:  {"#009E73", "circle"},
	roles.GeneralPractice:  {"#D55E00", "diamond"},
	roles.Education:        {"#E69F00", "triangle"},
	roles.Welfare:          {"#CC79A7", "hexagon"},
	roles.Voluntary:        {"#56B4E9", "invtriangle"},
	roles.PrivateNetwork:   {"#F0E442", "pentagon"},
}

var edgeLook = map[edgeStyle]struct {
	stroke, dash, width string
	label               roles.Labels
}{
	styleExisting: {"#444444", "", "1.6", roles.Labels{EN: "Existing line (solid)", NB: "Etablert linje (heltrukket)", NN: "Etablert linje (heiltrekt)"}},
	stylePlanned:  {"#444444", "6 4", "1.6", roles.Labels{EN: "Planned line (dashed)", NB: "Planlagt linje (stiplet)", NN: "Planlagd linje (stipla)"}},
	styleOnlyA:    {"#0072B2", "10 4", "2.2", roles.Labels{EN: "Line only A lists (long dashes)", NB: "Linje bare A har med (lange streker)", NN: "Linje berre A har med (lange strekar)"}},
	styleOnlyB:    {"#D55E00", "2 3", "2.2", roles.Labels{EN: "Line only B lists (dots)", NB: "Linje bare B har med (prikker)", NN: "Linje berre B har med (prikkar)"}},
	styleBroken:   {"#C00000", "1 4", "2.4", roles.Labels{EN: "Line that loses an end (red dots)", NB: "Linje som mister en ende (røde prikker)", NN: "Linje som mistar ein ende (raude prikkar)"}},
}

// SVG returns the picture as an SVG document.
func (p *Picture) SVG() []byte {
	var b bytes.Buffer
	_ = p.WriteSVG(&b)
	return b.Bytes()
}

// WriteSVG writes the picture as a standalone, accessible SVG document:
// role="img" with <title> and <desc>, a legend that names every colour and
// line pattern, and every user-supplied string escaped and bidi-isolated.
func (p *Picture) WriteSVG(w io.Writer) error {
	var b strings.Builder
	// Bounds of everything drawn, legend to the right.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range p.nodes {
		for _, bx := range p.nodes[i].boxes(i) {
			x0, y0, x1, y1 = min(x0, bx.x0), min(y0, bx.y0), max(x1, bx.x1), max(y1, bx.y1)
		}
	}
	r := p.rings[Rings]
	x0, y0, x1, y1 = min(x0, -r), min(y0, -r), max(x1, r), max(y1, r)
	headY := y0 - 20
	y0 = headY - 20
	x1 = max(x1, x0+textWidth(p.title)*1.2)
	legend := p.legendLines()
	lx, lw := x1+40, 0.0
	for _, l := range legend {
		lw = max(lw, 36+textWidth(l.text))
	}
	x1 = lx + lw
	y1 = max(y1, y0+40+float64(len(legend))*20)
	const margin = 16.0
	x0, y0, x1, y1 = x0-margin, y0-margin, x1+margin, y1+margin
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s %s %s %s" width="%s" height="%s" role="img" aria-labelledby="lkt-title lkt-desc" font-family="sans-serif" font-size="%s">`+"\n",
		f(x0), f(y0), f(x1-x0), f(y1-y0), f(x1-x0), f(y1-y0), f(fontSize))
	fmt.Fprintf(&b, "<title id=\"lkt-title\">%s</title>\n<desc id=\"lkt-desc\">%s</desc>\n", xmlEsc(p.title), xmlEsc(p.desc))
	fmt.Fprintf(&b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n", f(x0), f(y0), f(x1-x0), f(y1-y0))
	fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" font-size=\"16\" font-weight=\"bold\">%s</text>\n", f(x0+margin), f(headY), xmlEsc(isolate(p.title)))
	b.WriteString("<g class=\"rings\" fill=\"none\" stroke=\"#d0d0d0\" stroke-width=\"1\">\n")
	for k := 1; k <= Rings; k++ {
		fmt.Fprintf(&b, "<circle cx=\"0\" cy=\"0\" r=\"%s\"><title>%s</title></circle>\n", f(p.rings[k]),
			xmlEsc(fmt.Sprintf(tr(p.lang, "Ring %d: %s", "Ring %d: %s", "Ring %d: %s"), k, Proximity(k).Label(p.lang))))
	}
	b.WriteString("</g>\n<g class=\"ties\">\n")
	for _, e := range p.edges {
		a, c, look := p.nodes[e.a], p.nodes[e.b], edgeLook[e.style]
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"", f(a.x), f(a.y), f(c.x), f(c.y), look.stroke, look.width)
		if look.dash != "" {
			fmt.Fprintf(&b, " stroke-dasharray=\"%s\"", look.dash)
		}
		fmt.Fprintf(&b, "><title>%s</title></line>\n", xmlEsc(e.tip))
	}
	b.WriteString("</g>\n<g class=\"actors\">\n")
	for i := range p.nodes {
		p.writeNode(&b, &p.nodes[i])
	}
	b.WriteString("</g>\n")
	p.writeLegend(&b, lx, y0+margin+fontSize, legend)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (p *Picture) writeNode(b *strings.Builder, n *pnode) {
	fmt.Fprintf(b, "<g id=\"%s\" class=\"%s\">\n<title>%s</title>\n", n.key, [...]string{"patient", "actor", "seat"}[n.kind], xmlEsc(n.tip))
	switch n.kind {
	case patientNode:
		fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"3\"/>\n", f(n.x), f(n.y), f(patientR))
		fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"none\" stroke=\"#222222\"/>\n", f(n.x), f(n.y), f(patientR-5))
	case seatNode:
		fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"#ffffff\" stroke=\"#555555\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n", f(n.x), f(n.y), f(n.radius()))
	default:
		st := sectorStyle[n.sector]
		extra := ""
		if n.ghost {
			extra = ` fill-opacity="0.35" stroke-dasharray="3 2"`
		}
		b.WriteString(shape(st.shape, n.x, n.y, nodeR, fmt.Sprintf(`fill="%s" stroke="#222222" stroke-width="1.2"%s`, st.fill, extra)))
		if n.mandatory {
			fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n", f(n.x), f(n.y), f(nodeR+4))
		}
	}
	top := n.y + n.radius() + gap/2
	for i, l := range n.lines {
		if i < n.user {
			l = isolate(l)
		}
		weight := ""
		if i == 0 {
			weight = ` font-weight="bold"`
		}
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\"%s stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>\n",
			f(n.x), f(top+0.8*fontSize+float64(i)*lineH), weight, xmlEsc(l))
	}
	b.WriteString("</g>\n")
}

type legendLine struct {
	kind  string // "sector", "mandatory", "seat", "edge", "patient", "text"
	key   any
	text  string
	style edgeStyle
}

func (p *Picture) legendLines() []legendLine {
	out := []legendLine{
		{kind: "text", text: tr(p.lang, "Legend", "Forklaring", "Forklaring")},
		{kind: "patient", text: tr(p.lang, "Patient in the centre; rings 1–4 from closest to distant", "Pasienten i midten; ring 1–4 fra nærmest til fjernest", "Pasienten i midten; ring 1–4 frå nærast til fjernast")},
	}
	used := map[roles.Sector]bool{}
	for _, n := range p.nodes {
		if n.kind == actorNode {
			used[n.sector] = true
		}
	}
	for _, s := range roles.Sectors() {
		if used[s] {
			out = append(out, legendLine{kind: "sector", key: s, text: s.Label(p.lang) + " (" + shapeName(sectorStyle[s].shape, p.lang) + ")"})
		}
	}
	if p.mand {
		out = append(out, legendLine{kind: "mandatory", text: tr(p.lang, "★ and double outline: mandatory role", "★ og dobbel kant: obligatorisk rolle", "★ og dobbel kant: obligatorisk rolle")})
	}
	if p.seats {
		out = append(out, legendLine{kind: "seat", text: tr(p.lang, "Empty seat: vacant mandatory role", "Tom stol: ubesatt obligatorisk rolle", "Tom stol: ubesett obligatorisk rolle")})
	}
	for _, s := range p.styles {
		out = append(out, legendLine{kind: "edge", style: s, text: edgeLook[s].label.In(p.lang)})
	}
	for _, l := range p.legendExtra {
		out = append(out, legendLine{kind: "text", text: l})
	}
	return out
}

func (p *Picture) writeLegend(b *strings.Builder, x, y float64, lines []legendLine) {
	b.WriteString("<g class=\"legend\">\n")
	for i, l := range lines {
		cy := y + float64(i)*20
		mid := cy - fontSize*0.35
		switch l.kind {
		case "patient":
			fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"7\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"2\"/>\n", f(x+14), f(mid))
		case "sector":
			st := sectorStyle[l.key.(roles.Sector)]
			b.WriteString(shape(st.shape, x+14, mid, 7, fmt.Sprintf(`fill="%s" stroke="#222222"`, st.fill)))
		case "mandatory":
			fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"7\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n", f(x+14), f(mid))
		case "seat":
			fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"7\" fill=\"none\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>\n", f(x+14), f(mid))
		case "edge":
			look := edgeLook[l.style]
			fmt.Fprintf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\"/>\n", f(x), f(mid), f(x+28), f(mid), look.stroke, look.width, cmpOr(look.dash, "none"))
		}
		text := xmlEsc(l.text)
		if strings.HasPrefix(l.text, "A = ") || strings.HasPrefix(l.text, "B = ") {
			text = xmlEsc(l.text[:4] + isolate(l.text[4:]))
		}
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\">%s</text>\n", f(x+36), f(cy), text)
	}
	b.WriteString("</g>\n")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var shapeNames = map[string]roles.Labels{
	"square": {EN: "square", NB: "firkant", NN: "firkant"}, "circle": {EN: "circle", NB: "sirkel", NN: "sirkel"}, "diamond": {EN: "diamond", NB: "rute", NN: "rute"},
	"triangle": {EN: "triangle", NB: "trekant", NN: "trekant"}, "hexagon": {EN: "hexagon", NB: "sekskant", NN: "sekskant"},
	"invtriangle": {EN: "inverted triangle", NB: "omvendt trekant", NN: "omvendt trekant"}, "pentagon": {EN: "pentagon", NB: "femkant", NN: "femkant"},
}

func shapeName(s string, lang roles.Lang) string { return shapeNames[s].In(lang) }

// shape draws a sector's symbol of radius r at (x, y).
func shape(kind string, x, y, r float64, attrs string) string {
	poly := func(n int, rot float64) string {
		pts := make([]string, n)
		for i := range n {
			a := rot + 2*math.Pi*float64(i)/float64(n)
			pts[i] = f(x+r*math.Cos(a)) + "," + f(y+r*math.Sin(a))
		}
		return "<polygon points=\"" + strings.Join(pts, " ") + "\" " + attrs + "/>\n"
	}
	switch kind {
	case "circle":
		return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" %s/>\n", f(x), f(y), f(r), attrs)
	case "square":
		return fmt.Sprintf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" %s/>\n", f(x-r*0.85), f(y-r*0.85), f(1.7*r), f(1.7*r), attrs)
	case "diamond":
		return poly(4, -math.Pi/2)
	case "triangle":
		return poly(3, -math.Pi/2)
	case "invtriangle":
		return poly(3, math.Pi/2)
	case "hexagon":
		return poly(6, 0)
	}
	return poly(5, -math.Pi/2)
}

// f formats a coordinate compactly and deterministically.
func f(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

func textWidth(s string) float64 { return float64(visibleRunes(s)) * charW }

// visibleRunes counts runes without the bidi isolates the renderers add.
func visibleRunes(s string) int {
	n := utf8.RuneCountInString(s)
	for _, r := range s {
		if r >= '\u2066' && r <= '\u2069' {
			n--
		}
	}
	return n
}

// isolate wraps user text in a first-strong isolate so right-to-left names
// and stray bidi controls cannot reorder the text around them.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// xmlEsc escapes text and attribute values and replaces characters XML
// does not allow.
func xmlEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
