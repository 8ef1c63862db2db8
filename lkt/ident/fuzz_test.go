package ident

import (
	"testing"
	"time"
)

func FuzzParsePersonNumber(f *testing.F) {
	for _, s := range []string{
		"01019012480", "41019012474", "01819012446", "41819012510", "15067560075",
		"29022051251", "17054595034", "31029012493", "29020012461", "15067575005",
		"01019012481", "00000000000", "", "0101901248a", "٠١٠١٩٠١٢٤٨٠", "99999999999",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, allow bool) {
		p, err := ParsePersonNumber(s, Options{AllowSynthetic: allow})
		if err != nil {
			if p != (PersonNumber{}) {
				t.Fatalf("error %v with non-zero result %+v", err, p)
			}
			return
		}
		if p.Number != s || len(s) != 11 {
			t.Fatalf("accepted %q as %+v", s, p)
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				t.Fatalf("accepted non-digit in %q", s)
			}
		}
		dd := int(s[0]-'0')*10 + int(s[1]-'0')
		mm := int(s[2]-'0')*10 + int(s[3]-'0')
		yy := int(s[4]-'0')*10 + int(s[5]-'0')
		if p.Kind == DNumber {
			dd -= 40
		} else if p.Kind != NationalID {
			t.Fatalf("%q: kind %q", s, p.Kind)
		}
		if p.Synthetic {
			if !allow {
				t.Fatalf("%q: synthetic accepted without AllowSynthetic", s)
			}
			mm -= 80
		}
		b := p.BirthDate
		if b.Day() != dd || int(b.Month()) != mm || b.Year()%100 != yy {
			t.Fatalf("%q: birth date %v does not match digits (day %d, month %d, year %02d)", s, b, dd, mm, yy)
		}
		if b.Location() != time.UTC || b.Hour() != 0 || b.Minute() != 0 || b.Second() != 0 || b.Nanosecond() != 0 {
			t.Fatalf("%q: birth date %v is not UTC midnight", s, b)
		}
		if b.Year() < 1854 || b.Year() > 2039 {
			t.Fatalf("%q: birth year %d out of range", s, b.Year())
		}
		if _, _, ok := personCheckDigits([]int{
			int(s[0] - '0'), int(s[1] - '0'), int(s[2] - '0'), int(s[3] - '0'), int(s[4] - '0'),
			int(s[5] - '0'), int(s[6] - '0'), int(s[7] - '0'), int(s[8] - '0'),
		}); !ok {
			t.Fatalf("%q: accepted without valid check digits", s)
		}
	})
}
