// Package accessmatrix is test support for the access matrix of issue 15:
// every route, asked by every kind of principal, in a community whose
// consent is given, withdrawn, or awaiting renewal by a patient who has
// turned 16. It holds what the matrices share: the kinds of principal and
// consent states, the words the rules are stated in, the community served
// in each state, and the loop that asks and compares. The JSON API's
// matrix (adapters/http) and the example server's web pages' matrix
// (examples/server/internal/web) each state their routes' rows with it.
//
// The matrix asks about access, not about input. An answer is classed as
// unauthenticated (401, or a page sending the browser to sign in), denied
// (403: forbidden or consent required), or allowed (anything else the
// domain answered after letting the caller in: 2xx, 3xx, 400, 409, 412,
// 422). A 5xx fails the test.
package accessmatrix
