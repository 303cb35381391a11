package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/dateline-news/dateline/internal/testenv"
)

// axe-core (npm, pinned in e2e/package.json; .ci/run installs it) checks
// pages inside the browser the journeys drive. DATELINE_AXE may name
// another axe.min.js.
var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		p := os.Getenv("DATELINE_AXE")
		if p == "" {
			p = filepath.Join("node_modules", "axe-core", "axe.min.js")
		}
		b, err := os.ReadFile(p)
		axeJS, axeErr = string(b), err
	})
	if axeErr != nil {
		testenv.Missing(t, "axe-core is not installed (run npm ci in e2e/): %v", axeErr)
	}
	return axeJS
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs every axe-core rule (WCAG 2.x A and AA and best
// practices) on the page the browser shows and fails the test for each
// violation. scriptsOff says the browser runs with scripts turned off
// (siteScriptsOff): axe-core needs timers, so they are allowed for the
// check and turned off again after it; the page's own scripts, skipped
// when it loaded, stay unrun.
func axeCheck(t *testing.T, ctx context.Context, what string, scriptsOff bool) {
	t.Helper()
	for _, v := range axeRun(t, ctx, scriptsOff) {
		t.Errorf("axe on %s: %s (%s): %s; at %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
	}
}

func axeRun(t *testing.T, ctx context.Context, scriptsOff bool) []axeViolation {
	t.Helper()
	src := axeSource(t)
	if scriptsOff {
		if err := chromedp.Do(ctx, scriptsDisabled(false)); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := chromedp.Do(ctx, scriptsDisabled(true)); err != nil {
				t.Error(err)
			}
		}()
	}
	tctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool]("(() => { if (!window.axe) { "+src+"\n} return true })()")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	const run = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160))})))`
	vs, err := chromedp.Run(tctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	return vs
}

func scriptsDisabled(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// TestAxeFindsProblems shows the axe check is not blind: a page with an
// image without alt text and an unlabelled field has violations.
func TestAxeFindsProblems(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	axeSource(t)
	ctx := siteBrowser(t)
	page := `<!doctype html><html><head><title>x</title></head><body><main><h1>x</h1><img src="a.png"><input type="text"></main></body></html>`
	if _, err := chromedp.Run(ctx, chromedp.Navigate("data:text/html,"+strings.ReplaceAll(page, "#", "%23"))); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, v := range axeRun(t, ctx, false) {
		ids[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !ids[want] {
			t.Errorf("axe did not report %s on a page with that problem (found %v)", want, fmt.Sprint(ids))
		}
	}
}
