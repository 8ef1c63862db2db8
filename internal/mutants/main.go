package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The statuses, named as gremlins names them.
const (
	killed     = "KILLED"
	lived      = "LIVED"
	timedOut   = "TIMED OUT"
	notCovered = "NOT COVERED"
)

type mutant struct {
	ID     int    `json:"id"`
	Kind   string `json:"kind"`
	Pos    string `json:"pos"` // file:line:column of the operator
	From   string `json:"from"`
	To     string `json:"to"`
	Status string `json:"status"`
}

var (
	negate   = map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	boundary = map[token.Token]token.Token{token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR}
)

// binary is one package's test binary, built with the mutants in.
type binary struct {
	dir, path string
	reach     map[int][]string // mutant → the tests that reach it
	took      map[string]time.Duration
}

func main() {
	pkg := flag.String("pkg", ".", "directory of the package whose comparisons are mutated")
	tests := flag.String("tests", "", "comma-separated package directories whose tests run against the mutants (default -pkg)")
	files := flag.String("files", "", "regexp of the file names to mutate (default every non-test file)")
	workers := flag.Int("workers", 1, "test runs at once")
	out := flag.String("o", "", "write every mutant and its status as JSON to this file")
	flag.Parse()
	if err := run(*pkg, *tests, *files, *workers, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		os.Exit(2)
	}
}

func run(pkg, tests, files string, workers int, out string) error {
	dir, err := filepath.Abs(pkg)
	if err != nil {
		return err
	}
	var only *regexp.Regexp
	if files != "" {
		if only, err = regexp.Compile(files); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "mutants-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ms, overlay, err := schemata(dir, tmp, only)
	if err != nil {
		return err
	}
	dirs := []string{dir}
	if tests != "" {
		dirs = nil
		for _, d := range strings.Split(tests, ",") {
			a, err := filepath.Abs(d)
			if err != nil {
				return err
			}
			dirs = append(dirs, a)
		}
	}
	var bins []*binary
	for i, d := range dirs {
		b, err := build(d, filepath.Join(tmp, fmt.Sprintf("pkg%d.test", i)), overlay, workers)
		if err != nil {
			return err
		}
		bins = append(bins, b)
	}
	start := time.Now()
	parallel(len(ms), workers, func(i int) {
		m := ms[i]
		m.Status = try(m.ID, bins)
		if m.Status != notCovered {
			fmt.Printf("%12s %s at %s (%s → %s)\n", m.Status, m.Kind, m.Pos, m.From, m.To)
		}
	})
	n := map[string]int{}
	for _, m := range ms {
		n[m.Status]++
	}
	eff := 0.0
	if k, l := n[killed], n[lived]; k+l > 0 {
		eff = 100 * float64(k) / float64(k+l)
	}
	fmt.Printf("killed %d, lived %d, timed out %d, not covered %d; efficacy %.1f %% (%d mutants in %s)\n",
		n[killed], n[lived], n[timedOut], n[notCovered], eff, len(ms), time.Since(start).Round(time.Second))
	if out == "" {
		return nil
	}
	b, err := json.MarshalIndent(ms, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// schemata writes each file of dir with its comparisons rewritten, and the
// switch they call, to tmp, and returns the mutants and the overlay that
// puts the files in place for the go command.
func schemata(dir, tmp string, only *regexp.Regexp) ([]*mutant, string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", err
	}
	fset := token.NewFileSet()
	replace := map[string]string{}
	var ms []*mutant
	name := ""
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		path := filepath.Join(dir, n)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, "", err
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, "", err
		}
		name = f.Name.Name
		if only != nil && !only.MatchString(n) {
			continue
		}
		var got []byte
		got, ms = rewrite(fset, f, src, n, ms)
		if got == nil {
			continue
		}
		to := filepath.Join(tmp, n)
		if err := os.WriteFile(to, got, 0o644); err != nil {
			return nil, "", err
		}
		replace[path] = to
	}
	sw := filepath.Join(tmp, "zz_mutants.go")
	if err := os.WriteFile(sw, []byte(fmt.Sprintf(switchFile, name)), 0o644); err != nil {
		return nil, "", err
	}
	replace[filepath.Join(dir, "zz_mutants.go")] = sw
	ov, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return nil, "", err
	}
	overlay := filepath.Join(tmp, "overlay.json")
	return ms, overlay, os.WriteFile(overlay, ov, 0o644)
}

// switchFile is added to the mutated package: lktMutantOn says whether
// mutant id is the one LKT_MUTANT chose, and, when LKT_MUTANT_TRACE names a
// file, writes there each comparison a test run reaches.
const switchFile = `package %s

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

var lktMutantID, _ = strconv.Atoi(os.Getenv("LKT_MUTANT"))
var lktMutantTrace = os.Getenv("LKT_MUTANT_TRACE")
var lktMutantSeen sync.Map

func lktMutantOn(id int) bool {
	if lktMutantTrace != "" {
		if _, dup := lktMutantSeen.LoadOrStore(id, true); !dup {
			if f, err := os.OpenFile(lktMutantTrace, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintln(f, id)
				f.Close()
			}
		}
	}
	return id == lktMutantID
}
`

// rewrite returns src with each comparison outside constant declarations
// replaced by a closure that evaluates one of its mutants when chosen, or
// nil when the file has none; it appends the mutants to ms.
func rewrite(fset *token.FileSet, f *ast.File, src []byte, name string, ms []*mutant) ([]byte, []*mutant) {
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	var cmps []*ast.BinaryExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if g, ok := n.(*ast.GenDecl); ok && g.Tok == token.CONST {
			return false // a closure is no constant
		}
		if b, ok := n.(*ast.BinaryExpr); ok {
			if _, ok := negate[b.Op]; ok {
				cmps = append(cmps, b)
			}
		}
		return true
	})
	if len(cmps) == 0 {
		return nil, ms
	}
	slices.SortFunc(cmps, func(a, b *ast.BinaryExpr) int { return int(a.Pos() - b.Pos()) })
	// emit writes src[from:to] with the outermost comparisons in list
	// rewritten, and those nested in their operands in turn.
	var emit func(buf *bytes.Buffer, from, to int, list []*ast.BinaryExpr)
	emit = func(buf *bytes.Buffer, from, to int, list []*ast.BinaryExpr) {
		cur := from
		for i := 0; i < len(list); i++ {
			b := list[i]
			s, e := off(b.Pos()), off(b.End())
			if s < cur || e > to {
				continue
			}
			j := i + 1
			for j < len(list) && off(list[j].Pos()) < e {
				j++
			}
			inner := list[i+1 : j]
			buf.Write(src[cur:s])
			var x, y bytes.Buffer
			emit(&x, off(b.X.Pos()), off(b.X.End()), inner)
			emit(&y, off(b.Y.Pos()), off(b.Y.End()), inner)
			p := fset.Position(b.OpPos)
			pos := fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
			buf.WriteString("func() bool {")
			alt := func(kind string, op token.Token) {
				m := &mutant{ID: len(ms) + 1, Kind: kind, Pos: pos, From: b.Op.String(), To: op.String()}
				ms = append(ms, m)
				fmt.Fprintf(buf, " if lktMutantOn(%d) { return (%s) %s (%s) };", m.ID, x.String(), op, y.String())
			}
			alt("CONDITIONALS_NEGATION", negate[b.Op])
			if op, ok := boundary[b.Op]; ok {
				alt("CONDITIONALS_BOUNDARY", op)
			}
			fmt.Fprintf(buf, " return (%s) %s (%s) }()", x.String(), b.Op, y.String())
			cur = e
			i = j - 1
		}
		buf.Write(src[cur:to])
	}
	var buf bytes.Buffer
	emit(&buf, 0, len(src), cmps)
	return buf.Bytes(), ms
}

// build compiles the tests of the package in dir with the overlay and runs
// each test alone, tracing which comparisons it reaches and how long it
// takes.
func build(dir, path, overlay string, workers int) (*binary, error) {
	start := time.Now()
	cmd := exec.Command("go", "test", "-c", "-overlay", overlay, "-o", path, ".")
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the tests of %s: %w", dir, err)
	}
	list, err := exec.Command(path, "-test.list", ".*").Output()
	if err != nil {
		return nil, err
	}
	var tests []string
	for _, l := range strings.Split(string(list), "\n") {
		if strings.HasPrefix(l, "Test") || strings.HasPrefix(l, "Example") || strings.HasPrefix(l, "Fuzz") {
			tests = append(tests, l)
		}
	}
	b := &binary{dir: dir, path: path, reach: map[int][]string{}, took: map[string]time.Duration{}}
	var mu sync.Mutex
	var failed error
	parallel(len(tests), workers, func(i int) {
		trace := fmt.Sprintf("%s.trace%d", path, i)
		c := exec.Command(path, "-test.run", "^"+tests[i]+"$", "-test.count=1")
		c.Dir, c.Env = dir, append(os.Environ(), "LKT_MUTANT_TRACE="+trace)
		s := time.Now()
		o, err := c.CombinedOutput()
		took := time.Since(s)
		data, _ := os.ReadFile(trace) // a test that reaches nothing writes none
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("%s fails without any mutant: %v\n%s", tests[i], err, o))
		}
		b.took[tests[i]] = took
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			id, _ := strconv.Atoi(sc.Text())
			b.reach[id] = append(b.reach[id], tests[i])
		}
	})
	if failed != nil {
		return nil, failed
	}
	fmt.Fprintf(os.Stderr, "%s: built and traced %d tests in %s\n", dir, len(tests), time.Since(start).Round(time.Second))
	return b, nil
}

// try runs the tests that reach mutant id, binary by binary, until one
// fails.
func try(id int, bins []*binary) string {
	status := notCovered
	for _, b := range bins {
		tests := b.reach[id]
		if len(tests) == 0 {
			continue
		}
		var normal time.Duration
		for _, t := range tests {
			normal += b.took[t]
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*normal+20*time.Second)
		c := exec.CommandContext(ctx, b.path, "-test.run", "^("+strings.Join(tests, "|")+")$", "-test.failfast", "-test.count=1")
		c.Dir, c.Env = b.dir, append(os.Environ(), "LKT_MUTANT="+strconv.Itoa(id))
		err := c.Run()
		late := ctx.Err() != nil
		cancel()
		switch {
		case late:
			status = timedOut
		case err != nil:
			return killed
		case status != timedOut:
			status = lived
		}
	}
	return status
}

func parallel(n, workers int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
