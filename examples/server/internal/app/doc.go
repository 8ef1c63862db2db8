// Package app wires the example server: the SQLite store, the domain
// service, the demo data and logins, and the HTTP adapter on a listener,
// shut down gracefully when the context ends. The server's main and the
// load command both start it.
package app
