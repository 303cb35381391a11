package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// client is for the runner's own requests (discovery, static copies,
// publishing, polling), never for the measured load.
var client = &http.Client{Timeout: 30 * time.Second}

// freeAddr returns a free loopback address.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitHTTP polls url until it answers 200 (or anything, with anyStatus).
func waitHTTP(ctx context.Context, url string, timeout time.Duration, anyStatus bool) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if anyStatus || resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Errorf("status %d", resp.StatusCode)
		} else {
			last = err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s: %v", url, timeout, last)
}

// dateline is a running Dateline server.
type dateline struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

// startDateline starts `dateline serve` on addr against db, logging to
// dir/logName, and waits until /readyz answers 200.
func startDateline(ctx context.Context, bin, dir, db, addr, logName string) (*dateline, error) {
	base := "http://" + addr
	log, err := os.Create(filepath.Join(dir, logName))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db, "--base-url", base)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting dateline: %w", err)
	}
	d := &dateline{cmd: cmd, base: base, done: make(chan struct{})}
	go func() { cmd.Wait(); close(d.done) }()
	if err := waitHTTP(ctx, base+"/readyz", 2*time.Minute, false); err != nil {
		d.stop()
		out, _ := os.ReadFile(filepath.Join(dir, logName))
		return nil, fmt.Errorf("dateline did not become ready: %v\n%s", err, tail(out, 2000))
	}
	return d, nil
}

func (d *dateline) pid() int { return d.cmd.Process.Pid }

// stop sends SIGTERM and waits up to 15 seconds before killing.
func (d *dateline) stop() {
	if d == nil {
		return
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(15 * time.Second):
		d.cmd.Process.Kill()
		<-d.done
	}
}

// peakRSS reads VmHWM (peak resident set size) of a live process, in bytes.
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// get fetches url and returns status and body.
func get(url, token string) (int, []byte, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// sitemapLocs reads the <loc> entries of a sitemap or sitemap index.
func sitemapLocs(body []byte) ([]string, error) {
	var doc struct {
		Locs []string `xml:"url>loc"`
		Maps []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	return append(doc.Maps, doc.Locs...), nil
}

var articlePath = regexp.MustCompile(`^/news/[0-9a-z-]+(/[^/]*)?$`)

// articlePaths walks the sitemap index and up to maxParts of its parts
// and returns the path of every article they list.
func articlePaths(base string, maxParts int) ([]string, error) {
	status, body, err := get(base+"/sitemap.xml", "")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("GET /sitemap.xml: status %d, %v", status, err)
	}
	locs, err := sitemapLocs(body)
	if err != nil {
		return nil, fmt.Errorf("reading /sitemap.xml: %w", err)
	}
	// Sitemap parts are per month; read up to maxParts of them spread
	// evenly over the archive, newest to oldest.
	if len(locs) > maxParts {
		picked := make([]string, 0, maxParts)
		for i := range maxParts {
			picked = append(picked, locs[i*(len(locs)-1)/(maxParts-1)])
		}
		locs = picked
	}
	var out []string
	for _, loc := range locs {
		u, err := url.Parse(loc)
		if err != nil {
			continue
		}
		if articlePath.MatchString(u.Path) {
			out = append(out, u.RequestURI())
			continue
		}
		status, body, err := get(base+u.RequestURI(), "")
		if err != nil || status != http.StatusOK {
			return nil, fmt.Errorf("GET %s: status %d, %v", u.RequestURI(), status, err)
		}
		part, err := sitemapLocs(body)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", u.RequestURI(), err)
		}
		for _, p := range part {
			if pu, err := url.Parse(p); err == nil && articlePath.MatchString(pu.Path) {
				out = append(out, pu.RequestURI())
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the sitemap lists no articles")
	}
	return out, nil
}

// runCommand runs the dateline binary with args against db and returns
// its combined output.
func runCommand(ctx context.Context, bin, db string, args ...string) (string, error) {
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, bin, args...)
	cmd.Env = append(os.Environ(), "DATELINE_DB="+db)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

var secretLike = regexp.MustCompile(`[A-Za-z0-9_\-\.]{20,}`)

// lastSecret finds the key or token a command printed: the last long run
// of token characters in its output.
func lastSecret(out string) string {
	m := secretLike.FindAllString(out, -1)
	if len(m) == 0 {
		return ""
	}
	return m[len(m)-1]
}

// probe returns the status of a GET without reading the body, giving up
// after three seconds (for endpoints that may stream).
func probe(url, token string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
