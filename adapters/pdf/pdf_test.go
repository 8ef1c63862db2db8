package pdf_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lktpdf "github.com/lkt-rammeverk/go-lkt/adapters/pdf"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// writtenPlan is the demo community's plan in force, as its patient reads it.
func writtenPlan(t testing.TB, lang roles.Lang) plan.Document {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	_, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc)
	require.NoError(t, err)
	doc, err := svc.WrittenPlan(ctx, lkttest.Patient, lkttest.CommunityID, 0, lang)
	require.NoError(t, err)
	return doc
}

// text extracts the PDF's text the way a reader (or a screen reader) sees it.
func text(t *testing.T, b []byte) string {
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err, "a PDF a reader opens")
	rd, err := r.GetPlainText()
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = out.ReadFrom(rd)
	require.NoError(t, err)
	return out.String()
}

func TestThePDFSaysWhatTheWrittenPlanSays(t *testing.T) {
	for _, lang := range []roles.Lang{roles.English, roles.Bokmal, roles.Nynorsk} {
		doc := writtenPlan(t, lang)
		var b bytes.Buffer
		require.NoError(t, lktpdf.Write(&b, doc))
		require.True(t, bytes.HasPrefix(b.Bytes(), []byte("%PDF-")))
		o := plan.Outline(doc)
		got := squash(withoutFooters(text(t, b.Bytes()), o))
		assert.Contains(t, got, squash(o.Title), lang)
		assert.Contains(t, got, squash(o.Status), lang)
		for _, part := range o.Parts {
			assert.Contains(t, got, squash(part.Heading), "%s: every section's heading", lang)
			for _, bl := range part.Blocks {
				for _, e := range bl.Items {
					assert.Contains(t, got, squash(e.Text), "%s: every line of %q", lang, part.Heading)
				}
			}
		}
	}
}

func TestThePDFIsInNynorskWhenAskedFor(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, lktpdf.Write(&b, writtenPlan(t, roles.Nynorsk)))
	got := text(t, b.Bytes())
	for _, w := range []string{"Kven eg er og utfordringane vi arbeider med saman", "Overgangar og beredskap", "Kven vi er og korleis de når oss"} {
		assert.Contains(t, squash(got), squash(w))
	}
	assert.NotContains(t, got, "Hvem")
}

func TestThePDFIsTheSameEachTime(t *testing.T) {
	doc := writtenPlan(t, roles.Bokmal)
	var a, b bytes.Buffer
	require.NoError(t, lktpdf.Write(&a, doc))
	require.NoError(t, lktpdf.Write(&b, doc))
	assert.Equal(t, a.Bytes(), b.Bytes(), "no clock and no randomness: the same plan prints the same bytes")
	if out := os.Getenv("LKT_PDF_OUT"); out != "" {
		require.NoError(t, os.WriteFile(out, a.Bytes(), 0o644))
	}
}

// withoutFooters removes the page footers, which text extraction puts
// where the page broke, in the middle of a line.
func withoutFooters(s string, o plan.Written) string {
	return regexp.MustCompile(regexp.QuoteMeta(o.Title+"  ·  "+o.Status)+`\s*\d+ / \d+`).ReplaceAllString(s, "")
}

// squash removes white space: a PDF breaks lines where the page ends, so
// its text is compared without them. It also drops characters beyond
// Latin-1 (the dashes, the ellipsis, the bullet), which the extracting
// library, not the PDF, reads wrongly.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFF {
			return -1
		}
		return r
	}, strings.Join(strings.Fields(s), ""))
}
