package oidc

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-jose/go-jose/v4"
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
		hashed := sha256.Sum256([]byte(signingInput))
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
