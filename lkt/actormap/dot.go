package actormap

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

var dotEdge = map[edgeStyle]string{
	styleExisting: `style=solid, color="#444444"`,
	stylePlanned:  `style=dashed, color="#444444"`,
	styleOnlyA:    `style=dashed, color="#0072B2", penwidth=2`,
	styleOnlyB:    `style=dotted, color="#D55E00", penwidth=2`,
	styleBroken:   `style=dotted, color="#C00000", penwidth=2`,
}

// DOT returns the picture as a Graphviz graph.
func (p *Picture) DOT() []byte {
	var b bytes.Buffer
	_ = p.WriteDOT(&b)
	return b.Bytes()
}

// WriteDOT writes the picture as an undirected Graphviz graph. Nodes carry
// pinned positions from the ring layout (render with neato), shapes follow
// the sector as in the SVG, and every string is quoted and escaped.
func (p *Picture) WriteDOT(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "graph actormap {\n\tgraph [label=%s, labelloc=t, layout=neato, fontname=\"Helvetica\"];\n", dotQ(p.title))
	b.WriteString("\tnode [fontname=\"Helvetica\", fontsize=10, style=filled];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range p.nodes {
		lines := make([]string, len(n.lines))
		for i, l := range n.lines {
			if i < n.user {
				l = isolate(l)
			}
			lines[i] = dotEsc(l)
		}
		attrs := []string{`label="` + strings.Join(lines, `\n`) + `"`, "tooltip=" + dotQ(n.tip),
			fmt.Sprintf(`pos="%.2f,%.2f!"`, n.x/72, -n.y/72+0)}
		switch n.kind {
		case patientNode:
			attrs = append(attrs, `shape=doublecircle`, `fillcolor="#ffffff"`)
		case seatNode:
			attrs = append(attrs, `shape=circle`, `style=dashed`)
		default:
			st := sectorStyle[n.sector]
			shape := map[string]string{"square": "box"}[st.shape]
			attrs = append(attrs, "shape="+cmpOr(shape, st.shape), `fillcolor="`+st.fill+`"`)
			if n.ghost {
				attrs = append(attrs, `style="filled,dashed"`, `fillcolor="`+st.fill+`55"`)
			}
			if n.mandatory {
				attrs = append(attrs, "peripheries=2")
			}
		}
		fmt.Fprintf(&b, "\t%q [%s];\n", n.key, strings.Join(attrs, ", "))
	}
	for _, e := range p.edges {
		fmt.Fprintf(&b, "\t%q -- %q [%s, tooltip=%s];\n", p.nodes[e.a].key, p.nodes[e.b].key, dotEdge[e.style], dotQ(e.tip))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func dotQ(s string) string { return `"` + dotEsc(s) + `"` }

// dotEsc escapes a string for a double-quoted DOT string: backslashes (which
// would start Graphviz escapes such as \N), quotes and line breaks.
func dotEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
