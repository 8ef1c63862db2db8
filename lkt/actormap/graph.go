package actormap

// graph is the communication network over existing ties between present
// nodes, with a virtual source (node 0) tied to the patient (node 1) and
// every relative. With that source, "an actor whose departure cuts the
// patient and relatives off from someone" is exactly an articulation point
// separating a subtree from the source, so one depth-first search (Tarjan)
// finds every lifebuoy in linear time.
type graph struct {
	ids    []ActorID // node -> id; ids[0] is the source, ids[1] the patient
	idx    map[ActorID]int
	adj    [][]int
	family []bool

	disc, low, size, parent []int
	order                   []int // nodes in discovery order
}

const unvisited = -1

func newGraph(st *state) *graph {
	g := &graph{ids: []ActorID{"", PatientID}, idx: map[ActorID]int{PatientID: 1}}
	g.family = []bool{false, true}
	for _, a := range st.m.Actors {
		if !st.present(a.ID) {
			continue
		}
		g.idx[a.ID] = len(g.ids)
		g.ids = append(g.ids, a.ID)
		g.family = append(g.family, isRelative(a))
	}
	n := len(g.ids)
	g.adj = make([][]int, n)
	seen := make(map[[2]int]bool, len(st.m.Ties))
	link := func(a, b int) {
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			return
		}
		seen[[2]int{a, b}] = true
		g.adj[a] = append(g.adj[a], b)
		g.adj[b] = append(g.adj[b], a)
	}
	for i := 1; i < n; i++ {
		if g.family[i] {
			link(0, i)
		}
	}
	for _, t := range st.m.Ties {
		a, okA := g.idx[t.From]
		b, okB := g.idx[t.To]
		if okA && okB && !t.Planned {
			link(a, b)
		}
	}
	g.search()
	return g
}

// search runs Tarjan's depth-first search from the source.
func (g *graph) search() {
	n := len(g.ids)
	g.disc, g.low, g.size, g.parent = make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for i := range g.disc {
		g.disc[i], g.parent[i] = unvisited, unvisited
	}
	g.order = make([]int, 0, n)
	var visit func(v int)
	visit = func(v int) {
		g.disc[v] = len(g.order)
		g.low[v] = g.disc[v]
		g.size[v] = 1
		g.order = append(g.order, v)
		for _, w := range g.adj[v] {
			switch {
			case g.disc[w] == unvisited:
				g.parent[w] = v
				visit(w)
				g.size[v] += g.size[w]
				g.low[v] = min(g.low[v], g.low[w])
			case w != g.parent[v]:
				g.low[v] = min(g.low[v], g.disc[w])
			}
		}
	}
	visit(0)
}

func (g *graph) reached(i int) bool { return g.disc[i] != unvisited }

// cutOff returns the groups of nodes that lose every path to the patient and
// relatives if v goes: the subtrees of v's children that have no edge above v.
func (g *graph) cutOff(v int) [][]int {
	if v <= 1 || !g.reached(v) {
		return nil
	}
	var groups [][]int
	for _, c := range g.adj[v] {
		if g.parent[c] == v && g.low[c] >= g.disc[v] {
			groups = append(groups, g.order[g.disc[c]:g.disc[c]+g.size[c]])
		}
	}
	return groups
}
