package http

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
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
	toks, err := NewTokens([]Login{{Token: "tok-fuzz-coordinator", Principal: lkttest.Coordinator}})
	if err != nil {
		f.Fatal(err)
	}
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
