package http

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// FuzzCommandBody posts arbitrary bodies to command routes, as any client
// on the network can. Whatever arrives, the server answers with a problem
// document or success — never an internal error — and a refused command
// leaves the stored community exactly as it was.
func FuzzCommandBody(f *testing.F) {
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(clock))
	ctx := context.Background()
	if _, err := lkttest.NewBuilder().Seed(ctx, svc); err != nil {
		f.Fatal(err)
	}
	toks := bearer{"tok-fuzz-coordinator": lkttest.Coordinator}
	h := NewServer(Deps{Service: svc, Auth: toks, Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 16 << 10})

	commands := []string{"AddMember", "ReviseStory", "GiveConsent", "ChangeMemberStatus", "AddTie", "SetPhase", "DraftPlan", "RecordMeeting"}
	for i, seed := range []string{
		`{"member":{"id":"m-x","name":"X","role":"school"}}`,
		`{"goodDay":"x","onBehalf":true,"toldBy":"p-jonas"}`,
		`{"givenBy":"m-kari"}`,
		`{"memberId":"m-per","status":"left"}`,
		`{"tie":{"from":"m-per","to":"m-kari","channel":"phone"}}`,
		`{"phase":"red","reason":"x"}`,
		`{"sections":{}}`, `{"held":"2026-03-02T09:00:00Z","title":"x","attended":[]}`,
		`{}`, `[]`, `null`, `{"member":{"id":1}}`, `{"goodDay":"x"} {"goodDay":"y"}`, "\xff\xfe",
		`{"goodDay":"x","goodDay":"y"}`, `{"GoodDay":"x"}`, "{\"goodDay\":\"\xff\"}", `{"givenBy":"m-kari","givenAt":"0002-01-01"}`,
		`{"member":{"id":"m-x","name":"X\u0000","role":"school"}}`,
	} {
		f.Add(uint8(i), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		name := commands[int(which)%len(commands)]
		_, before, err := store.Load(ctx, lkttest.CommunityID)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodPost, "/api/communities/"+string(lkttest.CommunityID)+"/commands/"+name, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer tok-fuzz-coordinator")
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("If-Match", strconv.Quote(strconv.FormatInt(before, 10)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %q: status %d: %s", name, body, w.Code, w.Body)
		}
		if w.Code >= 400 {
			if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("%s %q: status %d with content type %q", name, body, w.Code, ct)
			}
			_, after, err := store.Load(ctx, lkttest.CommunityID)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Fatalf("%s %q: refused with %d but the version moved %d → %d", name, body, w.Code, before, after)
			}
		}
	})
}

// FuzzStrictDecode feeds arbitrary bytes to the strict decoder. What it
// accepts is valid JSON in UTF-8 with no member name twice in an object;
// what it refuses is a malformed problem with a message that quotes no Go
// layout, and it never panics.
func FuzzStrictDecode(f *testing.F) {
	for _, seed := range []string{
		`{"member":{"id":"m-x","name":"X","role":"school","leavingOn":"2027-01-01"}}`,
		`{"member":{"id":"m-x","id":"m-y"}}`, `{"Member":{}}`, "{\"member\":{\"name\":\"\xc3\x28\"}}",
		`{"member":{"leavingOn":"0002-01-01"}}`, `{"member":{"leavingOn":"2027-13-01T00:00:00Z"}}`,
		`{"member":{"leavingOn":null}}`, `{"member":{"id":"a\u0000"}}`, `{"member":{}} x`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var cmd lkt.AddMember
		err := decode(r, &cmd)
		if err == nil {
			if !json.Valid(body) || !utf8.Valid(body) {
				t.Fatalf("accepted %q, which is not valid JSON in UTF-8", body)
			}
			if dup := duplicateName(body); dup != "" {
				t.Fatalf("accepted %q with %q twice", body, dup)
			}
			return
		}
		if c := lkt.CodeOf(err); c != codeMalformed {
			t.Fatalf("%q: code %s: %v", body, c, err)
		}
		for _, lang := range []roles.Lang{roles.English, roles.Bokmal, roles.Nynorsk} {
			msg := lkt.MessageOf(err, lang)
			if msg == "" || strings.Contains(msg, "2006") || strings.Contains(msg, "Z07") {
				t.Fatalf("%q: message %q", body, msg)
			}
		}
	})
}

// duplicateName returns a member name that appears twice in one object of
// the valid JSON b, or "".
func duplicateName(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	type obj struct {
		names map[string]bool
		key   bool // the next string is a member name
	}
	var stack []*obj
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *obj
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, &obj{names: map[string]bool{}, key: true})
				continue
			case '}', ']':
				stack = stack[:len(stack)-1]
			case '[':
				stack = append(stack, &obj{})
				continue
			}
		case string:
			if top != nil && top.names != nil && top.key {
				if top.names[v] {
					return v
				}
				top.names[v] = true
				top.key = false
				continue
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].names != nil {
			stack[len(stack)-1].key = true
		}
	}
}
