package words

// Lang is a language go-lkt speaks: English, bokmål or nynorsk.
type Lang string

// Supported languages. The pilot municipalities of the LKT project write
// nynorsk, the hospitals bokmål; English is for integrators.
const (
	English Lang = "en"
	Bokmal  Lang = "nb"
	Nynorsk Lang = "nn"
)

// Langs lists the supported languages.
func Langs() []Lang { return []Lang{English, Bokmal, Nynorsk} }

// Labels holds one text in the three languages.
type Labels struct {
	EN, NB, NN string
}

// In returns the text in lang, falling back to bokmål and then English.
func (l Labels) In(lang Lang) string {
	switch {
	case lang == English && l.EN != "":
		return l.EN
	case lang == Nynorsk && l.NN != "":
		return l.NN
	case l.NB != "":
		return l.NB
	}
	return l.EN
}
