// Package demoauth is the example server's DEMO authenticator: opaque
// bearer tokens mapped to principals, from the built-in demo logins or a
// configuration file, so that the server can be tried without an identity
// provider. Tokens never expire, cannot be revoked while running and are
// kept in a plain file: do not use it in production. An integrator
// implements adapters/http's Authenticator over their identity provider
// instead (adapters/oidc is one).
package demoauth
