package tracing

import (
	"context"
	"net/http"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Name is the instrumentation scope of the spans.
const Name = "github.com/lkt-rammeverk/go-lkt/adapters/tracing"

// Handler returns h with each request traced: a server span named after
// the method, continuing the caller's trace if the request carries a W3C
// traceparent, with the path and the response's status; a 5xx is an error.
func Handler(h http.Handler, tp trace.TracerProvider) http.Handler {
	tr := tp.Tracer(Name)
	prop := propagation.TraceContext{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tr.Start(ctx, "HTTP "+r.Method, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
			attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path)))
		defer span.End()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r.WithContext(ctx))
		span.SetAttributes(attribute.Int("http.response.status_code", sw.status))
		if sw.status >= 500 {
			span.SetStatus(codes.Error, strconv.Itoa(sw.status))
		}
	})
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer (flushing, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Store returns s with each save traced: a span with the community, the
// version it expected and the events it stores, and its outcome ("ok",
// "conflict", or an error, which marks the span). Every other method is
// passed through unchanged.
func Store(s lkt.Store, tp trace.TracerProvider) lkt.Store {
	return &store{Store: s, tr: tp.Tracer(Name)}
}

type store struct {
	lkt.Store
	tr trace.Tracer
}

func (s *store) Save(ctx context.Context, in lkt.Save) error {
	ctx, span := s.tr.Start(ctx, "lkt.Store.Save", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		attribute.String("lkt.community", string(in.Snapshot.ID)), attribute.Int64("lkt.expected_version", in.Expected),
		attribute.Int("lkt.events", len(in.Events))))
	defer span.End()
	err := s.Store.Save(ctx, in)
	switch {
	case err == nil:
		span.SetAttributes(attribute.String("lkt.outcome", "ok"))
	case lkt.CodeOf(err) == lkt.Conflict:
		span.SetAttributes(attribute.String("lkt.outcome", "conflict"), attribute.String("lkt.rule", lkt.RuleOf(err)))
	default:
		span.SetAttributes(attribute.String("lkt.outcome", "error"))
		span.RecordError(err)
		span.SetStatus(codes.Error, "save failed")
	}
	return err
}
