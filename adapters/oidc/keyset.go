package oidc

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-jose/go-jose/v4"
	jsonv2 "github.com/go-json-experiment/json"
)

// minKeyRefresh is the least time between two fetches of a key set for a
// key id not in it: tokens naming made-up key ids make the API fetch its
// provider's keys at most this often. The first fetch, and the first for
// an unknown key id after it (a provider's rotation), are never held back.
const minKeyRefresh = 10 * time.Second

// keySetTimeout bounds one fetch of a key set.
const keySetTimeout = 30 * time.Second

// keySet is a provider's signing keys, fetched from its JWKS URL, kept,
// and fetched again when a token names a key id not in it — at most once
// per minKeyRefresh, one fetch at a time, requests waiting for the same
// fetch. A known key id never makes it fetch, whatever the signature.
// Each RSA key's modulus is prepared for RS256 once, when fetched.
type keySet struct {
	url    string
	client *http.Client
	now    func() time.Time

	keys atomic.Pointer[keys]

	mu       sync.Mutex
	fetching *keyFetch // while a fetch runs
	fetched  bool      // a fetch was started before
	last     time.Time // when the last fetch held to minKeyRefresh started
	fetches  atomic.Int64
}

type keyFetch struct {
	done chan struct{}
	keys *keys
	err  error
}

// keys is one fetched key set.
type keys struct {
	all []*verifyKey
}

type verifyKey struct {
	jwk jose.JSONWebKey
	rsa *rsaKey // for an RSA key
}

func newKeySet(url string, client *http.Client, now func() time.Time) *keySet {
	if client == nil {
		client = http.DefaultClient
	}
	return &keySet{url: url, client: client, now: now}
}

// find returns the keys with id kid (every key if kid is "") that may
// verify alg: not an encryption key ("use": "enc"), nor one published for
// another algorithm.
func (k *keys) find(kid string, alg jose.SignatureAlgorithm) []*verifyKey {
	if k == nil {
		return nil
	}
	var out []*verifyKey
	for _, v := range k.all {
		if (kid == "" || v.jwk.KeyID == kid) && (v.jwk.Use == "" || v.jwk.Use == "sig") &&
			(v.jwk.Algorithm == "" || v.jwk.Algorithm == string(alg)) {
			out = append(out, v)
		}
	}
	return out
}

// verify checks the signature of a compact JWS signed with alg by key kid:
// signingInput is its header and payload as sent, sig its decoded
// signature, payload its decoded payload; token is the whole token, for
// algorithms other than RS256, which go-jose verifies.
func (s *keySet) verify(ctx context.Context, alg jose.SignatureAlgorithm, kid, signingInput string, sig, payload []byte, token string) error {
	cands := s.keys.Load().find(kid, alg)
	if len(cands) == 0 {
		ks, err := s.refresh(ctx)
		if err != nil {
			return err
		}
		if ks == nil {
			return errors.New("the provider's keys could not be fetched lately")
		}
		if cands = ks.find(kid, alg); len(cands) == 0 {
			return fmt.Errorf("no %s key with id %q in the provider's key set (fetched again for an unknown key id at most every %s)", alg, kid, minKeyRefresh)
		}
	}
	if alg == jose.RS256 {
		hashed := sum256(signingInput)
		for _, c := range cands {
			if c.rsa != nil && c.rsa.verifyPKCS1v15SHA256(hashed[:], sig) == nil {
				return nil
			}
		}
		return errNoKeyVerifies
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{alg})
	if err != nil {
		return err
	}
	for _, c := range cands {
		// The payload go-jose verified is the one the caller reads.
		if p, err := jws.Verify(&c.jwk); err == nil && bytes.Equal(p, payload) {
			return nil
		}
	}
	return errNoKeyVerifies
}

// jwsHeader is what a token's header is read for.
type jwsHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	// No extension is understood (RFC 7515 § 4.1.11), nor an unencoded
	// payload (RFC 7797), which a JWT never has.
	Crit any `json:"crit"`
	B64  any `json:"b64"`
}

// verifyJWS checks that token (a what: "access token", "ID token") is a
// compact JWS in one of algs, its signature made by a key of the
// provider's, and returns its payload. The algorithm is checked from the header before any key is
// looked at: an unsigned token (alg none), an HMAC one or any other fails
// there. The token is split and decoded once; RS256 is verified with the
// key's modulus prepared when the key set was fetched (rsaKey), other
// algorithms by go-jose.
func (s *keySet) verifyJWS(ctx context.Context, what, token string, algs []jose.SignatureAlgorithm) ([]byte, error) {
	h, rest, _ := strings.Cut(token, ".")
	p, sg, ok := strings.Cut(rest, ".")
	if !ok || h == "" || strings.Contains(sg, ".") {
		return nil, errors.New("oidc: " + what + " is not a compact JWS")
	}
	// The three parts are decoded into one buffer.
	enc := base64.RawURLEncoding
	buf := make([]byte, enc.DecodedLen(len(h))+enc.DecodedLen(len(p))+enc.DecodedLen(len(sg)))
	b, buf, err := decodePart(buf, h)
	if err != nil {
		return nil, errors.New("oidc: " + what + " header is not base64url")
	}
	var hdr jwsHeader
	if err := jsonv2.Unmarshal(b, &hdr); err != nil {
		return nil, errors.New("oidc: " + what + " header is not a JSON object")
	}
	alg := jose.SignatureAlgorithm(hdr.Alg)
	if !slices.Contains(algs, alg) {
		return nil, fmt.Errorf("oidc: %s signed with %q, not an algorithm allowed (%v)", what, hdr.Alg, algs)
	}
	if hdr.Crit != nil || hdr.B64 != nil {
		return nil, errors.New("oidc: " + what + " header has crit or b64, which no JWT needs")
	}
	sig, buf, err := decodePart(buf, sg)
	if err != nil {
		return nil, errors.New("oidc: " + what + " signature is not base64url")
	}
	payload, _, err := decodePart(buf, p)
	if err != nil {
		return nil, errors.New("oidc: " + what + " payload is not base64url")
	}
	if err := s.verify(ctx, alg, hdr.Kid, token[:len(h)+1+len(p)], sig, payload, token); err != nil {
		return nil, fmt.Errorf("oidc: %s signature: %w", what, err)
	}
	return payload, nil
}

// decodePart decodes part, base64url without padding, into the start of
// buf, and returns it and the rest of buf.
func decodePart(buf []byte, part string) (decoded, rest []byte, err error) {
	n, err := base64.RawURLEncoding.Decode(buf, []byte(part))
	return buf[:n:n], buf[n:], err
}

// tokenKeys is a key set as go-oidc's verifier of ID and logout tokens
// takes it (oidc.KeySet), so that sign-in fetches its provider's keys by
// the API's rules: a logout token anyone may post with a bad signature
// must not make the server fetch the provider's keys again, as go-oidc's
// RemoteKeySet would on every one.
type tokenKeys struct {
	set  *keySet
	algs []jose.SignatureAlgorithm
}

// VerifySignature implements oidc.KeySet.
func (k tokenKeys) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	return k.set.verifyJWS(ctx, "token", jwt, k.algs)
}

var errNoKeyVerifies = errors.New("no key of the provider's verifies it")

// refresh fetches the key set, or waits for the fetch running, and
// returns the keys fetched. Within minKeyRefresh of the last fetch it
// fetches nothing and returns the keys it has, which a fetch that ended
// since the caller looked may have brought.
func (s *keySet) refresh(ctx context.Context) (*keys, error) {
	s.mu.Lock()
	f := s.fetching
	if f == nil {
		now := s.now()
		if !s.last.IsZero() && now.Sub(s.last) < minKeyRefresh {
			s.mu.Unlock()
			return s.keys.Load(), nil
		}
		if s.fetched {
			s.last = now
		}
		s.fetched = true
		f = &keyFetch{done: make(chan struct{})}
		s.fetching = f
		go s.fetch(f)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.keys, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fetch runs on its own, so that one request giving up does not fail
// the others waiting for it.
func (s *keySet) fetch(f *keyFetch) {
	s.fetches.Add(1)
	ctx, cancel := context.WithTimeout(context.Background(), keySetTimeout)
	defer cancel()
	f.keys, f.err = s.get(ctx)
	if f.err == nil {
		s.keys.Store(f.keys)
	} else {
		f.err = fmt.Errorf("fetching the provider's keys: %w", f.err)
	}
	s.mu.Lock()
	s.fetching = nil
	s.mu.Unlock()
	close(f.done)
}

func (s *keySet) get(ctx context.Context) (*keys, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", s.url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return parseKeys(body)
}

// parseKeys reads a JWKS (RFC 7517 § 5) and prepares its RSA keys.
func parseKeys(body []byte) (*keys, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %w", err)
	}
	ks := &keys{}
	for _, jwk := range set.Keys {
		v := &verifyKey{jwk: jwk}
		pub, ok := jwk.Key.(*rsa.PublicKey)
		if priv, isPriv := jwk.Key.(*rsa.PrivateKey); isPriv {
			pub, ok = &priv.PublicKey, true
		}
		if ok {
			rk, err := newRSAKey(pub)
			if err != nil {
				continue // crypto/rsa would refuse it too
			}
			v.rsa = rk
		}
		ks.all = append(ks.all, v)
	}
	return ks, nil
}
