// Package oidc signs people in through OpenID Connect providers such as
// HelseID (health personnel) and ID-porten (patients and relatives), on
// github.com/coreos/go-oidc/v3 and golang.org/x/oauth2, and produces
// lkt.Principal values whose Verified claims come from the provider's
// signed tokens only.
//
// Two pieces, each behind one of the HTTP adapter's interfaces:
//
//   - API is an lkthttp.Authenticator for access tokens sent as
//     "Authorization: Bearer": each is a JWT whose signature (keys from the
//     provider's JWKS, cached and fetched again when a token names a key id
//     not yet seen), issuer, audience, expiry and not-before (with an
//     allowed clock skew) and algorithm are checked before its claims are
//     read. Issuers takes several providers' tokens (HelseID's and
//     ID-porten's), each verified by the API of the issuer it names, with
//     that provider's keys, audience and cache.
//   - SignIn is an lkthttp.SignIn for the web pages: the authorization code
//     flow with PKCE (S256), state and nonce, the client authenticating
//     with a signed JWT assertion (private_key_jwt, RFC 7523), the ID
//     token verified, and back-channel logout tokens verified.
//
// go-oidc was chosen over zitadel/oidc: it verifies ID and logout tokens
// and caches key sets with refresh on unknown key ids, and oauth2 carries
// PKCE and extra token-request parameters, so private_key_jwt needs only
// the assertion, signed here with go-jose (which go-oidc already uses).
// zitadel/oidc's JWT-profile support targets its own server's client
// profile and brings a much larger dependency tree.
//
// # Who a verified person is
//
// The domain finds what a person may do by the principal's ID, the member
// or patient id the community records. A Directory maps a verified person
// to that id: an id the operator listed for the person's HPR number or
// national identity number, else "hpr-<number>" for health personnel, else
// "nin-" and a keyed hash (HMAC-SHA256) of the national identity number, so
// that the number itself never appears in ids, URLs or logs. The claims
// themselves ride along in Principal.Verified for the domain to match: a
// citizen provider's number (IDPortenClaims, ClaimNames.Citizen) is marked
// lkt.Claims.CitizenSignIn, and the domain knows its holder as the patient
// or the relative a community records the number for, with no Directory
// entry; HelseID's number (pid) is never taken for that.
package oidc
