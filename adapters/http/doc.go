// Package http is go-lkt's reference HTTP adapter: a JSON API over the
// whole domain, its OpenAPI 3.1 document, health probes and a browser's
// sign-in at an identity provider, on net/http alone. Web pages for people
// are not part of it: an integrator's mount beside the API ([Pages], given
// a [Host]); the example server's are examples/server/internal/web.
//
// [NewServer] returns an http.Handler; every route is registered in
// routes.go, and the OpenAPI document (served at /openapi.json) is kept
// true by a test that compares the two. Each domain command has its own
// route, POST /api/communities/{id}/commands/{CommandName}, whose body is
// the command struct itself, decoded strictly: unknown fields, trailing data
// and wrong types are refused before the domain sees them.
//
// Optimistic concurrency on the wire: reads answer an ETag (the community's
// version); writes require If-Match with it (or * for whatever is current);
// a stale write answers 412 and changes nothing. A write with * that meets
// another writer's save is applied again to the new version, up to
// lkt.AnyVersionAttempts times, so simultaneous * writers all succeed.
//
// Errors are RFC 9457 problem documents (application/problem+json) with
// the domain's error code, the field or rule that failed and a message in
// the request's language (Accept-Language or ?lang=: bokmål by default,
// English, nynorsk). The HTTP status comes from the code, in one table
// (problem.go). Internal errors are logged with their cause and answered
// with a generic message.
//
// Authentication is pluggable ([Authenticator]); authorisation stays in the
// domain's Service, which checks every read and write and audits it
// (adapters/oidc is an authenticator over OpenID Connect).
//
// Every response carries security headers, including a Content-Security-
// Policy that pages mounted beside the API must pass (no script, no inline
// style); state-changing
// requests from another origin are refused (net/http's
// CrossOriginProtection); request bodies are limited; [NewHTTPServer] sets
// timeouts and [Serve] shuts down gracefully.
package http
