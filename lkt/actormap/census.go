package actormap

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ServiceCount is the number of persons from one service (role) in one sector.
type ServiceCount struct {
	Sector  roles.Sector `json:"sector"`
	Role    roles.Code   `json:"role"`
	Persons int          `json:"persons"`
	InHome  int          `json:"inHome"` // of whom work in the patient's home
}

// SectorCount is the number of persons from one sector.
type SectorCount struct {
	Sector  roles.Sector `json:"sector"`
	Persons int          `json:"persons"`
	InHome  int          `json:"inHome"`
}

// Census counts persons per service and sector, as the report's fig. 9 does
// ("aktørkart med antall personer pr. tjeneste"), and how many of them work
// in the home (fig. 10). Members who have left are not counted.
type Census struct {
	Services []ServiceCount `json:"services"`
	Sectors  []SectorCount  `json:"sectors"`
	Persons  int            `json:"persons"`
	InHome   int            `json:"inHome"`
}

// Census counts the map's members.
func (m Map) Census() Census {
	var c Census
	type key struct {
		s roles.Sector
		r roles.Code
	}
	svc := map[key]*ServiceCount{}
	sec := map[roles.Sector]*SectorCount{}
	for _, a := range m.Actors {
		if a.Status == Left {
			continue
		}
		k := key{a.Sector, a.Role}
		if svc[k] == nil {
			svc[k] = &ServiceCount{Sector: a.Sector, Role: a.Role}
			if sec[a.Sector] == nil {
				sec[a.Sector] = &SectorCount{Sector: a.Sector}
			}
		}
		home := 0
		if a.WorksInHome {
			home = 1
		}
		svc[k].Persons++
		svc[k].InHome += home
		sec[a.Sector].Persons++
		sec[a.Sector].InHome += home
		c.Persons++
		c.InHome += home
	}
	for _, s := range roles.Sectors() {
		if sec[s] != nil {
			c.Sectors = append(c.Sectors, *sec[s])
		}
	}
	for _, v := range svc {
		c.Services = append(c.Services, *v)
	}
	// Sector order first, then most persons, then role code: stable and
	// puts the big services of a sector on top, as the figure does.
	slices.SortFunc(c.Services, func(a, b ServiceCount) int {
		return cmp.Or(cmp.Compare(slices.Index(roles.Sectors(), a.Sector), slices.Index(roles.Sectors(), b.Sector)),
			cmp.Compare(b.Persons, a.Persons), cmp.Compare(a.Role, b.Role))
	})
	return c
}

// Text gives the census as lines: one per sector, its services indented.
func (c Census) Text(lang roles.Lang) string {
	var b strings.Builder
	persons := func(n, home int) string {
		s := fmt.Sprintf(tr(lang, "%d persons", "%d personer", "%d personar"), n)
		if n == 1 {
			s = tr(lang, "1 person", "1 person", "1 person")
		}
		if home > 0 {
			s += fmt.Sprintf(tr(lang, " (%d in the home)", " (%d i hjemmet)", " (%d i heimen)"), home)
		}
		return s
	}
	fmt.Fprintf(&b, "%s: %s\n", tr(lang, "In all", "Totalt", "Totalt"), persons(c.Persons, c.InHome))
	for _, s := range c.Sectors {
		fmt.Fprintf(&b, "%s: %s\n", s.Sector.Label(lang), persons(s.Persons, s.InHome))
		for _, v := range c.Services {
			if v.Sector == s.Sector {
				fmt.Fprintf(&b, "  %s: %s\n", v.Role.Label(lang), persons(v.Persons, v.InHome))
			}
		}
	}
	return b.String()
}
