package plan

import (
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Document is what a rendering of the plan shows: a revision with the names
// of the people it names, in one language, as the patient gets it in
// writing. Besides the seven sections, the patient asked for the people
// with their workplace and how to reach them, the story the plan rests on
// and what the meetings decided, with who and by when (report 7.1.4 and the
// evaluation's interviews: "få planen skriftlig").
type Document struct {
	Patient  string // the patient's name
	Revision Revision
	People   Directory
	Lang     roles.Lang // English, bokmål or nynorsk
	// AsOf is the day the document is printed for; it decides whether an
	// evaluation is overdue. Nothing here reads the clock.
	AsOf time.Time
	// Evaluated lists the evaluation dates already evaluated.
	Evaluated []time.Time
	// Story is the story revision the plan rests on
	// (Sections.Patient.StoryRevision), in the patient's words.
	Story Story
	// Actors are the community's members on day AsOf, for the actor table.
	Actors []Actor
	// Meetings are the meetings held, with their decisions.
	Meetings []Meeting
}

// Story is element A as the written plan quotes it.
type Story struct {
	GoodDay, LessGoodDays, LifeBefore, LifeNow string
}

// Actor is one row of the written plan's actor table: who a person is,
// where they work and how to reach them (report 7.1.2: "arbeidssted,
// status, rolle og kontaktinformasjon").
type Actor struct {
	ID           MemberID
	Organisation string
	Workplace    string
	Phone        string
	Email        string
	ContactNote  string
}

// Written is the plan as the patient gets it in writing, in one language:
// headings, paragraphs and lists in reading order. The text, HTML and PDF
// renderings all draw this one outline, so what the written plan says is
// decided once, here.
type Written struct {
	Lang   roles.Lang
	Title  string
	Status string // revision, and agreed on which day or that it is a draft
	Draft  bool
	Parts  []Part
}

// Part is one section of the written plan under its heading.
type Part struct {
	Heading string
	Blocks  []Block
}

// Block is a sub-heading, a paragraph and a list, any of them empty. Class
// is a hint for renderers that colour (the phase model's "green", "yellow",
// "red"); the text never depends on it.
type Block struct {
	Heading string
	Text    string
	Items   []Entry
	Class   string
}

// Entry is one line of a list: an optional lead (a person, shown strong),
// the text, and an alert a reader must not miss (an overdue date).
type Entry struct {
	Lead  string
	Text  string
	Alert string
}

// Outline lays the document out as the written plan, in d.Lang.
func Outline(d Document) Written {
	v := view{d}
	r := d.Revision
	w := Written{Lang: d.Lang, Title: v.T("title") + " " + v.T("for") + " " + d.Patient}
	w.Status = v.T("revision") + " " + strconv.Itoa(r.No)
	if r.AgreedAt != nil {
		w.Status += ", " + v.T("agreed") + " " + v.Date(*r.AgreedAt)
	} else {
		w.Status += " — " + v.T("draft")
		w.Draft = true
	}
	s := r.Plan.Sections

	one := Part{Heading: v.T("s1"), Blocks: []Block{{Text: s.Patient.WhoIs}, {Text: v.StoryLine()}}}
	for _, p := range []struct{ key, text string }{
		{"goodday", d.Story.GoodDay}, {"lessgood", d.Story.LessGoodDays}, {"before", d.Story.LifeBefore}, {"now", d.Story.LifeNow},
	} {
		if p.text != "" {
			one.Blocks = append(one.Blocks, Block{Heading: v.T(p.key), Text: p.text})
		}
	}
	one.Blocks = append(one.Blocks, Block{Heading: v.T("challenges"), Items: plain(s.Patient.Challenges)})

	two := Part{Heading: v.T("s2")}
	var tasks []Entry
	for _, t := range s.Roles.Responsibilities {
		tasks = append(tasks, Entry{Lead: v.Name(t.Member), Text: t.Task})
	}
	two.Blocks = append(two.Blocks, Block{Items: tasks})
	two.Blocks = append(two.Blocks, v.mandate(s.Roles.Mandate))
	if len(s.Roles.Leaders) > 0 {
		var it []Entry
		for _, l := range s.Roles.Leaders {
			it = append(it, Entry{Lead: l.Name, Text: strings.TrimPrefix(l.Title+", ", ", ") + l.Organisation + "; " + v.leaderAccepted(r, l)})
		}
		two.Blocks = append(two.Blocks, Block{Heading: v.T("leaders"), Items: it})
	}
	if len(s.Roles.Missing) > 0 {
		var it []Entry
		for _, m := range s.Roles.Missing {
			it = append(it, Entry{Text: m.Need + paren(m.Reason)})
		}
		two.Blocks = append(two.Blocks, Block{Heading: v.T("missing"), Items: it})
	}
	if len(s.Roles.NotNeeded) > 0 {
		var it []Entry
		for _, m := range s.Roles.NotNeeded {
			who := m.Need
			if m.Member != "" {
				who = v.Name(m.Member)
			}
			it = append(it, Entry{Text: who + paren(m.Reason)})
		}
		two.Blocks = append(two.Blocks, Block{Heading: v.T("notneeded"), Items: it})
	}
	if len(d.Actors) > 0 {
		two.Blocks = append(two.Blocks, Block{Heading: v.T("actors"), Items: v.actorTable()})
	}

	three := Part{Heading: v.T("s3")}
	var lines []Entry
	for _, l := range s.Communication.Lines {
		lines = append(lines, Entry{Text: v.Name(l.From) + " " + v.T("informs") + " " + v.Names(l.To) + " " + v.T("about") + " " +
			l.About + ", " + v.T("by") + " " + v.Channel(l.Channel) + ", " + l.Frequency + "."})
	}
	three.Blocks = []Block{{Items: lines}}

	four := Part{Heading: v.T("s4")}
	for _, t := range s.Contingency.Transitions {
		h := v.Kind(t.Kind) + " (" + v.T("unplanned")
		if t.Planned {
			h = v.Kind(t.Kind) + " (" + v.T("planned")
		}
		if t.When != nil {
			h += ", " + v.T("expected") + " " + v.Date(*t.When)
		}
		four.Blocks = append(four.Blocks, Block{Heading: h + ")", Text: t.What, Items: v.measures(t.Measures)})
	}
	four.Blocks = append(four.Blocks, Block{Heading: v.T("phasemodel")})
	for _, ph := range PhaseOrder() {
		pp := v.PhasePlan(ph)
		four.Blocks = append(four.Blocks,
			Block{Heading: v.Phase(ph), Text: v.T("signs") + ":", Items: plain(pp.Signs), Class: string(ph)},
			Block{Text: v.T("measures") + ":", Items: v.measures(pp.Measures), Class: string(ph)})
	}

	five := Part{Heading: v.T("s5")}
	var acts []Entry
	for _, a := range s.AnnualWheel.Activities {
		acts = append(acts, Entry{Text: a.Title + ": " + v.Recurrence(a.Recurrence) + "; " + v.T("responsible") + ": " + v.Name(a.Responsible)})
	}
	five.Blocks = []Block{{Items: acts}}

	six := Part{Heading: v.T("s6")}
	var docs []Entry
	for _, e := range s.Documentation.Entries {
		docs = append(docs, Entry{Text: e.What + ": " + v.Name(e.Who) + ", " + e.Where})
	}
	six.Blocks = []Block{{Items: docs}, {Text: v.T("stories") + ": " + s.Documentation.Stories}}

	seven := Part{Heading: v.T("s7")}
	var dates []Entry
	for _, dt := range s.Evaluation.Dates {
		it := Entry{Text: v.Date(dt)}
		if v.Overdue(dt) {
			it.Alert = v.T("overdue")
		}
		dates = append(dates, it)
	}
	seven.Blocks = []Block{
		{Text: v.T("what") + ":", Items: plain(s.Evaluation.What)},
		{Text: v.T("how") + ": " + s.Evaluation.How},
		{Text: v.T("when") + ":", Items: dates},
		{Text: v.T("responsible") + ": " + v.Name(s.Evaluation.Responsible)},
	}
	w.Parts = []Part{one, two, three, four, five, six, seven}

	if len(d.Meetings) > 0 {
		w.Parts = append(w.Parts, v.decisions())
	}
	acc := Part{Heading: v.T("acceptances")}
	var accepted []Entry
	for _, a := range r.Acceptances {
		accepted = append(accepted, Entry{Text: v.Party(a.Party) + ", " + v.Date(a.At) + v.recorded(a)})
	}
	if len(accepted) == 0 {
		acc.Blocks = []Block{{Text: v.T("noacceptances")}}
	} else {
		acc.Blocks = []Block{{Items: accepted}}
	}
	w.Parts = append(w.Parts, acc)
	return w
}

func plain(ss []string) []Entry {
	out := make([]Entry, 0, len(ss))
	for _, s := range ss {
		out = append(out, Entry{Text: s})
	}
	return out
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func (v view) measures(ms []Measure) []Entry {
	out := make([]Entry, 0, len(ms))
	for _, m := range ms {
		out = append(out, Entry{Lead: v.Name(m.Responsible), Text: m.What + " (" + v.Within(m.WithinDays) + ")"})
	}
	return out
}

// actorTable lists every member: name and role, then where they work and
// how to reach them.
func (v view) actorTable() []Entry {
	out := make([]Entry, 0, len(v.Actors))
	for _, a := range v.Actors {
		var parts []string
		for _, s := range []string{a.Organisation, a.Workplace} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if a.Phone != "" {
			parts = append(parts, v.T("phone")+" "+a.Phone)
		}
		if a.Email != "" {
			parts = append(parts, a.Email)
		}
		if a.ContactNote != "" {
			parts = append(parts, a.ContactNote)
		}
		if len(parts) == 0 {
			parts = append(parts, v.T("nocontact"))
		}
		out = append(out, Entry{Lead: v.Name(a.ID), Text: strings.Join(parts, ", ")})
	}
	return out
}

// decisions lists each meeting held with who took part and what it
// decided: who is responsible, by when, and whether it is done.
func (v view) decisions() Part {
	p := Part{Heading: v.T("decisions")}
	for _, m := range v.Meetings {
		b := Block{Heading: m.Title + ", " + v.Date(m.Held)}
		if len(m.Attended) > 0 {
			b.Text = v.T("present") + ": " + v.Names(m.Attended)
		}
		for _, d := range m.Decisions {
			it := Entry{Lead: v.Name(d.Responsible), Text: d.What + ", " + v.T("byday") + " " + v.Date(d.Due)}
			switch {
			case d.DoneAt != nil:
				it.Text += " — " + v.T("done") + " " + v.Date(*d.DoneAt)
			case d.Due.Before(v.AsOf):
				it.Alert = v.T("decisionoverdue")
			}
			b.Items = append(b.Items, it)
		}
		if len(m.Decisions) == 0 {
			b.Items = []Entry{{Text: v.T("nodecisions")}}
		}
		p.Blocks = append(p.Blocks, b)
	}
	return p
}

// recorded says who recorded an acceptance given on the party's word, and
// the evidence it rests on; "" for one given in person.
func (v view) recorded(a Acceptance) string {
	if !a.OnBehalf {
		return ""
	}
	text := " (" + v.T("onbehalf") + " " + v.Name(a.RecordedBy)
	if a.Evidence != nil {
		text += ": " + v.T("evidence-"+string(a.Evidence.Kind)) + ", " + a.Evidence.Reference
	}
	return text + ")"
}

// leaderAccepted says whether leader l has accepted revision r: when, who
// recorded it and on what evidence, or that the acceptance is awaited.
func (v view) leaderAccepted(r Revision, l Leader) string {
	a, ok := r.AcceptanceBy(l.Party())
	if !ok {
		return v.T("leader-awaited")
	}
	return v.T("leader-accepted") + " " + v.Date(a.At) + v.recorded(a)
}

// mandate is the coordinator's mandate as the parties accept it: the two
// main tasks in the community's words, further tasks and authority, and the
// authority to intervene that every mandate carries.
func (v view) mandate(m Mandate) Block {
	b := Block{Heading: v.T("mandate")}
	add := func(key, text string) {
		if strings.TrimSpace(text) != "" {
			b.Items = append(b.Items, Entry{Lead: v.T(key), Text: text})
		}
	}
	add("contactpoint", m.ContactPoint)
	add("leading", m.Leading)
	for _, t := range m.Tasks {
		add("task", t)
	}
	for _, a := range m.Authority {
		add("authority", a)
	}
	add("authority", v.T("intervene"))
	return b
}
