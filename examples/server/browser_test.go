package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium is where Debian's chromium lives; LKT_CHROMIUM overrides it.
func chromium(t *testing.T) string {
	p := os.Getenv("LKT_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("LKT_REQUIRE_BROWSER") != "" {
			t.Fatalf("LKT_REQUIRE_BROWSER is set but there is no Chromium at %s", p)
		}
		t.Skipf("browser test skipped: no Chromium at %s (apt-get install -y chromium, or set LKT_CHROMIUM); .ci/run installs it", p)
	}
	return p
}

// startBrowser starts headless Chromium at exe, bounded in time (not a
// timing assertion), and returns its context and what it has seen go
// wrong in the pages so far: Content-Security-Policy violations and script
// errors.
func startBrowser(t *testing.T, exe string) (context.Context, func() []string) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 1600),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)

	var mu sync.Mutex
	var problems []string
	require.NoError(t, chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			// Refused form posts answer 4xx, which the console logs as
			// failed loads; what must never appear is a CSP violation.
			if strings.Contains(e.Entry.Text, "Content Security Policy") || strings.Contains(e.Entry.Text, "Refused to") {
				problems = append(problems, e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, e.ExceptionDetails.Text)
		}
	}))
	_, err := chromedp.Call(bctx, cdplog.Enable, cdp.Empty{})
	require.NoError(t, err)
	return bctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// TestBrowser drives the community page in headless Chromium: sign in as
// the coordinator, open Emil's community, move him to the red phase and see
// the measures it activates, then try to add a member who is already there
// and see the error in the form, in bokmål. The page must pass its own
// Content-Security-Policy: any violation fails the test.
func TestBrowser(t *testing.T) {
	exec := chromium(t)
	a := startTest(t, filepath.Join(t.TempDir(), "demo.db"))

	bctx, problems := startBrowser(t, exec)

	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(sel))
		require.NoError(t, err, sel)
		return s
	}

	// Sent to sign in; the coordinator's demo login. The headless browser
	// asks for English; the site's own choice (bokmål) wins and is kept.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Navigate(a.URL+"/signin?lang=nb"),
		chromedp.WaitVisible(chromedp.ID("login-marit")),
		chromedp.Click(chromedp.ID("login-marit")),
		chromedp.WaitVisible(chromedp.CSS("a.community-link")),
	))
	portfolio := text("main")
	assert.Contains(t, portfolio, "Emil Haugland")
	assert.Contains(t, portfolio, "Sara Lie")

	// Open Emil's community: the good day, the actor map, the coordinator,
	// the plan in force and the phase.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`a[href="/communities/c-emil"]`)),
		chromedp.WaitVisible(chromedp.ID("execution")),
		chromedp.WaitVisible(chromedp.CSS("img.map")),
	))
	assert.Contains(t, text("#story"), "sovet hele natten")
	assert.Contains(t, text("#coordinator"), "Marit Solheim")
	assert.Contains(t, text("#plan"), "Versjon 1 gjelder fra")
	assert.Equal(t, "grønn", strings.TrimSpace(text("#phase")))

	// Move to red: the red phase's measures open, with who and by when.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.SetValue(chromedp.ID("phase-select"), "red"),
		chromedp.SendKeys(chromedp.ID("phase-reason"), "Komplikasjoner etter operasjonen"),
		chromedp.Click(chromedp.ID("phase-submit")),
		chromedp.WaitVisible(chromedp.CSS("span.phase-red")),
	))
	measures := text("#measures")
	assert.Contains(t, measures, "Kontakte ortopedisk avdeling samme dag")
	assert.Contains(t, measures, "Ingrid Lunde")
	assert.Contains(t, measures, "Ordne vurdering eller innleggelse")
	assert.Contains(t, text("#warnings"), "rød fase")

	// An invalid action: a member who is already in the community. The
	// error is shown in the form, in bokmål.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.CSS("#form-member input[name=id]"), "anders"),
		chromedp.SendKeys(chromedp.CSS("#form-member input[name=name]"), "Anders Vik"),
		chromedp.Click(chromedp.CSS("#form-member button")),
		chromedp.WaitVisible(chromedp.ID("error-member")),
	))
	assert.Contains(t, text("#error-member"), "er allerede medlem av fellesskapet")

	if path := os.Getenv("LKT_SCREENSHOT"); path != "" {
		require.NoError(t, chromedp.Do(bctx,
			chromedp.Navigate(a.URL+"/communities/c-emil"),
			chromedp.WaitVisible(chromedp.ID("execution"))))
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, png, 0o644))
	}
	assert.Empty(t, problems(), "CSP violations or script errors")
}
