// Package tracing traces what a go-lkt server does with OpenTelemetry:
// each HTTP request a span (Handler), each store save a span (Store), the
// save's span a child of the request's that caused it, since the Service
// hands the request's context to the store.
//
// It takes a trace.TracerProvider and depends on the OpenTelemetry API
// only; the example server builds the SDK's provider with the OTLP/HTTP
// exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set, and traces nothing
// otherwise. Spans carry no personal data: the method, the path (ids of
// communities, never a national identity number), the status, the
// community saved and how many events, and the outcome.
package tracing
