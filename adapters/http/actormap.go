package http

import (
	"net/http"
	"strconv"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// svgPolicy replaces the page policy for SVG documents: they may carry
// their own styles, and nothing else.
const svgPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

func (s *server) handleActorMap() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		encode(w, http.StatusOK, c.ActorMap(s.now()))
	})
}

// Picture formats.
const (
	formatSVG = "svg"
	formatDOT = "dot"
)

// handleActorMapPicture draws the map as SVG or Graphviz DOT, placed by the
// situation in ?situation= and labelled in the request's language.
func (s *server) handleActorMapPicture(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		pic, err := c.ActorMap(s.now()).Picture(actormap.RenderOptions{Lang: langOf(r), Situation: r.URL.Query().Get("situation")})
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		writePicture(w, pic, format)
	})
}

func writePicture(w http.ResponseWriter, pic *actormap.Picture, format string) {
	var b []byte
	if format == formatSVG {
		b = pic.SVG()
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Content-Security-Policy", svgPolicy)
	} else {
		b = pic.DOT()
		w.Header().Set("Content-Type", "text/vnd.graphviz; charset=utf-8")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

// handleRisks analyses the map as it is: vacant roles, broken ties,
// lifebuoys, actors nobody reaches.
func (s *server) handleRisks() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		a, err := c.ActorMap(s.now()).Risks()
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		encode(w, http.StatusOK, a)
	})
}

// ScenarioResult is a scenario's analysis with its description in the
// request's language.
type ScenarioResult struct {
	Analysis actormap.Analysis `json:"analysis"`
	Text     string            `json:"text"`
}

// handleScenario plays a hypothetical change through the map without
// touching it, as JSON or as a picture.
func (s *server) handleScenario(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		var sc actormap.Scenario
		if err := decode(r, &sc); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		m := c.ActorMap(s.now())
		if format != "" {
			pic, err := m.ScenarioPicture(sc, actormap.RenderOptions{Lang: langOf(r)})
			if err != nil {
				s.writeProblem(w, r, err)
				return
			}
			writePicture(w, pic, format)
			return
		}
		a, err := m.Analyse(sc)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		encode(w, http.StatusOK, ScenarioResult{Analysis: a, Text: a.Text(langOf(r))})
	})
}

// ComparisonRequest names two perspectives on the community's map. An
// empty perspective stands for the shared map; one with only an owner, for
// the perspective recorded for that owner (RecordPerspective).
type ComparisonRequest struct {
	A actormap.Perspective `json:"a"`
	B actormap.Perspective `json:"b"`
}

// ComparisonResult is a comparison with its description.
type ComparisonResult struct {
	Comparison actormap.Comparison `json:"comparison"`
	Text       string              `json:"text"`
}

// handleComparison compares two perspectives (fig. 19 of the report):
// the community does not store perspectives yet, so the client sends them.
func (s *server) handleComparison(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.get(w, r)
		if !ok {
			return
		}
		var in ComparisonRequest
		if err := decode(r, &in); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		m := c.ActorMap(s.now())
		in.A, in.B = perspective(m, in.A), perspective(m, in.B)
		if format != "" {
			pic, err := m.ComparisonPicture(in.A, in.B, actormap.RenderOptions{Lang: langOf(r)})
			if err != nil {
				s.writeProblem(w, r, err)
				return
			}
			writePicture(w, pic, format)
			return
		}
		cmp, err := m.Compare(in.A, in.B)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		encode(w, http.StatusOK, ComparisonResult{Comparison: cmp, Text: cmp.Text(langOf(r))})
	})
}

func perspective(m actormap.Map, p actormap.Perspective) actormap.Perspective {
	if len(p.Known) > 0 || len(p.Ties) > 0 || len(p.Holders) > 0 {
		return p
	}
	if p.Owner == "" || p.Owner == actormap.SharedView {
		return m.Shared()
	}
	if rec, ok := m.Perspective(p.Owner); ok {
		return rec
	}
	return p
}
