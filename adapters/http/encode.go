package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// encode writes v as JSON with status.
func encode(w http.ResponseWriter, status int, v any) {
	encodeAs(w, status, contentJSON, v)
}

// Content types the adapter answers with, as header values: each a slice
// of its own with no room to append in place, like securityHeaderValues,
// so that a response can carry one without allocating it.
var (
	contentJSON    = []string{"application/json"}
	contentProblem = []string{"application/problem+json"}
)

func encodeAs(w http.ResponseWriter, status int, contentType []string, v any) {
	b := getBuffer()
	defer putBuffer(b)
	if err := b.encode(v); err != nil {
		// Every type the adapter encodes is plain data; failing here is a bug.
		http.Error(w, `{"code":"internal"}`, http.StatusInternalServerError)
		return
	}
	writeBody(w, status, contentType, b.Bytes())
}

// encodeJSON appends v to b as encoding/json's Encoder writes it: HTML
// characters escaped, a newline after the value.
func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// writeBody sends body, complete, with its length: one write, no chunking.
func writeBody(w http.ResponseWriter, status int, contentType []string, body []byte) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// outBuffer is a response body being built, with an Encoder that appends
// to it as encodeJSON does, kept with it so that encoding allocates no
// Encoder. An Encoder keeps no state between values but an error from its
// writer, and a bytes.Buffer never fails a write.
type outBuffer struct {
	bytes.Buffer
	enc *json.Encoder
	// head is a community answer's head, whose lists keep their room from
	// answer to answer (see writeHeadAnd).
	head viewHead
}

// encode appends v to b as encodeJSON does.
func (b *outBuffer) encode(v any) error { return b.enc.Encode(v) }

// Response bodies are built in pooled buffers, so that a read allocates
// neither the buffer nor its growth; buffers that grew unusually large are
// left to the collector.
var buffers = sync.Pool{New: func() any {
	b := &outBuffer{}
	b.Grow(16 << 10)
	b.enc = json.NewEncoder(&b.Buffer)
	b.enc.SetEscapeHTML(true)
	return b
}}

const maxPooledBuffer = 1 << 20

func getBuffer() *outBuffer {
	b := buffers.Get().(*outBuffer)
	b.Reset()
	return b
}

func putBuffer(b *outBuffer) {
	if b.Cap() <= maxPooledBuffer {
		buffers.Put(b)
	}
}

// decodeErr describes a failure to read a form or a body.
func decodeErr(err error) error {
	var (
		maxErr    *http.MaxBytesError
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &maxErr):
		e := newHTTPError(codeTooLarge, "", fmt.Sprintf("the body is larger than %d bytes", maxErr.Limit),
			fmt.Sprintf("innholdet er større enn %d byte", maxErr.Limit), fmt.Sprintf("innhaldet er større enn %d byte", maxErr.Limit))
		e.Err = err
		return e
	case errors.As(err, &syntaxErr):
		return &lkt.Error{Code: codeMalformed, Err: err, Message: roles.Labels{
			EN: fmt.Sprintf("the body is not valid JSON (at byte %d)", syntaxErr.Offset),
			NB: fmt.Sprintf("innholdet er ikke gyldig JSON (ved byte %d)", syntaxErr.Offset),
			NN: fmt.Sprintf("innhaldet er ikkje gyldig JSON (ved byte %d)", syntaxErr.Offset)}}
	case errors.As(err, &typeErr):
		return &lkt.Error{Code: codeMalformed, Field: typeErr.Field, Err: err, Message: roles.Labels{
			EN: fmt.Sprintf("must be %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value),
			NB: fmt.Sprintf("må være %s, ikke %s", nbKind(jsonKind(typeErr.Type.Kind().String())), typeErr.Value),
			NN: fmt.Sprintf("må vere %s, ikkje %s", nnKind(jsonKind(typeErr.Type.Kind().String())), typeErr.Value)}}
	case errors.Is(err, io.EOF):
		return newHTTPError(codeMalformed, "", "the body is empty: send a JSON object", "innholdet er tomt: send et JSON-objekt", "innhaldet er tomt: send eit JSON-objekt")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return newHTTPError(codeMalformed, "", "the body ends in the middle of the JSON", "innholdet slutter midt i JSON-verdien", "innhaldet sluttar midt i JSON-verdien")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return &lkt.Error{Code: codeMalformed, Field: f, Err: err, Message: roles.Labels{
			EN: "is not a field of this operation", NB: "er ikke et felt i denne operasjonen", NN: "er ikkje eit felt i denne operasjonen"}}
	}
	// time.Time and other text values that do not parse.
	return &lkt.Error{Code: codeMalformed, Err: err, Message: roles.Labels{
		EN: "the body does not match the operation's schema: " + err.Error(),
		NB: "innholdet stemmer ikke med operasjonens skjema: " + err.Error(),
		NN: "innhaldet stemmer ikkje med skjemaet til operasjonen: " + err.Error()}}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "int", "int64", "int32", "float64", "uint":
		return "a number"
	}
	return goKind
}

// langOf picks the response language: ?lang= (nb, nn, en) if given, which
// lets an <img> ask for a picture in the page's language; else
// Accept-Language by quality; bokmål when nothing matches.
func langOf(r *http.Request) roles.Lang {
	if r.URL.RawQuery != "" { // most requests have no query to parse
		switch l := roles.Lang(r.URL.Query().Get("lang")); l {
		case roles.Bokmal, roles.Nynorsk, roles.English:
			return l
		}
	}
	best, bestQ := roles.Bokmal, -1.0
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		var l roles.Lang
		switch primary {
		case "nb", "no":
			l = roles.Bokmal
		case "nn":
			l = roles.Nynorsk
		case "en":
			l = roles.English
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// ifMatch reads the version a write expects from If-Match: a quoted
// version as sent in ETag, or * for whatever is current. It is required.
func ifMatch(r *http.Request) (int64, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	switch {
	case v == "":
		return 0, newHTTPError(codeIfMatchRequired, "If-Match",
			"send If-Match with the ETag you read, so that nobody's change is overwritten unseen",
			"send If-Match med ETag-en du leste, så ingen endring overskrives usett", "send If-Match med ETag-en du las, så inga endring blir skriven over usett")
	case v == "*":
		return lkt.AnyVersion, nil
	}
	n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
	if err != nil || n < 0 || !strings.HasPrefix(v, `"`) || !strings.HasSuffix(v, `"`) {
		return 0, newHTTPError(codeMalformed, "If-Match", `must be the ETag you read, e.g. "7"`, `må være ETag-en du leste, f.eks. "7"`, `må vere ETag-en du las, t.d. "7"`)
	}
	return n, nil
}
