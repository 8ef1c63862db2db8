package http_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// ExampleNewServer serves the fixture community and reads it as the
// coordinator, then makes a change at the version read.
func ExampleNewServer() {
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	if _, err := lkttest.NewBuilder().Seed(context.Background(), svc); err != nil {
		panic(err)
	}
	// One fixed token, for the example; authenticate with your identity
	// provider instead (adapters/oidc is one).
	auth := lkthttp.AuthenticatorFunc(func(r *http.Request) (lkt.Principal, error) {
		if r.Header.Get("Authorization") != "Bearer coordinator-token" {
			return lkt.Principal{}, lkthttp.ErrNoCredentials
		}
		return lkttest.Coordinator, nil
	})
	h := lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: auth, Logger: slog.New(slog.DiscardHandler)})

	r := httptest.NewRequest("GET", "/api/communities/c-jonas", nil)
	r.Header.Set("Authorization", "Bearer coordinator-token")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	version := w.Header().Get("ETag")
	fmt.Println(w.Code)

	r = httptest.NewRequest("POST", "/api/communities/c-jonas/commands/Pause", strings.NewReader(`{"reason":"Summer break"}`))
	r.Header.Set("Authorization", "Bearer coordinator-token")
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("If-Match", version)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, "new ETag:", w.Header().Get("ETag") != version)

	// The same change again, at the version now stale.
	r = httptest.NewRequest("POST", "/api/communities/c-jonas/commands/Pause", strings.NewReader(`{"reason":"Summer break"}`))
	r.Header.Set("Authorization", "Bearer coordinator-token")
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("If-Match", version)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	// Output:
	// 200
	// 200 new ETag: true
	// 412 application/problem+json
}
