package words_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryMessageIsInThreeLanguages reads every non-test Go file of the
// module and fails when a text for people lacks English, bokmål or nynorsk:
// a Labels literal (by its EN, NB and NN keys, or three values in order)
// whose NN is missing or empty, or a words.New whose nynorsk is "". The
// pilot municipalities (Bjørnafjorden, Alver) write nynorsk (issue 16.7),
// so a nynorsk reader must never meet a bokmål fallback.
func TestEveryMessageIsInThreeLanguages(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: this test finds the module's files with go list")
	}
	out, err := exec.Command("go", "list", "-json=Dir,GoFiles", "../../...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	fset := token.NewFileSet()
	files, literals := 0, 0
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			Dir     string
			GoFiles []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list: %v", err)
		}
		for _, name := range p.GoFiles {
			path := filepath.Join(p.Dir, name)
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files++
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					if lacks, ok := lacksNynorsk(n); ok {
						literals++
						if lacks {
							t.Errorf("%s: a text in English and bokmål has no nynorsk (NN)", fset.Position(n.Pos()))
						}
					}
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" && isIdent(sel.X, "words") && len(n.Args) == 6 && isEmptyString(n.Args[5]) {
						t.Errorf("%s: words.New with an empty nynorsk text", fset.Position(n.Pos()))
					}
				}
				return true
			})
		}
	}
	if files < 50 || literals < 100 {
		t.Fatalf("read %d files and %d labelled texts: the module was not found where this test expects it", files, literals)
	}
}

// lacksNynorsk tells, for a composite literal that is a text in several
// languages (ok), whether its nynorsk is missing or empty.
func lacksNynorsk(cl *ast.CompositeLit) (lacks, ok bool) {
	keys := map[string]ast.Expr{}
	for _, e := range cl.Elts {
		if kv, isKV := e.(*ast.KeyValueExpr); isKV {
			if id, isID := kv.Key.(*ast.Ident); isID {
				keys[id.Name] = kv.Value
			}
		}
	}
	if keys["EN"] != nil && keys["NB"] != nil {
		nn := keys["NN"]
		return nn == nil || isEmptyString(nn), true
	}
	if isLabelsType(cl.Type) && len(keys) == 0 {
		return len(cl.Elts) < 3 || isEmptyString(cl.Elts[2]), true
	}
	return false, false
}

func isLabelsType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "Labels"
	case *ast.SelectorExpr:
		return e.Sel.Name == "Labels"
	}
	return false
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func isEmptyString(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	s, err := strconv.Unquote(lit.Value)
	return err == nil && strings.TrimSpace(s) == ""
}
