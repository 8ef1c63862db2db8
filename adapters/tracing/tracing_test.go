package tracing_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/lkt-rammeverk/go-lkt/adapters/tracing"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func recorder() (*tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	sr := tracetest.NewSpanRecorder()
	return sr, sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
}

func attr(s sdktrace.ReadOnlySpan, key string) attribute.Value {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

// TestRequestsAndSavesAreTraced: a command through the Service under a
// traced handler records the request's span and, as its child, the save's,
// with what each did; a stale save is a conflict, not an error.
func TestRequestsAndSavesAreTraced(t *testing.T) {
	sr, tp := recorder()
	clock := lkttest.NewClock(lkttest.Start)
	store := tracing.Store(lkttest.NewStore(), tp)
	svc := lkt.NewService(store, lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(context.Background(), svc)
	require.NoError(t, err)
	seeded := len(sr.Ended())

	h := tracing.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := svc.Do(r.Context(), lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}), tp)
	r := httptest.NewRequest("POST", "/api/communities/c-jonas/commands/UpdateMember", nil)
	r.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	h.ServeHTTP(httptest.NewRecorder(), r)

	spans := sr.Ended()[seeded:]
	require.Len(t, spans, 2, "the save, then the request")
	save, req := spans[0], spans[1]
	assert.Equal(t, "lkt.Store.Save", save.Name())
	assert.Equal(t, "c-jonas", attr(save, "lkt.community").AsString())
	assert.Equal(t, int64(1), attr(save, "lkt.events").AsInt64())
	assert.Equal(t, "ok", attr(save, "lkt.outcome").AsString())
	assert.Equal(t, req.SpanContext().SpanID(), save.Parent().SpanID(), "the save is the request's child")

	assert.Equal(t, "HTTP POST", req.Name())
	assert.Equal(t, int64(http.StatusNoContent), attr(req, "http.response.status_code").AsInt64())
	assert.Equal(t, "/api/communities/c-jonas/commands/UpdateMember", attr(req, "url.path").AsString())
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", req.SpanContext().TraceID().String(), "the caller's trace goes on")
	assert.Equal(t, codes.Unset, req.Status().Code)

	// A save over a stale version is a conflict, recorded as such.
	snap, _, err := store.Load(context.Background(), lkttest.CommunityID)
	require.NoError(t, err)
	err = store.Save(context.Background(), lkt.Save{Snapshot: snap, Summary: lkt.Summary{ID: snap.ID}, Expected: 1})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err))
	last := sr.Ended()[len(sr.Ended())-1]
	assert.Equal(t, "conflict", attr(last, "lkt.outcome").AsString())
	assert.Equal(t, codes.Unset, last.Status().Code)
}

// failing is a store whose saves fail.
type failing struct{ lkt.Store }

func (failing) Save(context.Context, lkt.Save) error { return errors.New("disk full") }

// TestAFailureMarksTheSpans: a failed save and a 5xx response mark their
// spans as errors.
func TestAFailureMarksTheSpans(t *testing.T) {
	sr, tp := recorder()
	err := tracing.Store(failing{lkttest.NewStore()}, tp).Save(context.Background(), lkt.Save{Snapshot: lkt.Snapshot{ID: "c-x"}})
	require.Error(t, err)
	h := tracing.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
	}), tp)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/communities", nil))
	spans := sr.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, codes.Error, spans[0].Status().Code)
	assert.Equal(t, "error", attr(spans[0], "lkt.outcome").AsString())
	require.Len(t, spans[0].Events(), 1, "the error is recorded")
	assert.Equal(t, codes.Error, spans[1].Status().Code)
	assert.Equal(t, int64(503), attr(spans[1], "http.response.status_code").AsInt64())
}
