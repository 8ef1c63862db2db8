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

// RenderText writes the plan as plain text a person can read.
func RenderText(w io.Writer, d Document) error {
	return textTmpl.Execute(w, Outline(d))
}

// RenderHTML writes the plan as a printable HTML page.
func RenderHTML(w io.Writer, d Document) error {
	return htmlTmpl.Execute(w, Outline(d))
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

// monthsNO are the months' names, the same in bokmål and nynorsk.
var monthsNO = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

func (v view) Date(t time.Time) string {
	if v.Lang == roles.English {
		return t.Format("2 January 2006")
	}
	return strconv.Itoa(t.Day()) + ". " + monthsNO[t.Month()-1] + " " + strconv.Itoa(t.Year())
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
	case days == 1:
		return roles.Labels{EN: "within a day", NB: "innen ett døgn", NN: "innan eitt døgn"}.In(v.Lang)
	}
	n := strconv.Itoa(days)
	return roles.Labels{EN: "within " + n + " days", NB: "innen " + n + " dager", NN: "innan " + n + " dagar"}.In(v.Lang)
}

// unitWords are each unit's words: English singular and plural, then the
// bokmål and nynorsk noun that follows "hver N." / "kvar N.".
var unitWords = map[Unit][4]string{
	Day: {"day", "days", "dag", "dag"}, Week: {"week", "weeks", "uke", "veke"}, Month: {"month", "months", "måned", "månad"}, Year: {"year", "years", "år", "år"},
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
	n := strconv.Itoa(r.Every)
	l := roles.Labels{EN: "every " + n + " " + u[1], NB: "hver " + n + ". " + u[2], NN: "kvar " + n + ". " + u[3]}
	if r.Every == 1 {
		l = roles.Labels{EN: "every " + u[0], NB: "hver " + u[2], NN: "kvar " + u[3]}
	}
	s := l.In(v.Lang)
	if r.From != nil {
		s += ", " + texts["from"].In(v.Lang) + " " + v.Date(*r.From)
	}
	return s
}

var texts = map[string]roles.Labels{
	"title":                      {EN: "Plan for collaboration", NB: "Felles plan for samarbeid", NN: "Felles plan for samarbeid"},
	"for":                        {EN: "for", NB: "for", NN: "for"},
	"revision":                   {EN: "Revision", NB: "Versjon", NN: "Versjon"},
	"agreed":                     {EN: "agreed", NB: "avtalt", NN: "avtalt"},
	"draft":                      {EN: "draft, not yet agreed: it does not bind", NB: "utkast, ikke avtalt ennå: det er ikke bindende", NN: "utkast, ikkje avtalt enno: det er ikkje bindande"},
	"s1":                         {EN: "1. Who I am and the challenges we work on together", NB: "1. Hvem jeg er og utfordringene vi arbeider med sammen", NN: "1. Kven eg er og utfordringane vi arbeider med saman"},
	"story":                      {EN: "Based on revision %d of my story (my good day).", NB: "Bygger på versjon %d av min fortelling (min gode dag).", NN: "Byggjer på versjon %d av forteljinga mi (min gode dag)."},
	"challenges":                 {EN: "Challenges", NB: "Utfordringer", NN: "Utfordringar"},
	"s2":                         {EN: "2. Roles and responsibilities", NB: "2. Roller og ansvar", NN: "2. Roller og ansvar"},
	"missing":                    {EN: "Actors we agree are missing", NB: "Aktører vi er enige om at mangler", NN: "Aktørar vi er samde om at manglar"},
	"notneeded":                  {EN: "Actors no longer needed", NB: "Aktører det ikke lenger er behov for", NN: "Aktørar det ikkje lenger er behov for"},
	"s3":                         {EN: "3. Who informs whom", NB: "3. Hvem informerer hvem", NN: "3. Kven informerer kven"},
	"informs":                    {EN: "informs", NB: "informerer", NN: "informerer"},
	"about":                      {EN: "about", NB: "om", NN: "om"},
	"by":                         {EN: "by", NB: "via", NN: "via"},
	"s4":                         {EN: "4. Transitions and contingency: who does what if …", NB: "4. Overganger og beredskap: hvem gjør hva hvis …", NN: "4. Overgangar og beredskap: kven gjer kva viss …"},
	"planned":                    {EN: "planned", NB: "planlagt", NN: "planlagd"},
	"unplanned":                  {EN: "unplanned", NB: "uplanlagt", NN: "uplanlagd"},
	"expected":                   {EN: "expected", NB: "forventet", NN: "venta"},
	"phasemodel":                 {EN: "The phase model", NB: "Forløpsfasemodellen", NN: "Forløpsfasemodellen"},
	"signs":                      {EN: "Signs", NB: "Tegn", NN: "Teikn"},
	"measures":                   {EN: "Measures", NB: "Tiltak", NN: "Tiltak"},
	"s5":                         {EN: "5. Annual wheel: what we always do", NB: "5. Årshjul: dette gjør vi alltid", NN: "5. Årshjul: dette gjer vi alltid"},
	"responsible":                {EN: "responsible", NB: "ansvarlig", NN: "ansvarleg"},
	"s6":                         {EN: "6. What is documented, by whom and where", NB: "6. Hva dokumenteres, av hvem og hvor", NN: "6. Kva som vert dokumentert, av kven og kvar"},
	"stories":                    {EN: "How my stories are kept", NB: "Slik tas fortellingene mine vare på", NN: "Slik vert forteljingane mine tekne vare på"},
	"s7":                         {EN: "7. How we evaluate this plan", NB: "7. Slik evaluerer vi planen", NN: "7. Slik evaluerer vi planen"},
	"what":                       {EN: "What", NB: "Hva", NN: "Kva"},
	"how":                        {EN: "How", NB: "Hvordan", NN: "Korleis"},
	"when":                       {EN: "When", NB: "Når", NN: "Når"},
	"overdue":                    {EN: "OVERDUE: the date has passed without an evaluation", NB: "FORFALT: datoen er passert uten evaluering", NN: "FORFALLE: datoen er passert utan evaluering"},
	"acceptances":                {EN: "Accepted by", NB: "Godtatt av", NN: "Godteke av"},
	"onbehalf":                   {EN: "recorded on their behalf by", NB: "registrert på vegne av dem av", NN: "registrert på vegner av dei av"},
	"evidence-signed-form":       {EN: "signed form", NB: "signert skjema", NN: "signert skjema"},
	"evidence-digital-consent":   {EN: "digital consent", NB: "digitalt samtykke", NN: "digitalt samtykke"},
	"evidence-verbal":            {EN: "verbal, with a witness", NB: "muntlig, med vitne", NN: "munnleg, med vitne"},
	"noacceptances":              {EN: "No one has accepted this revision yet.", NB: "Ingen har godtatt denne versjonen ennå.", NN: "Ingen har godteke denne versjonen enno."},
	"at-once":                    {EN: "at once", NB: "straks", NN: "straks"},
	"from":                       {EN: "first on", NB: "første gang", NN: "første gong"},
	"on":                         {EN: "on", NB: "den", NN: "den"},
	"channel.meeting":            {EN: "meeting", NB: "møte", NN: "møte"},
	"channel.phone":              {EN: "phone", NB: "telefon", NN: "telefon"},
	"channel.electronic-message": {EN: "electronic message", NB: "elektronisk melding", NN: "elektronisk melding"},
	"channel.discharge-summary":  {EN: "discharge summary", NB: "epikrise", NN: "epikrise"},
	"channel.referral":           {EN: "referral", NB: "henvisning", NN: "tilvising"},
	"channel.letter":             {EN: "letter", NB: "brev", NN: "brev"},
	"channel.video":              {EN: "video call", NB: "videosamtale", NN: "videosamtale"},
	"channel.contact-book":       {EN: "contact book", NB: "kontaktbok", NN: "kontaktbok"},
	"change.operation":           {EN: "Operation", NB: "Operasjon", NN: "Operasjon"},
	"change.school-change":       {EN: "School change", NB: "Skolebytte", NN: "Skulebyte"},
	"change.child-to-adult":      {EN: "From child to adult services", NB: "Overgang fra barn til voksen", NN: "Overgang frå barn til vaksen"},
	"change.holiday":             {EN: "Holidays", NB: "Ferie", NN: "Ferie"},
	"change.acute-worsening":     {EN: "Acute worsening", NB: "Akutt forverring", NN: "Akutt forverring"},
	"change.helper-leaving":      {EN: "A key helper leaves", NB: "En nøkkelperson slutter", NN: "Ein nøkkelperson sluttar"},
	"change.actor-illness":       {EN: "Illness among the actors", NB: "Sykdom blant aktørene", NN: "Sjukdom blant aktørane"},
	"change.new-illness":         {EN: "New illness", NB: "Ny sykdom", NN: "Ny sjukdom"},
	"change.other":               {EN: "Other change", NB: "Annen endring", NN: "Anna endring"},
	"phase.green":                {EN: "Green — stable: the measures are followed", NB: "Grønn — stabil: tiltakene følges", NN: "Grøn — stabil: tiltaka vert følgde"},
	"phase.yellow":               {EN: "Yellow — unstable: measures are reinforced", NB: "Gul — ustabil: tiltakene forsterkes", NN: "Gul — ustabil: tiltaka vert forsterka"},
	"phase.red":                  {EN: "Red — acute: further reinforcement and contact with specialist services", NB: "Rød — akutt: ytterligere forsterking og kontakt med spesialisthelsetjenesten", NN: "Raud — akutt: ytterlegare forsterking og kontakt med spesialisthelsetenesta"},
	"goodday":                    {EN: "My good day", NB: "Min gode dag", NN: "Min gode dag"},
	"lessgood":                   {EN: "The less good days", NB: "De mindre gode dagene", NN: "Dei mindre gode dagane"},
	"before":                     {EN: "My life before", NB: "Livet mitt før", NN: "Livet mitt før"},
	"now":                        {EN: "My life now", NB: "Livet mitt nå", NN: "Livet mitt no"},
	"leaders":                    {EN: "Leaders who recognise the coordinator role and are parties to the plan", NB: "Ledere som anerkjenner koordinatorrollen og er parter i planen", NN: "Leiarar som anerkjenner koordinatorrolla og er partar i planen"},
	"leader-accepted":            {EN: "accepted the plan and recognised the coordinator role on", NB: "godtok planen og anerkjente koordinatorrollen", NN: "godtok planen og anerkjende koordinatorrolla"},
	"leader-awaited":             {EN: "has not yet accepted the plan", NB: "har ennå ikke godtatt planen", NN: "har enno ikkje godteke planen"},
	"mandate":                    {EN: "The coordinator's mandate", NB: "Koordinatorens mandat", NN: "Mandatet til koordinatoren"},
	"contactpoint":               {EN: "Contact point for the patient and relatives", NB: "Kontaktpunkt for pasienten og de pårørende", NN: "Kontaktpunkt for pasienten og dei pårørande"},
	"leading":                    {EN: "Leads the community's work", NB: "Leder aktørfellesskapets arbeid", NN: "Leiar arbeidet i aktørfellesskapet"},
	"task":                       {EN: "Task", NB: "Oppgave", NN: "Oppgåve"},
	"authority":                  {EN: "Authority", NB: "Myndighet", NN: "Mynde"},
	"intervene":                  {EN: "to intervene when a party does not do what was agreed", NB: "å gripe inn når noen av partene ikke gjør det som er avtalt", NN: "å gripe inn når nokon av partane ikkje gjer det som er avtalt"},
	"actors":                     {EN: "Who we are and how to reach us", NB: "Hvem vi er og hvordan dere når oss", NN: "Kven vi er og korleis de når oss"},
	"phone":                      {EN: "phone", NB: "telefon", NN: "telefon"},
	"nocontact":                  {EN: "no contact details recorded", NB: "ingen kontaktopplysninger registrert", NN: "ingen kontaktopplysningar registrerte"},
	"decisions":                  {EN: "What our meetings decided", NB: "Hva møtene våre har besluttet", NN: "Kva møta våre har vedteke"},
	"present":                    {EN: "present", NB: "til stede", NN: "til stades"},
	"byday":                      {EN: "by", NB: "innen", NN: "innan"},
	"done":                       {EN: "done", NB: "utført", NN: "utført"},
	"decisionoverdue":            {EN: "OVERDUE", NB: "FORFALT", NN: "FORFALLE"},
	"nodecisions":                {EN: "No decisions recorded.", NB: "Ingen beslutninger registrert.", NN: "Ingen vedtak registrerte."},
}

// StoryLine says which revision of the patient's story the plan rests on.
func (v view) StoryLine() string {
	return strings.Replace(v.T("story"), "%d", strconv.Itoa(v.Revision.Plan.Sections.Patient.StoryRevision), 1)
}

const textSrc = `{{.Title}}
{{.Status}}
{{range .Parts}}
{{.Heading}}
{{range .Blocks}}{{if .Heading}}{{.Heading}}
{{end}}{{if .Text}}{{.Text}}
{{end}}{{range .Items}}  - {{if .Lead}}{{.Lead}}: {{end}}{{.Text}}{{if .Alert}} — {{.Alert}}{{end}}
{{end}}{{end}}{{end}}`

const htmlSrc = `<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}h2{border-bottom:1px solid #999;margin-top:1.6em}.overdue{color:#a00;font-weight:bold}.green{border-left:6px solid #2a2}.yellow{border-left:6px solid #db2}.red{border-left:6px solid #c22}.phase{padding-left:.8em}@media print{body{margin:0}}</style></head>
<body>
<h1>{{.Title}}</h1>
<p>{{if .Draft}}<strong>{{.Status}}</strong>{{else}}{{.Status}}{{end}}</p>
{{range .Parts}}<h2>{{.Heading}}</h2>
{{range .Blocks}}<div{{if .Class}} class="phase {{.Class}}"{{end}}>{{if .Heading}}<h3>{{.Heading}}</h3>{{end}}{{if .Text}}<p>{{.Text}}</p>{{end}}{{if .Items}}<ul>{{range .Items}}<li>{{if .Lead}}<strong>{{.Lead}}</strong>: {{end}}{{.Text}}{{if .Alert}} <span class="overdue">{{.Alert}}</span>{{end}}</li>{{end}}</ul>{{end}}</div>
{{end}}{{end}}</body></html>
`

var (
	textTmpl = texttemplate.Must(texttemplate.New("plan.txt").Parse(textSrc))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("plan.html").Parse(htmlSrc))
)

// LabelTables returns the package's tables of texts by name, for tests
// that hold every text to the three languages.
func LabelTables() map[string]map[string]roles.Labels {
	out := map[string]map[string]roles.Labels{"written plan": texts, "sections": {}, "triggers": {}, "stages": {}}
	for k, l := range sectionLabels {
		out["sections"][string(k)] = l
	}
	for k, l := range triggerLabels {
		out["triggers"][string(k)] = l
	}
	for k, l := range stageLabels {
		out["stages"][string(k)] = l
	}
	return out
}
