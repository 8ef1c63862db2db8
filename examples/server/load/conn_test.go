package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnClientKeepsAliveAndRedials checks the conn client against a
// net/http server: answers of either framing are read whole, a worker's
// requests share its connection, and one the server closes is dialled
// again for the next request.
func TestConnClientKeepsAliveAndRedials(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in bytes.Buffer
		_, _ = in.ReadFrom(r.Body)
		switch r.URL.Path {
		case "/chunked": // no Content-Length: net/http sends it chunked
			for i := range 3 {
				fmt.Fprintf(w, "part %d of %q;", i, in.String())
				w.(http.Flusher).Flush()
			}
		case "/close":
			w.Header().Set("Connection", "close")
			fmt.Fprint(w, "bye")
		default:
			fmt.Fprintf(w, "answer %d", n.Add(1))
		}
	}))
	defer srv.Close()

	var dials atomic.Int64
	c := newConnClient(2, &net.Dialer{Timeout: 5 * time.Second}, &dials)
	defer c.closeAll()
	send := func(worker int, method, path, body string) string {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		resp, err := c.send(worker, req, &b)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: status %d", method, path, resp.StatusCode)
		}
		return b.String()
	}

	if got := send(0, "GET", "/", ""); got != "answer 1" {
		t.Errorf("first answer %q", got)
	}
	if got := send(0, "POST", "/chunked", "hello"); got != `part 0 of "hello";part 1 of "hello";part 2 of "hello";` {
		t.Errorf("chunked answer %q", got)
	}
	if got := send(0, "GET", "/", ""); got != "answer 2" {
		t.Errorf("answer after a chunked one %q", got)
	}
	if d := dials.Load(); d != 1 {
		t.Errorf("one worker's three requests dialled %d times, want 1 (keep-alive)", d)
	}
	if got := send(1, "GET", "/", ""); got != "answer 3" {
		t.Errorf("second worker's answer %q", got)
	}
	if d := dials.Load(); d != 2 {
		t.Errorf("after a second worker's request: %d dials, want 2 (a connection per worker)", d)
	}
	if got := send(0, "GET", "/close", ""); got != "bye" {
		t.Errorf("closing answer %q", got)
	}
	if got := send(0, "GET", "/", ""); got != "answer 4" {
		t.Errorf("answer after the server closed %q", got)
	}
	if d := dials.Load(); d != 3 {
		t.Errorf("after the server closed worker 0's connection: %d dials, want 3 (dialled again)", d)
	}
}
