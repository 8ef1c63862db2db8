package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"text/template/parse"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The page templates are parsed once more for each language, and in each
// copy the text that depends only on the language — every {{.T "en" "nb"}},
// {{.Options "name"}} and {{.Lang}} — is evaluated and escaped once, when the package loads,
// and becomes plain template text. A page then costs the reflective calls
// for its data only, not the eighty-odd for its labels. The output is
// byte for byte what the plain templates give (a test compares them).

// Options returns the <option> elements the template name lists (the
// choices of a select that depend only on the language), rendered once
// per language.
func (p *page) Options(name string) (template.HTML, error) {
	if h, ok := options[optionsKey{p.Lang, name}]; ok {
		return h, nil
	}
	return renderOptions(p.Lang, name)
}

// optionTemplates are the templates Options renders.
var optionTemplates = []string{"role-options", "phase-options"}

type optionsKey struct {
	lang roles.Lang
	name string
}

var options = func() map[optionsKey]template.HTML {
	m := map[optionsKey]template.HTML{}
	for _, lang := range []roles.Lang{roles.Bokmal, roles.Nynorsk, roles.English} {
		for _, name := range optionTemplates {
			h, err := renderOptions(lang, name)
			if err != nil {
				panic(err)
			}
			m[optionsKey{lang, name}] = h
		}
	}
	return m
}()

func renderOptions(lang roles.Lang, name string) (template.HTML, error) {
	var b bytes.Buffer
	p := &page{Lang: lang, RoleOptions: roleOptions, Phases: plan.PhaseOrder()}
	if err := pages.ExecuteTemplate(&b, name, p); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// pageFiles are the templates the handlers execute, each with a *page.
var pageFiles = []string{"community.html", "error.html", "portfolio.html", "signin.html", "signout.html"}

var pagesByLang = map[roles.Lang]*template.Template{
	roles.Bokmal:  translatedPages(roles.Bokmal),
	roles.Nynorsk: translatedPages(roles.Nynorsk),
	roles.English: translatedPages(roles.English),
}

// pagesFor returns the templates for lang: the translated copy, or the
// plain templates for a language without one.
func pagesFor(lang roles.Lang) *template.Template {
	if t, ok := pagesByLang[lang]; ok {
		return t
	}
	return pages
}

func translatedPages(lang roles.Lang) *template.Template {
	t := template.Must(template.New("").ParseFS(webFS, "site/*.html"))
	// html/template adds its escapers to a template when it is first
	// executed; execute each page once, so that what is rewritten below
	// is the escaped tree. Errors from the empty page do not matter here.
	for _, name := range pageFiles {
		_ = t.ExecuteTemplate(io.Discard, name, &page{Lang: lang})
	}
	p := &page{Lang: lang}
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			fold(tt.Tree.Root, p, true)
		}
	}
	return t
}

// fold replaces, in list and the lists inside it, every action whose value
// depends only on the page's language with its escaped text. dotIsPage
// tells whether dot is still the page (outside with and range).
func fold(list *parse.ListNode, p *page, dotIsPage bool) {
	if list == nil {
		return
	}
	changed := false
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := foldAction(n, p, dotIsPage); ok {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
				changed = true
			}
		case *parse.IfNode:
			fold(n.List, p, dotIsPage)
			fold(n.ElseList, p, dotIsPage)
		case *parse.RangeNode:
			fold(n.List, p, false)
			fold(n.ElseList, p, dotIsPage)
		case *parse.WithNode:
			fold(n.List, p, false)
			fold(n.ElseList, p, dotIsPage)
		}
	}
	if changed {
		list.Nodes = joinText(list.Nodes)
	}
}

// joinText merges neighbouring text nodes into one.
func joinText(nodes []parse.Node) []parse.Node {
	out := nodes[:0:0]
	for _, n := range nodes {
		t, ok := n.(*parse.TextNode)
		if ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(*parse.TextNode); ok {
				out[len(out)-1] = &parse.TextNode{NodeType: parse.NodeText, Pos: prev.Pos,
					Text: append(append([]byte(nil), prev.Text...), t.Text...)}
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// foldAction evaluates n if it is {{.T "en" "nb"}}, {{.Options "name"}}
// or {{.Lang}} on the page (or on $, the page in every template the handlers execute), piped
// through escapers whose effect on a string is known; see escapeAs.
func foldAction(n *parse.ActionNode, p *page, dotIsPage bool) (string, bool) {
	pipe := n.Pipe
	if pipe == nil || pipe.IsAssign || len(pipe.Decl) > 0 || len(pipe.Cmds) < 2 {
		return "", false
	}
	var value any
	switch args := pipe.Cmds[0].Args; {
	case len(args) == 3 && onPage(args[0], "T", dotIsPage):
		en, ok1 := args[1].(*parse.StringNode)
		nb, ok2 := args[2].(*parse.StringNode)
		if !ok1 || !ok2 {
			return "", false
		}
		value = p.T(en.Text, nb.Text)
	case len(args) == 2 && onPage(args[0], "Options", dotIsPage):
		name, ok := args[1].(*parse.StringNode)
		if !ok {
			return "", false
		}
		h, err := p.Options(name.Text)
		if err != nil {
			return "", false
		}
		value = h
	case len(args) == 1 && onPage(args[0], "Lang", dotIsPage):
		value = p.Lang
	default:
		return "", false
	}
	for _, c := range pipe.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok {
			return "", false
		}
		s, ok := escapeAs(id.Ident, value)
		if !ok {
			return "", false
		}
		value = s
	}
	s, ok := value.(string)
	return s, ok
}

// onPage tells whether n is $.name, or .name with dot the page.
func onPage(n parse.Node, name string, dotIsPage bool) bool {
	switch n := n.(type) {
	case *parse.VariableNode:
		return len(n.Ident) == 2 && n.Ident[0] == "$" && n.Ident[1] == name
	case *parse.FieldNode:
		return dotIsPage && len(n.Ident) == 1 && n.Ident[0] == name
	}
	return false
}

// escapers runs html/template's own escapers on a string: each is a small
// template to which html/template gives that one escaper, checked when it
// is made.
var escapers = map[string]*escapeProbe{
	"_html_template_htmlescaper":   newProbe("_html_template_htmlescaper", "", ""),
	"_html_template_attrescaper":   newProbe("_html_template_attrescaper", `<p title="`, `">`),
	"_html_template_rcdataescaper": newProbe("_html_template_rcdataescaper", "<title>", "</title>"),
}

type escapeProbe struct {
	t             *template.Template
	before, after string
}

func newProbe(escaper, before, after string) *escapeProbe {
	t := template.Must(template.New("probe").Parse(before + "{{.}}" + after))
	if err := t.Execute(io.Discard, ""); err != nil { // escapes the template
		panic(err)
	}
	var got []string
	for _, n := range t.Tree.Root.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			for _, c := range a.Pipe.Cmds[1:] {
				got = append(got, c.String())
			}
		}
	}
	if len(got) != 1 || got[0] != escaper {
		panic(fmt.Sprintf("web: html/template escapes %q with %v, not %s", before+"{{.}}"+after, got, escaper))
	}
	return &escapeProbe{t: t, before: before, after: after}
}

// escapeAs applies the named html/template escaper to v, if it is one of
// escapers: v as the action gives it, so that it is made a string as
// html/template would (a template.HTML passes as it is, a type with a
// String method is printed with it).
func escapeAs(escaper string, v any) (string, bool) {
	e, ok := escapers[escaper]
	if !ok {
		return "", false
	}
	var b bytes.Buffer
	if err := e.t.Execute(&b, v); err != nil {
		return "", false
	}
	out, ok1 := bytes.CutPrefix(b.Bytes(), []byte(e.before))
	out, ok2 := bytes.CutSuffix(out, []byte(e.after))
	return string(out), ok1 && ok2
}
