// Package pdf writes the plan for collaboration as a PDF, the form in which
// a patient most often asks to "have the plan in writing" (report 7.1.4).
//
// It draws plan.Outline — the same headings, paragraphs and lists as the
// text and HTML renderings — so the written plan's content is decided once,
// in package plan, and this package decides only the page: A4, the Go
// fonts embedded (they cover Norwegian and Sami letters, so no text is
// lost to a font's code page), page numbers, the phase model's colours and
// overdue dates in red. The output is deterministic: the document's date
// is the day it is printed for, never the clock.
//
// The PDF library is codeberg.org/go-pdf/fpdf (the maintained successor of
// jung-kurt/gofpdf): pure Go, no cgo, fonts from memory.
package pdf
