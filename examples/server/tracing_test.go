package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
)

// requestsEnded records spans and tells when a request's span has ended:
// the server ends it after the response went out.
type requestsEnded struct {
	*tracetest.SpanRecorder
	requests chan struct{}
}

func (r requestsEnded) OnEnd(s sdktrace.ReadOnlySpan) {
	r.SpanRecorder.OnEnd(s)
	if strings.HasPrefix(s.Name(), "HTTP ") {
		r.requests <- struct{}{}
	}
}

// TestServerTracesRequestsAndSaves: with a tracer provider, every request
// is a span and a command's save is a child of its request's span.
func TestServerTracesRequestsAndSaves(t *testing.T) {
	sr := requestsEnded{tracetest.NewSpanRecorder(), make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "a.db"), Quiet: true,
		TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	require.NotEmpty(t, sr.Ended(), "loading the demo data saved communities")
	before := len(sr.Ended())

	r, err := http.NewRequest("POST", a.URL+"/api/communities/"+string(demo.Emil)+"/commands/UpdateMember",
		strings.NewReader(`{"memberId":"marit","name":"Marit Solheim"}`))
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer demo-marit-coordinator")
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("If-Match", "*")
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	<-sr.requests // the request's span ended (else go test's timeout ends the test)

	spans := sr.Ended()[before:]
	require.Len(t, spans, 2, "the save, then the request")
	assert.Equal(t, "lkt.Store.Save", spans[0].Name())
	assert.Equal(t, "HTTP POST", spans[1].Name())
	assert.Equal(t, spans[1].SpanContext().SpanID(), spans[0].Parent().SpanID())
}

// TestServerExportsTracesOverOTLP: with OTEL_EXPORTER_OTLP_ENDPOINT set,
// the server sends its spans to that collector over OTLP/HTTP (by the end
// of its shutdown at the latest); without it, it traces nothing.
func TestServerExportsTracesOverOTLP(t *testing.T) {
	var posts atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/v1/traces" && r.Header.Get("Content-Type") == "application/x-protobuf" {
			posts.Add(1)
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(collector.Close)
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "a.db"), Quiet: true}, io.Discard)
	require.NoError(t, err)
	resp, _ := get(t, a.URL+"/api/communities", "demo-marit-coordinator")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, a.Wait())
	assert.Positive(t, posts.Load(), "spans were exported")

	posts.Store(0)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	ctx, cancel = context.WithCancel(context.Background())
	a, err = app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "b.db"), Quiet: true}, io.Discard)
	require.NoError(t, err)
	resp, _ = get(t, a.URL+"/api/communities", "demo-marit-coordinator")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, a.Wait())
	assert.Zero(t, posts.Load(), "no endpoint, no tracing")
}
