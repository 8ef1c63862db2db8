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
//     not yet seen, at most once every ten seconds), issuer, audience,
//     expiry and not-before (with an allowed clock skew) and algorithm are
//     checked before its claims are read. Issuers takes several providers' tokens (HelseID's and
//     ID-porten's), each verified by the API of the issuer it names, with
//     that provider's keys, audience and cache.
//   - SignIn is an lkthttp.SignIn for the web pages: the authorization code
//     flow with PKCE (S256), state and nonce, the client authenticating
//     with a signed JWT assertion (private_key_jwt, RFC 7523), the ID
//     token verified, and back-channel logout tokens verified.
//
// go-oidc was chosen over zitadel/oidc: it verifies ID and logout tokens
// with key sets cached and refreshed on unknown key ids, and oauth2 carries
// PKCE and extra token-request parameters, so private_key_jwt needs only
// the assertion, signed here with go-jose (which go-oidc already uses).
// zitadel/oidc's JWT-profile support targets its own server's client
// profile and brings a much larger dependency tree.
//
// # RS256 with the modulus prepared once
//
// Access tokens come with every API request, and the first request with
// each token pays for its signature check. crypto/rsa prepares the public
// modulus (its Montgomery constants, R² mod N) anew on every
// verification, a third of an RS256 check with a 2048-bit key; so the
// API keeps its provider's key set itself (not go-oidc's RemoteKeySet),
// prepares each RSA key's modulus when the set is fetched (internal/rsapub:
// for 2048 bits with AVX-512 IFMA, about four times faster than
// filippo.io/bigmod, the standalone copy of the arithmetic crypto/rsa
// uses, which it falls back to for other sizes and machines), and checks
// RS256 signatures as RFC 8017 § 8.2.2 says: a
// signature of exactly the modulus' length, less than the modulus,
// raised to the public exponent (in variable time: everything in it is
// public), compared whole with the encoded message 0x00 0x01 0xFF…0xFF
// 0x00 DigestInfo(SHA-256) hash. TestRS256AgreesWithCryptoRSA and
// FuzzRS256AgreesWithCryptoRSA check that it accepts exactly what
// rsa.VerifyPKCS1v15 accepts — valid signatures, every bit flipped,
// signatures cut short or lengthened, s ≥ N, other hashes, encoded
// messages wrong in each part — with keys of 2048, 3072 and 4096 bits,
// and newRSAKey refuses the keys crypto/rsa refuses. PS256 and ES256 are
// verified by go-jose with keys from the same set. ID and logout tokens
// are checked by go-oidc's verifier over the same kind of key set
// (tokenKeys), so that a logout token anyone may post with a bad
// signature makes the server fetch no keys, and made-up key ids at most
// one fetch per minKeyRefresh (go-oidc's RemoteKeySet fetched on every
// bad signature).
//
// # What a first-seen access token costs
//
// A token the API has verified is kept, by the SHA-256 of the whole
// token, until it expires; only the first request with each token pays
// for its verification, 10–14 µs on the 2-core machine the benchmarks
// run on (BenchmarkFirstSeenVerify), against a demo-token read of about
// 100 µs. It was about 26 µs, three quarters of it the RSA-2048
// exponentiation s^65537 mod N in bigmod's assembly (about 20 µs), which
// kept a first-seen token below 0.8× a demo token's rate; internal/rsapub
// does it with AVX-512 IFMA in about 5 µs where the processor has it
// (BenchmarkExp2048Ratio). The rest is the claims (about 2.5 µs: read in
// one pass, keeping only those checked and the provider's own, see
// readAccessClaims), hashing the token twice (for the cache and for the
// signature, about 1 µs, without copying it), base64 and the header.
// Over a kept-alive loopback connection, as a client of the server pays
// it (BenchmarkReadOverHTTPRatio), a first-seen token costs 38–57 µs more
// per request than a demo token (its kilobyte on the wire and through the
// header parsing too) against a demo read of 212–293 µs at load 3–4:
// 0.82–0.87× the demo token's rate, and 0.87–0.99× in process
// (BenchmarkReadPathRatio; README, issue 21's figures).
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
