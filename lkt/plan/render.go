package plan

import (
	htmltemplate "html/template"
	"io"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Document is what a rendering of the plan shows: a revision with the names
// of the people it names, in one language, as the patient gets it in
// writing.
type Document struct {
	Patient  string // the patient's name
	Revision Revision
	People   Directory
	Lang     roles.Lang // English or bokmål (nynorsk falls back to bokmål)
	// AsOf is the day the document is printed for; it decides whether an
	// evaluation is overdue. Nothing here reads the clock.
	AsOf time.Time
	// Evaluated lists the evaluation dates already evaluated.
	Evaluated []time.Time
}

// RenderText writes the plan as plain text a person can read.
func RenderText(w io.Writer, d Document) error {
	return textTmpl.Execute(w, view{d})
}

// RenderHTML writes the plan as a printable HTML page.
func RenderHTML(w io.Writer, d Document) error {
	return htmlTmpl.Execute(w, view{d})
}

type view struct{ Document }

func (v view) T(key string) string { return texts[key].In(v.Lang) }

func (v view) Name(id MemberID) string {
	p, ok := lookup(v.People, id)
	if !ok {
		return string(id)
	}
	if p.Role == roles.Patient {
		return p.Name
	}
	role := p.Role.Label(v.Lang)
	if p.Holds != "" {
		role = p.Holds.Label(v.Lang)
	}
	return p.Name + " (" + role + ")"
}

func (v view) Names(ids []MemberID) string {
	var s []string
	for _, id := range ids {
		s = append(s, v.Name(id))
	}
	return strings.Join(s, ", ")
}

var monthsNB = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

func (v view) Date(t time.Time) string {
	if v.Lang == roles.English {
		return t.Format("2 January 2006")
	}
	return strconv.Itoa(t.Day()) + ". " + monthsNB[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

func (v view) DatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return v.Date(*t)
}

func (v view) Overdue(d time.Time) bool {
	for _, e := range v.Evaluated {
		if e.Equal(d) {
			return false
		}
	}
	return d.Before(v.AsOf)
}

func (v view) Channel(c Channel) string    { return texts["channel."+string(c)].In(v.Lang) }
func (v view) Kind(k ChangeKind) string    { return texts["change."+string(k)].In(v.Lang) }
func (v view) Phase(p Phase) string        { return texts["phase."+string(p)].In(v.Lang) }
func (v view) Phases() []Phase             { return PhaseOrder() }
func (v view) PhasePlan(p Phase) PhasePlan { return v.Revision.Plan.Sections.Contingency.Phases.Of(p) }
func (v view) Party(p Party) string        { return p.Label(v.Lang, v.People) }
func (v view) Within(days int) string {
	switch {
	case days == 0:
		return texts["at-once"].In(v.Lang)
	case v.Lang == roles.English && days == 1:
		return "within a day"
	case v.Lang == roles.English:
		return "within " + strconv.Itoa(days) + " days"
	case days == 1:
		return "innen ett døgn"
	}
	return "innen " + strconv.Itoa(days) + " dager"
}

var unitWords = map[Unit][3]string{ // English singular, English plural, bokmål
	Day: {"day", "days", "dag"}, Week: {"week", "weeks", "uke"}, Month: {"month", "months", "måned"}, Year: {"year", "years", "år"},
}

func (v view) Recurrence(r Recurrence) string {
	if !r.Calendar() {
		s := r.On.Label(v.Lang)
		if r.On != BeforeElectiveAdmission && !(r.On == BeforeDischarge && r.WithinDays == 0) {
			s += ", " + v.Within(r.WithinDays)
		}
		return s
	}
	u := unitWords[r.Unit]
	var s string
	switch {
	case v.Lang == roles.English && r.Every == 1:
		s = "every " + u[0]
	case v.Lang == roles.English:
		s = "every " + strconv.Itoa(r.Every) + " " + u[1]
	case r.Every == 1:
		s = "hver " + u[2]
	default:
		s = "hver " + strconv.Itoa(r.Every) + ". " + u[2]
	}
	if r.From != nil {
		s += ", " + texts["from"].In(v.Lang) + " " + v.Date(*r.From)
	}
	return s
}

var texts = map[string]roles.Labels{
	"title":                      {EN: "Plan for collaboration", NB: "Felles plan for samarbeid"},
	"for":                        {EN: "for", NB: "for"},
	"revision":                   {EN: "Revision", NB: "Versjon"},
	"agreed":                     {EN: "agreed", NB: "avtalt"},
	"draft":                      {EN: "draft, not yet agreed: it does not bind", NB: "utkast, ikke avtalt ennå: det er ikke bindende"},
	"s1":                         {EN: "1. Who I am and the challenges we work on together", NB: "1. Hvem jeg er og utfordringene vi arbeider med sammen"},
	"story":                      {EN: "Based on revision %d of my story (my good day).", NB: "Bygger på versjon %d av min fortelling (min gode dag)."},
	"challenges":                 {EN: "Challenges", NB: "Utfordringer"},
	"s2":                         {EN: "2. Roles and responsibilities", NB: "2. Roller og ansvar"},
	"missing":                    {EN: "Actors we agree are missing", NB: "Aktører vi er enige om at mangler"},
	"notneeded":                  {EN: "Actors no longer needed", NB: "Aktører det ikke lenger er behov for"},
	"s3":                         {EN: "3. Who informs whom", NB: "3. Hvem informerer hvem"},
	"informs":                    {EN: "informs", NB: "informerer"},
	"about":                      {EN: "about", NB: "om"},
	"by":                         {EN: "by", NB: "via"},
	"s4":                         {EN: "4. Transitions and contingency: who does what if …", NB: "4. Overganger og beredskap: hvem gjør hva hvis …"},
	"planned":                    {EN: "planned", NB: "planlagt"},
	"unplanned":                  {EN: "unplanned", NB: "uplanlagt"},
	"expected":                   {EN: "expected", NB: "forventet"},
	"phasemodel":                 {EN: "The phase model", NB: "Forløpsfasemodellen"},
	"signs":                      {EN: "Signs", NB: "Tegn"},
	"measures":                   {EN: "Measures", NB: "Tiltak"},
	"s5":                         {EN: "5. Annual wheel: what we always do", NB: "5. Årshjul: dette gjør vi alltid"},
	"responsible":                {EN: "responsible", NB: "ansvarlig"},
	"s6":                         {EN: "6. What is documented, by whom and where", NB: "6. Hva dokumenteres, av hvem og hvor"},
	"stories":                    {EN: "How my stories are kept", NB: "Slik tas fortellingene mine vare på"},
	"s7":                         {EN: "7. How we evaluate this plan", NB: "7. Slik evaluerer vi planen"},
	"what":                       {EN: "What", NB: "Hva"},
	"how":                        {EN: "How", NB: "Hvordan"},
	"when":                       {EN: "When", NB: "Når"},
	"overdue":                    {EN: "OVERDUE: the date has passed without an evaluation", NB: "FORFALT: datoen er passert uten evaluering"},
	"acceptances":                {EN: "Accepted by", NB: "Godtatt av"},
	"noacceptances":              {EN: "No one has accepted this revision yet.", NB: "Ingen har godtatt denne versjonen ennå."},
	"at-once":                    {EN: "at once", NB: "straks"},
	"from":                       {EN: "first on", NB: "første gang"},
	"on":                         {EN: "on", NB: "den"},
	"channel.meeting":            {EN: "meeting", NB: "møte"},
	"channel.phone":              {EN: "phone", NB: "telefon"},
	"channel.electronic-message": {EN: "electronic message", NB: "elektronisk melding"},
	"channel.discharge-summary":  {EN: "discharge summary", NB: "epikrise"},
	"channel.referral":           {EN: "referral", NB: "henvisning"},
	"channel.letter":             {EN: "letter", NB: "brev"},
	"channel.video":              {EN: "video call", NB: "videosamtale"},
	"channel.contact-book":       {EN: "contact book", NB: "kontaktbok"},
	"change.operation":           {EN: "Operation", NB: "Operasjon"},
	"change.school-change":       {EN: "School change", NB: "Skolebytte"},
	"change.child-to-adult":      {EN: "From child to adult services", NB: "Overgang fra barn til voksen"},
	"change.holiday":             {EN: "Holidays", NB: "Ferie"},
	"change.acute-worsening":     {EN: "Acute worsening", NB: "Akutt forverring"},
	"change.helper-leaving":      {EN: "A key helper leaves", NB: "En nøkkelperson slutter"},
	"change.actor-illness":       {EN: "Illness among the actors", NB: "Sykdom blant aktørene"},
	"change.new-illness":         {EN: "New illness", NB: "Ny sykdom"},
	"change.other":               {EN: "Other change", NB: "Annen endring"},
	"phase.green":                {EN: "Green — stable: the measures are followed", NB: "Grønn — stabil: tiltakene følges"},
	"phase.yellow":               {EN: "Yellow — unstable: measures are reinforced", NB: "Gul — ustabil: tiltakene forsterkes"},
	"phase.red":                  {EN: "Red — acute: further reinforcement and contact with specialist services", NB: "Rød — akutt: ytterligere forsterking og kontakt med spesialisthelsetjenesten"},
}

func (v view) Story() string {
	return strings.Replace(v.T("story"), "%d", strconv.Itoa(v.Revision.Plan.Sections.Patient.StoryRevision), 1)
}

const textSrc = `{{.T "title"}} {{.T "for"}} {{.Patient}}
{{.T "revision"}} {{.Revision.No}}{{if .Revision.AgreedAt}}, {{.T "agreed"}} {{.DatePtr .Revision.AgreedAt}}{{else}} — {{.T "draft"}}{{end}}
{{with .Revision.Plan.Sections}}
{{$.T "s1"}}
{{.Patient.WhoIs}}
{{$.Story}}
{{$.T "challenges"}}:
{{range .Patient.Challenges}}  - {{.}}
{{end}}
{{$.T "s2"}}
{{range .Roles.Responsibilities}}  - {{$.Name .Member}}: {{.Task}}
{{end}}{{if .Roles.Missing}}{{$.T "missing"}}:
{{range .Roles.Missing}}  - {{.Need}}{{if .Reason}} ({{.Reason}}){{end}}
{{end}}{{end}}{{if .Roles.NotNeeded}}{{$.T "notneeded"}}:
{{range .Roles.NotNeeded}}  - {{if .Member}}{{$.Name .Member}}{{else}}{{.Need}}{{end}}{{if .Reason}} ({{.Reason}}){{end}}
{{end}}{{end}}
{{$.T "s3"}}
{{range .Communication.Lines}}  - {{$.Name .From}} {{$.T "informs"}} {{$.Names .To}} {{$.T "about"}} {{.About}}, {{$.T "by"}} {{$.Channel .Channel}}, {{.Frequency}}.
{{end}}
{{$.T "s4"}}
{{range .Contingency.Transitions}}{{$.Kind .Kind}} ({{if .Planned}}{{$.T "planned"}}{{else}}{{$.T "unplanned"}}{{end}}{{if .When}}, {{$.T "expected"}} {{$.DatePtr .When}}{{end}}): {{.What}}
{{range .Measures}}  - {{$.Name .Responsible}}: {{.What}} ({{$.Within .WithinDays}})
{{end}}{{end}}
{{$.T "phasemodel"}}
{{range $.Phases}}{{$p := $.PhasePlan .}}{{$.Phase .}}
  {{$.T "signs"}}:
{{range $p.Signs}}    - {{.}}
{{end}}  {{$.T "measures"}}:
{{range $p.Measures}}    - {{$.Name .Responsible}}: {{.What}} ({{$.Within .WithinDays}})
{{end}}{{end}}
{{$.T "s5"}}
{{range .AnnualWheel.Activities}}  - {{.Title}}: {{$.Recurrence .Recurrence}}; {{$.T "responsible"}}: {{$.Name .Responsible}}
{{end}}
{{$.T "s6"}}
{{range .Documentation.Entries}}  - {{.What}}: {{$.Name .Who}}, {{.Where}}
{{end}}{{$.T "stories"}}: {{.Documentation.Stories}}

{{$.T "s7"}}
{{$.T "what"}}:
{{range .Evaluation.What}}  - {{.}}
{{end}}{{$.T "how"}}: {{.Evaluation.How}}
{{$.T "when"}}:
{{range .Evaluation.Dates}}  - {{$.Date .}}{{if $.Overdue .}} — {{$.T "overdue"}}{{end}}
{{end}}{{$.T "responsible"}}: {{$.Name .Evaluation.Responsible}}
{{end}}
{{.T "acceptances"}}:
{{range .Revision.Acceptances}}  - {{$.Party .Party}}, {{$.Date .At}}
{{else}}  {{.T "noacceptances"}}
{{end}}`

const htmlSrc = `<!doctype html>
<html lang="{{if eq .Lang "en"}}en{{else}}nb{{end}}">
<head><meta charset="utf-8"><title>{{.T "title"}} — {{.Patient}}</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}h2{border-bottom:1px solid #999;margin-top:1.6em}.overdue{color:#a00;font-weight:bold}.green{border-left:6px solid #2a2}.yellow{border-left:6px solid #db2}.red{border-left:6px solid #c22}.phase{padding-left:.8em;margin:.8em 0}@media print{body{margin:0}}</style></head>
<body>
<h1>{{.T "title"}} {{.T "for"}} {{.Patient}}</h1>
<p>{{.T "revision"}} {{.Revision.No}}{{if .Revision.AgreedAt}}, {{.T "agreed"}} {{.DatePtr .Revision.AgreedAt}}{{else}} — <strong>{{.T "draft"}}</strong>{{end}}</p>
{{with .Revision.Plan.Sections}}
<h2>{{$.T "s1"}}</h2>
<p>{{.Patient.WhoIs}}</p><p><em>{{$.Story}}</em></p>
<h3>{{$.T "challenges"}}</h3><ul>{{range .Patient.Challenges}}<li>{{.}}</li>{{end}}</ul>
<h2>{{$.T "s2"}}</h2>
<ul>{{range .Roles.Responsibilities}}<li><strong>{{$.Name .Member}}</strong>: {{.Task}}</li>{{end}}</ul>
{{if .Roles.Missing}}<h3>{{$.T "missing"}}</h3><ul>{{range .Roles.Missing}}<li>{{.Need}}{{if .Reason}} ({{.Reason}}){{end}}</li>{{end}}</ul>{{end}}
{{if .Roles.NotNeeded}}<h3>{{$.T "notneeded"}}</h3><ul>{{range .Roles.NotNeeded}}<li>{{if .Member}}{{$.Name .Member}}{{else}}{{.Need}}{{end}}{{if .Reason}} ({{.Reason}}){{end}}</li>{{end}}</ul>{{end}}
<h2>{{$.T "s3"}}</h2>
<ul>{{range .Communication.Lines}}<li>{{$.Name .From}} {{$.T "informs"}} {{$.Names .To}} {{$.T "about"}} {{.About}}, {{$.T "by"}} {{$.Channel .Channel}}, {{.Frequency}}.</li>{{end}}</ul>
<h2>{{$.T "s4"}}</h2>
{{range .Contingency.Transitions}}<h3>{{$.Kind .Kind}} ({{if .Planned}}{{$.T "planned"}}{{else}}{{$.T "unplanned"}}{{end}}{{if .When}}, {{$.T "expected"}} {{$.DatePtr .When}}{{end}})</h3><p>{{.What}}</p>
<ul>{{range .Measures}}<li><strong>{{$.Name .Responsible}}</strong>: {{.What}} ({{$.Within .WithinDays}})</li>{{end}}</ul>{{end}}
<h3>{{$.T "phasemodel"}}</h3>
{{range $.Phases}}{{$p := $.PhasePlan .}}<div class="phase {{.}}"><h4>{{$.Phase .}}</h4>
<p>{{$.T "signs"}}:</p><ul>{{range $p.Signs}}<li>{{.}}</li>{{end}}</ul>
<p>{{$.T "measures"}}:</p><ul>{{range $p.Measures}}<li><strong>{{$.Name .Responsible}}</strong>: {{.What}} ({{$.Within .WithinDays}})</li>{{end}}</ul></div>
{{end}}
<h2>{{$.T "s5"}}</h2>
<ul>{{range .AnnualWheel.Activities}}<li>{{.Title}}: {{$.Recurrence .Recurrence}}; {{$.T "responsible"}}: {{$.Name .Responsible}}</li>{{end}}</ul>
<h2>{{$.T "s6"}}</h2>
<ul>{{range .Documentation.Entries}}<li>{{.What}}: {{$.Name .Who}}, {{.Where}}</li>{{end}}</ul>
<p><strong>{{$.T "stories"}}:</strong> {{.Documentation.Stories}}</p>
<h2>{{$.T "s7"}}</h2>
<p>{{$.T "what"}}:</p><ul>{{range .Evaluation.What}}<li>{{.}}</li>{{end}}</ul>
<p>{{$.T "how"}}: {{.Evaluation.How}}</p>
<p>{{$.T "when"}}:</p><ul>{{range .Evaluation.Dates}}<li>{{$.Date .}}{{if $.Overdue .}} <span class="overdue">{{$.T "overdue"}}</span>{{end}}</li>{{end}}</ul>
<p>{{$.T "responsible"}}: {{$.Name .Evaluation.Responsible}}</p>
{{end}}
<h2>{{.T "acceptances"}}</h2>
<ul>{{range .Revision.Acceptances}}<li>{{$.Party .Party}}, {{$.Date .At}}</li>{{else}}<li>{{.T "noacceptances"}}</li>{{end}}</ul>
</body></html>
`

var (
	textTmpl = texttemplate.Must(texttemplate.New("plan.txt").Parse(textSrc))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("plan.html").Parse(htmlSrc))
)
