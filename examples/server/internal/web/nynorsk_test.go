package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestEveryPageTextIsInNynorsk fails when a text the pages show lacks
// English, bokmål or nynorsk: every {{.T "en" "nb"}} in the templates and
// every p.T("en", "nb") in the Go code needs its nynorsk in nynorsk.go,
// and every label table of the pages all three.
func TestEveryPageTextIsInNynorsk(t *testing.T) {
	pairs := map[string]string{} // bokmål -> where
	call := regexp.MustCompile(`\.T ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")`)
	tmpls, err := filepath.Glob("site/*.html")
	require.NoError(t, err)
	require.NotEmpty(t, tmpls)
	for _, f := range tmpls {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			nb, err := strconv.Unquote(m[2])
			require.NoError(t, err)
			pairs[nb] = f
		}
	}
	fset := token.NewFileSet()
	sources, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range sources {
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) != 2 {
				return true
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "T" {
				return true
			}
			if lit, ok := c.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				nb, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				pairs[nb] = fset.Position(c.Pos()).String()
			}
			return true
		})
	}
	require.Greater(t, len(pairs), 50, "the pages' texts were found")
	for nb, where := range pairs {
		assert.NotEmpty(t, nynorsk[nb], "%s: %q has no nynorsk in nynorsk.go", where, nb)
	}
	tables := map[string]map[string]roles.Labels{}
	add := func(name string, key string, l roles.Labels) {
		if tables[name] == nil {
			tables[name] = map[string]roles.Labels{}
		}
		tables[name][key] = l
	}
	for k, l := range phaseLabels {
		add("phaseLabels", string(k), l)
	}
	for k, l := range statusLabels {
		add("statusLabels", string(k), l)
	}
	for k, l := range consentLabels {
		add("consentLabels", string(k), l)
	}
	for k, l := range memberStatusLabels {
		add("memberStatusLabels", string(k), l)
	}
	for name, table := range tables {
		for key, l := range table {
			assert.True(t, l.EN != "" && l.NB != "" && l.NN != "", "%s[%s] lacks a language: %+v", name, key, l)
		}
	}
}

func TestThePageSpeaksNynorsk(t *testing.T) {
	f := withPlan(t)
	w := f.browse("GET", "/communities/c-plan?lang=nn", tokCoordinator, nil)
	require.Equal(t, 200, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `<html lang="nn">`)
	for _, nn := range []string{"Planen skriftleg", "Mandat avtalt i planen, versjon 1", "Kontaktpunkt for pasienten og dei pårørande:", "Utfordringar"} {
		assert.Contains(t, body, nn)
	}
	for _, nb := range []string{"Planen skriftlig", "Kontaktpunkt for pasienten og de pårørende", "Utfordringer"} {
		assert.NotContains(t, body, nb)
	}
}

// Before a plan is agreed the page says the role's two main tasks are the
// framework's; the appointment gave no task list of its own (issue 16.6).
func TestThePageSaysTheMandateAwaitsThePlan(t *testing.T) {
	f := newFixture(t)
	for lang, want := range map[string]string{
		"en": "No plan is agreed yet: the role&#39;s two main tasks are the framework&#39;s",
		"nb": "Ingen plan er avtalt ennå: rollens to hovedoppgaver er rammeverkets",
		"nn": "Ingen plan er avtalt enno: dei to hovudoppgåvene til rolla er rammeverket sine",
	} {
		w := f.browse("GET", "/communities/c-jonas?lang="+lang, tokCoordinator, nil)
		require.Equal(t, 200, w.Code)
		assert.Contains(t, w.Body.String(), want, lang)
		assert.NotContains(t, w.Body.String(), "Mandat avtalt i planen", lang)
	}
}

// A browser that asks for nynorsk gets the pages in nynorsk without
// choosing on the site; a choice made on the site wins (issue 17).
func TestThePageFollowsAcceptLanguage(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, 200, f.browse("GET", "/", tokCoordinator, nil).Code)
	get := func(cookies ...*http.Cookie) string {
		r := httptest.NewRequest("GET", "/communities/c-jonas", nil)
		r.AddCookie(&http.Cookie{Name: lkthttp.SessionCookie, Value: f.sessionOf[tokCoordinator]})
		for _, c := range cookies {
			r.AddCookie(c)
		}
		r.Header.Set("Accept-Language", "nn-NO, nb;q=0.8, en;q=0.5")
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		require.Equal(t, 200, w.Code)
		return w.Body.String()
	}
	assert.Contains(t, get(), `<html lang="nn">`)
	assert.Contains(t, get(&http.Cookie{Name: "lkt_lang", Value: "nb"}), `<html lang="nb">`)
}
