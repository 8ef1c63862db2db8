package main

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"sync/atomic"
)

// connClient is the load's other client (-client conn): each worker sends
// its requests on a keep-alive connection of its own per host, written by
// http.Request.Write and read by http.ReadResponse on the worker's own
// goroutine — net/http's encoding and parsing, without the Transport's two
// goroutines per connection and the hand-overs between them. Where the
// clients share the server's cores, as on loopback, they then take less of
// them, and every row and baseline is measured with the same client.
type connClient struct {
	dialer *net.Dialer
	dials  *atomic.Int64           // connections opened, as the Transport's dialer counts them
	conns  []map[string]*plainConn // by worker, then host
}

type plainConn struct {
	net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

func newConnClient(workers int, dialer *net.Dialer, dials *atomic.Int64) *connClient {
	c := &connClient{dialer: dialer, dials: dials, conns: make([]map[string]*plainConn, workers)}
	for w := range c.conns {
		c.conns[w] = map[string]*plainConn{}
	}
	return c
}

// send sends req on worker's connection to its host, dialling one if it
// has none, and reads the answer's body into body. A connection that
// failed, or that the server closes after the answer, is dropped: the
// worker's next request dials again.
func (c *connClient) send(worker int, req *http.Request, body *bytes.Buffer) (*http.Response, error) {
	host := req.URL.Host
	pc := c.conns[worker][host]
	if pc == nil {
		conn, err := c.dialer.DialContext(req.Context(), "tcp", host)
		if err != nil {
			return nil, err
		}
		c.dials.Add(1)
		pc = &plainConn{Conn: conn, r: bufio.NewReader(conn), w: bufio.NewWriter(conn)}
		c.conns[worker][host] = pc
	}
	resp, err := pc.roundTrip(req, body)
	if err != nil || resp.Close {
		_ = pc.Close()
		delete(c.conns[worker], host)
	}
	return resp, err
}

func (pc *plainConn) roundTrip(req *http.Request, body *bytes.Buffer) (*http.Response, error) {
	if err := req.Write(pc.w); err != nil {
		return nil, err
	}
	if err := pc.w.Flush(); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(pc.r, req)
	if err != nil {
		return nil, err
	}
	return resp, readBody(resp, body)
}

// closeAll closes every worker's connections.
func (c *connClient) closeAll() {
	for _, m := range c.conns {
		for host, pc := range m {
			_ = pc.Close()
			delete(m, host)
		}
	}
}
