package actormap_test

import (
	"fmt"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The scenario takes two actors out and enters the everyday situation;
// analysis validates the map and runs every check twice (scenario and real
// map, to mark what is new), so its cost is the whole pipeline.
func BenchmarkAnalyse(b *testing.B) {
	for _, n := range []int{10, 40, 200} {
		m := bigMap(n)
		s := actormap.Scenario{Name: "two leave", Situation: "everyday", Leave: []actormap.ActorID{m.Actors[1].ID, m.Actors[n/2].ID}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Analyse(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// SVG rendering includes layout (with the overlap check) and writing.
func BenchmarkSVG(b *testing.B) {
	for _, n := range []int{10, 40, 200} {
		m := bigMap(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := m.Picture(actormap.RenderOptions{Lang: roles.English, Situation: "everyday"})
				if err != nil {
					b.Fatal(err)
				}
				_ = p.SVG()
			}
		})
	}
}
