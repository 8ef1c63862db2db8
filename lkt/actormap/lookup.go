package actormap

import "github.com/lkt-rammeverk/go-lkt/lkt/roles"

// lookup indexes a Map for one call of a public operation, so that finding
// an actor, its position, the mandatory roles it holds or its default ring
// costs a map access instead of a scan. It is built at the start of each
// operation and never stored in the Map, which callers copy and mutate.
// Where an id occurs more than once (only possible on a map that has not
// been validated), the first occurrence wins, as with Map.Actor.
type lookup struct {
	m     Map
	pos   map[ActorID]int          // id -> index of its first occurrence in m.Actors
	holds map[ActorID][]roles.Code // id -> mandatory roles held, in the report's order
	near  map[ActorID]bool         // ends of existing ties that join the patient
}

func newLookup(m Map) *lookup {
	lk := &lookup{m: m, pos: make(map[ActorID]int, len(m.Actors))}
	for i, a := range m.Actors {
		if _, dup := lk.pos[a.ID]; !dup {
			lk.pos[a.ID] = i
		}
	}
	for _, c := range roles.MandatoryCodes() {
		if h, ok := m.Holders[c]; ok {
			if lk.holds == nil {
				lk.holds = map[ActorID][]roles.Code{}
			}
			lk.holds[h] = append(lk.holds[h], c)
		}
	}
	lk.near = nearPatient(m.Ties)
	return lk
}

// nearPatient returns both ends of every existing tie that joins the patient:
// an actor is in it exactly when it has such a tie (defaultProximity).
func nearPatient(ties []Tie) map[ActorID]bool {
	near := map[ActorID]bool{}
	for _, t := range ties {
		if !t.Planned && t.Joins(PatientID) {
			near[t.From], near[t.To] = true, true
		}
	}
	return near
}

// actor is Map.Actor.
func (lk *lookup) actor(id ActorID) (Actor, bool) {
	if i, ok := lk.pos[id]; ok {
		return lk.m.Actors[i], true
	}
	return Actor{}, false
}

// has reports whether id is an actor on the map.
func (lk *lookup) has(id ActorID) bool {
	_, ok := lk.pos[id]
	return ok
}

// index is Map.index: the patient first, then actors as they joined,
// unknown ids last.
func (lk *lookup) index(id ActorID) int {
	if id == PatientID {
		return -1
	}
	if i, ok := lk.pos[id]; ok {
		return i
	}
	return len(lk.m.Actors)
}

// ref builds the Ref for id: name, role, sector and mandatory roles held.
func (lk *lookup) ref(id ActorID) Ref {
	switch id {
	case PatientID:
		return Ref{ID: id, Name: lk.m.Patient}
	case SharedView:
		return Ref{ID: id}
	}
	a, ok := lk.actor(id)
	if !ok {
		return Ref{ID: id, Name: string(id)}
	}
	r := Ref{ID: id, Name: a.Name, Role: a.Role, Sector: a.Sector}
	if h := lk.holds[id]; len(h) > 0 {
		r.Holds = append([]roles.Code(nil), h...) // each Ref owns its slice
	}
	return r
}

// proximity is Map.ProximityOf with the situation indexed.
func (lk *lookup) proximity(si *sitIndex, a Actor) Proximity {
	if p, ok := si.place[a.ID]; ok {
		return p
	}
	return defaultProximity(a, lk.near)
}

func defaultProximity(a Actor, near map[ActorID]bool) Proximity {
	if r, ok := roles.Lookup(a.Role); ok && r.Kind == roles.KindRelative || a.WorksInHome {
		return Closest
	}
	if near[a.ID] {
		return Close
	}
	return Occasional
}

// sitIndex is a situation with its placements and absences indexed.
type sitIndex struct {
	place  map[ActorID]Proximity // first placement of each actor
	absent map[ActorID]bool
}

func indexSituation(s Situation) *sitIndex {
	si := &sitIndex{place: make(map[ActorID]Proximity, len(s.Placements)), absent: make(map[ActorID]bool, len(s.Absent))}
	for _, p := range s.Placements {
		if _, dup := si.place[p.Actor]; !dup {
			si.place[p.Actor] = p.Proximity
		}
	}
	for _, id := range s.Absent {
		si.absent[id] = true
	}
	return si
}

// ranks maps each element of order to its index.
func ranks[K comparable](order []K) map[K]int {
	r := make(map[K]int, len(order))
	for i, k := range order {
		if _, dup := r[k]; !dup {
			r[k] = i
		}
	}
	return r
}

// rank is slices.Index(order, k) for r = ranks(order).
func rank[K comparable](r map[K]int, k K) int {
	if i, ok := r[k]; ok {
		return i
	}
	return -1
}

// density is Map.Density on an indexed map and situation.
func (lk *lookup) density(name string, si *sitIndex) Density {
	d := Density{Situation: name}
	for _, a := range lk.m.Actors {
		if a.Status == Left || si.absent[a.ID] {
			continue
		}
		p := lk.proximity(si, a)
		d.Rings[p-1]++
		d.Total++
		if p <= Close {
			d.Close++
		}
	}
	return d
}
