package pdf

import (
	"io"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// ContentType is the media type of what Write writes.
const ContentType = "application/pdf"

// Sizes, in millimetres and points.
const (
	margin     = 20.0
	lineHeight = 5.5
	indent     = 6.0
	fontName   = "go"
)

// phaseColours are the phase model's colours (RGB), as on the page.
var phaseColours = map[string][3]int{
	string(plan.Green):  {34, 136, 34},
	string(plan.Yellow): {170, 130, 0},
	string(plan.Red):    {187, 34, 34},
}

// Write writes the written plan d as a PDF to w.
func Write(w io.Writer, d plan.Document) error {
	o := plan.Outline(d)
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(fontName, "", goregular.TTF)
	p.AddUTF8FontFromBytes(fontName, "B", gobold.TTF)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.SetTitle(o.Title, true)
	p.SetLang(string(o.Lang))
	p.SetCreator("go-lkt", true)
	p.SetCreationDate(d.AsOf)
	p.SetModificationDate(d.AsOf)
	p.SetCatalogSort(true)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-margin + 5)
		p.SetFont(fontName, "", 8)
		p.SetTextColor(110, 110, 110)
		p.CellFormat(0, 4, o.Title+"  ·  "+o.Status, "", 0, "L", false, 0, "")
		p.CellFormat(0, 4, strconv.Itoa(p.PageNo())+" / {nb}", "", 0, "R", false, 0, "")
	})
	p.AddPage()

	p.SetFont(fontName, "B", 16)
	p.MultiCell(0, 7.5, o.Title, "", "L", false)
	style := ""
	if o.Draft {
		style = "B"
	}
	p.SetFont(fontName, style, 11)
	p.MultiCell(0, lineHeight, o.Status, "", "L", false)

	for _, part := range o.Parts {
		p.Ln(3)
		p.SetFont(fontName, "B", 13)
		p.MultiCell(0, 6.5, part.Heading, "B", "L", false)
		p.Ln(1)
		for _, b := range part.Blocks {
			block(p, b)
		}
	}
	if err := p.Error(); err != nil {
		return err
	}
	return p.Output(w)
}

// block draws a sub-heading, a paragraph and a list.
func block(p *fpdf.Fpdf, b plan.Block) {
	colour, coloured := phaseColours[b.Class]
	ink := func() {
		if coloured {
			p.SetTextColor(colour[0], colour[1], colour[2])
		} else {
			p.SetTextColor(0, 0, 0)
		}
	}
	if b.Heading != "" {
		p.Ln(1)
		ink()
		p.SetFont(fontName, "B", 11)
		p.MultiCell(0, lineHeight, b.Heading, "", "L", false)
	}
	p.SetTextColor(0, 0, 0)
	if b.Text != "" {
		p.SetFont(fontName, "", 10.5)
		p.MultiCell(0, lineHeight, b.Text, "", "L", false)
	}
	for _, e := range b.Items {
		p.SetX(margin + indent/2)
		p.SetFont(fontName, "", 10.5)
		p.Write(lineHeight, "•")
		p.SetLeftMargin(margin + indent)
		p.SetX(margin + indent)
		if e.Lead != "" {
			p.SetFont(fontName, "B", 10.5)
			p.Write(lineHeight, e.Lead+": ")
		}
		p.SetFont(fontName, "", 10.5)
		p.Write(lineHeight, e.Text)
		if e.Alert != "" {
			p.SetFont(fontName, "B", 10.5)
			p.SetTextColor(170, 0, 0)
			p.Write(lineHeight, " — "+e.Alert)
			p.SetTextColor(0, 0, 0)
		}
		p.SetLeftMargin(margin)
		p.Ln(lineHeight)
	}
}
