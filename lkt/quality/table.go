package quality

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

var categoryLabels = map[Category]roles.Labels{
	Structure: {EN: "structure", NB: "struktur", NN: "struktur"},
	Process:   {EN: "process", NB: "prosess", NN: "prosess"},
	Result:    {EN: "result", NB: "resultat", NN: "resultat"},
}

// Label returns the category's name in lang.
func (c Category) Label(lang roles.Lang) string {
	if l, ok := categoryLabels[c]; ok {
		return l.In(lang)
	}
	return string(c)
}

// Table renders the report as a plain-text table in lang: one row per
// indicator with category, name, numerator, denominator and value.
func (r Report) Table(lang roles.Lang) string {
	var b strings.Builder
	t := func(en, nb, nn string) string { return roles.Labels{EN: en, NB: nb, NN: nn}.In(lang) }
	fmt.Fprintf(&b, "%s %s – %s, %s %s, %d %s\n", t("Period", "Periode", "Periode"),
		r.Period.From.Format("2006-01-02"), r.Period.To.Format("2006-01-02"),
		t("measured", "målt", "målt"), r.Now.Format("2006-01-02"), r.Communities, t("communities", "aktørfellesskap", "aktørfellesskap"))
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t("Category", "Kategori", "Kategori"), t("Indicator", "Indikator", "Indikator"),
		t("Numerator", "Teller", "Teljar"), t("Denominator", "Nevner", "Nemnar"), t("Value", "Verdi", "Verdi"))
	for _, in := range r.Indicators {
		num := number(in.Numerator, lang)
		if in.Unit == Median || in.Suppressed {
			num = "–"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", in.Category.Label(lang), in.Name.In(lang), num,
			number(in.Denominator, lang), in.Format(lang))
	}
	w.Flush()
	return b.String()
}

// Format renders the indicator's value with its unit in lang; "–" when
// there is nothing to measure.
func (in Indicator) Format(lang roles.Lang) string {
	if in.Suppressed {
		return roles.Labels{EN: "suppressed", NB: "skjult", NN: "skjult"}.In(lang)
	}
	if !in.Defined {
		return "–"
	}
	switch in.Unit {
	case Share:
		return decimal(strconv.FormatFloat(in.Value*100, 'f', 1, 64), lang) + " %"
	case Median:
		s := decimal(strconv.FormatFloat(in.Value, 'f', -1, 64), lang) + roles.Labels{EN: " days", NB: " dager", NN: " dagar"}.In(lang)
		if in.Capped {
			s = "> " + s
		}
		return s
	case Rate:
		return decimal(strconv.FormatFloat(in.Value, 'f', 2, 64), lang) + roles.Labels{EN: " per member-year", NB: " per medlemsår", NN: " per medlemsår"}.In(lang)
	case Count:
		return number(in.Value, lang)
	}
	return decimal(strconv.FormatFloat(in.Value, 'f', 2, 64), lang)
}

// number shows whole numbers without decimals and others with two.
func number(v float64, lang roles.Lang) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return decimal(strconv.FormatFloat(v, 'f', 2, 64), lang)
}

// decimal uses the decimal comma in Norwegian.
func decimal(s string, lang roles.Lang) string {
	if lang == roles.English {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
