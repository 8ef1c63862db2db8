package actormap_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run go test -update if the change is intended", path)
}

func pictures(t *testing.T) map[string]*actormap.Picture {
	m := boy10()
	opt := actormap.RenderOptions{Lang: roles.English, Situation: "everyday"}
	mp, err := m.Picture(opt)
	require.NoError(t, err)
	gp, _ := m.Perspective("fastlege")
	ko, _ := m.Perspective("koord")
	cp, err := m.ComparisonPicture(ko, gp, opt)
	require.NoError(t, err)
	sp, err := m.ScenarioPicture(actormap.Scenario{Name: "examination", Kind: actormap.Operation, Situation: "examination under anaesthesia"},
		actormap.RenderOptions{Lang: roles.Bokmal})
	require.NoError(t, err)
	return map[string]*actormap.Picture{"map": mp, "comparison": cp, "scenario": sp}
}

func TestGolden(t *testing.T) {
	for name, p := range pictures(t) {
		golden(t, name+".svg", p.SVG())
		golden(t, name+".dot", p.DOT())
	}
}

// textBox is the estimated box of one <text>: runes × font size × 0.6 wide.
type textBox struct {
	s              string
	x0, y0, x1, y1 float64
}

// parseSVG checks that doc is well-formed XML with an accessible root and
// returns the boxes of its text elements.
func parseSVG(t *testing.T, doc []byte) []textBox {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var boxes []textBox
	var root bool
	var cur *textBox
	var anchor string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			if !root {
				root = true
				assert.Equal(t, "svg", el.Name.Local)
				assert.Equal(t, "img", attr["role"])
				assert.Equal(t, "lkt-title lkt-desc", attr["aria-labelledby"])
			}
			if el.Name.Local == "text" {
				x, _ := strconv.ParseFloat(attr["x"], 64)
				y, _ := strconv.ParseFloat(attr["y"], 64)
				cur = &textBox{x0: x, y0: y - 0.8*12, y1: y + 0.2*12}
				anchor = attr["text-anchor"]
				if attr["font-size"] != "" {
					cur = nil // the heading, placed apart
				}
			}
		case xml.CharData:
			if cur != nil {
				cur.s += string(el)
			}
		case xml.EndElement:
			if el.Name.Local == "text" && cur != nil {
				w := float64(utf8.RuneCountInString(strings.Trim(cur.s, "\u2068\u2069"))) * 12 * 0.6
				if anchor == "middle" {
					cur.x0 -= w / 2
				}
				cur.x1 = cur.x0 + w
				boxes = append(boxes, *cur)
				cur = nil
			}
		}
	}
	return boxes
}

func assertNoOverlap(t *testing.T, boxes []textBox) {
	t.Helper()
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
				t.Errorf("labels overlap: %q at (%.0f,%.0f) and %q at (%.0f,%.0f)", a.s, a.x0, a.y0, b.s, b.x0, b.y0)
			}
		}
	}
}

func TestSVGIsValidXMLWithoutOverlaps(t *testing.T) {
	for name, p := range pictures(t) {
		t.Run(name, func(t *testing.T) { assertNoOverlap(t, parseSVG(t, p.SVG())) })
	}
	for _, n := range []int{10, 40} {
		m := bigMap(n)
		for _, sit := range []string{"", "everyday"} {
			p, err := m.Picture(actormap.RenderOptions{Lang: roles.English, Situation: sit})
			require.NoError(t, err)
			boxes := parseSVG(t, p.SVG())
			assert.GreaterOrEqual(t, len(boxes), 2*n)
			assertNoOverlap(t, boxes)
		}
	}
	// Forty actors on one ring, the worst crowding.
	m := bigMap(40)
	m.Situations[0].Placements = nil
	for _, a := range m.Actors {
		m.Situations[0].Placements = append(m.Situations[0].Placements, actormap.Placement{Actor: a.ID, Proximity: actormap.Closest})
	}
	p, err := m.Picture(actormap.RenderOptions{Lang: roles.Bokmal, Situation: "everyday"})
	require.NoError(t, err)
	assertNoOverlap(t, parseSVG(t, p.SVG()))
}

func TestHostileNamesRenderSafely(t *testing.T) {
	names := []string{
		`<script>alert("x")</script>`,
		`Tom & Jerry's "helper"`,
		"מרים כהן",          // Hebrew, right to left
		"\u202Eevil\u202C",  // right-to-left override
		`back\slash \N "q"`, // Graphviz escapes
		"]]> --> <!--",
	}
	m := actormap.Map{Patient: `<Pasient & "co">`, Holders: map[roles.Code]actormap.ActorID{}}
	for i, n := range names {
		id := actormap.ActorID(`id"<` + strconv.Itoa(i))
		m.Actors = append(m.Actors, actormap.Actor{ID: id, Name: n, Role: roles.Assistant, Sector: roles.MunicipalHealth, Organisation: n})
		m.Ties = append(m.Ties, actormap.Tie{From: id, To: actormap.PatientID, Channel: actormap.Phone, About: n})
	}
	require.NoError(t, m.Validate())
	p, err := m.Picture(actormap.RenderOptions{Title: `Kart <&> "x"`})
	require.NoError(t, err)
	svg := p.SVG()
	parseSVG(t, svg)
	assert.NotContains(t, string(svg), "<script")
	assert.NotContains(t, string(svg), `id"<`)
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			texts = append(texts, string(cd))
		}
	}
	all := strings.Join(texts, "")
	for _, n := range names {
		assert.Contains(t, all, "\u2068"+n+"\u2069", "each name survives, isolated")
	}

	dot := string(p.DOT())
	assert.Contains(t, dot, `back\\slash \\N \"q\"`)
	assert.NotContains(t, dot, `id"<`)
	for _, line := range strings.Split(strings.TrimSpace(dot), "\n") {
		// Every quote inside a line is either escaped or balanced.
		assert.Equal(t, 0, strings.Count(strings.ReplaceAll(line, `\"`, ""), `"`)%2, line)
	}
}
