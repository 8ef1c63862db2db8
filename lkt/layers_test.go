package lkt_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The layering of ARCHITECTURE.md, kept true by a test: dependencies point
// inward, the domain never reaches I/O adapters, and the element packages
// share only the leaves.
const module = "github.com/lkt-rammeverk/go-lkt"

// leaves import nothing of ours; every domain package may import them.
var leaves = []string{module + "/lkt/words", module + "/lkt/ident"}

// catalogue is the role catalogue: it speaks through words and imports nothing
// else of ours.
const catalogue = module + "/lkt/roles"

// elements are the packages for one element each; they import only the
// role catalogue and the leaves.
var elements = []string{module + "/lkt/plan", module + "/lkt/actormap", module + "/lkt/quality"}

// forbiddenInDomain are what no domain package may reach, even indirectly.
var forbiddenInDomain = []string{"net/http", "database/sql", module + "/adapters/", module + "/examples/"}

type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T, pattern string) []listed {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: the layering test reads the import graph with go list")
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", pattern).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list %s: %v\n%s", pattern, err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", pattern, err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatalf("go list %s listed no package", pattern)
	}
	return pkgs
}

func ours(imports []string) []string {
	var out []string
	for _, p := range imports {
		if strings.HasPrefix(p, module+"/") {
			out = append(out, p)
		}
	}
	return out
}

func TestLayering(t *testing.T) {
	pkgs := listPackages(t, module+"/lkt/...")
	for _, p := range pkgs {
		if strings.HasSuffix(p.ImportPath, "/lkttest") {
			continue // test support: may use what tests use
		}
		for _, d := range append(p.Deps, p.Imports...) {
			for _, f := range forbiddenInDomain {
				if d == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(d, f)) {
					t.Errorf("%s depends on %s: the domain stays free of I/O adapters and drivers", p.ImportPath, d)
				}
			}
		}
		switch {
		case slices.Contains(leaves, p.ImportPath):
			if o := ours(p.Imports); len(o) > 0 {
				t.Errorf("%s is a leaf and imports %v: leaves import nothing of ours", p.ImportPath, o)
			}
		case p.ImportPath == catalogue:
			for _, o := range ours(p.Imports) {
				if !slices.Contains(leaves, o) {
					t.Errorf("%s imports %s: the role catalogue imports only the leaves %v", p.ImportPath, o, leaves)
				}
			}
		case slices.Contains(elements, p.ImportPath):
			for _, o := range ours(p.Imports) {
				if o != catalogue && !slices.Contains(leaves, o) {
					t.Errorf("%s imports %s: an element package imports only %s and the leaves %v", p.ImportPath, o, catalogue, leaves)
				}
			}
		}
	}
}

// TestLayeringCatchesAViolation shows the check can fail: the example
// server certainly reaches net/http and the adapters.
func TestLayeringCatchesAViolation(t *testing.T) {
	pkgs := listPackages(t, module+"/examples/server")
	hit := false
	for _, d := range pkgs[0].Deps {
		for _, f := range forbiddenInDomain {
			if d == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(d, f)) {
				hit = true
			}
		}
	}
	if !hit {
		t.Fatal("the layering check found nothing forbidden in the example server, which imports net/http: the check is broken")
	}
}

// TestAdaptersImportNoExample: the adapters are what an integrator
// imports, so nothing of the example programs (their web pages, their demo
// logins) reaches them, even indirectly.
func TestAdaptersImportNoExample(t *testing.T) {
	for _, p := range listPackages(t, module+"/adapters/...") {
		for _, d := range append(p.Deps, p.Imports...) {
			if strings.HasPrefix(d, module+"/examples/") {
				t.Errorf("%s depends on %s: an adapter imports nothing of the examples", p.ImportPath, d)
			}
		}
	}
	// The check can fail: the example server reaches its own pages.
	hit := false
	for _, d := range listPackages(t, module+"/examples/server")[0].Deps {
		hit = hit || strings.HasPrefix(d, module+"/examples/")
	}
	if !hit {
		t.Fatal("the example server reaches nothing under examples/: the check is broken")
	}
}
