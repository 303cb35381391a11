package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// wrkScript makes each wrk thread walk a list of request paths (one per
// line, the first argument after --) from a random starting point, and
// prints the result as one JSON line for the runner to read. An optional
// second argument is sent as a Bearer token.
const wrkScript = `
local paths = {}
local idx = 0
local headers = {}

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  if args[2] and #args[2] > 0 then headers["Authorization"] = "Bearer " .. args[2] end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  idx = math.random(#paths) - 1
end

request = function()
  idx = idx % #paths + 1
  return wrk.format("GET", paths[idx], headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
`

// wrkResult is what one wrk run measured.
type wrkResult struct {
	Requests   int64 `json:"requests"`
	DurationUS int64 `json:"duration_us"`
	Bytes      int64 `json:"bytes"`
	Connect    int64 `json:"connect"`
	Read       int64 `json:"read"`
	Write      int64 `json:"write"`
	Status     int64 `json:"status"` // responses that were not 2xx or 3xx
	Timeout    int64 `json:"timeout"`
	P50US      int64 `json:"p50_us"`
	P95US      int64 `json:"p95_us"`
	P99US      int64 `json:"p99_us"`
	MaxUS      int64 `json:"max_us"`
}

func (r wrkResult) RPS() float64 {
	if r.DurationUS == 0 {
		return 0
	}
	return float64(r.Requests) / (float64(r.DurationUS) / 1e6)
}

func (r wrkResult) Errors() int64 { return r.Connect + r.Read + r.Write + r.Status + r.Timeout }

// load is the shape of a wrk run.
type load struct {
	threads, conns int
	duration       time.Duration
	timeout        time.Duration
}

// runWrk runs wrk against base (http://127.0.0.1:PORT) with the request
// paths in pathsFile, for l.duration, and parses its result line.
func runWrk(ctx context.Context, dir, base, pathsFile, token string, l load) (wrkResult, error) {
	script := filepath.Join(dir, "paths.lua")
	if _, err := os.Stat(script); err != nil {
		if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
			return wrkResult{}, err
		}
	}
	secs := max(1, int(l.duration.Round(time.Second)/time.Second))
	args := []string{"-t", strconv.Itoa(l.threads), "-c", strconv.Itoa(l.conns), "-d", strconv.Itoa(secs) + "s",
		"--timeout", strconv.Itoa(max(1, int(l.timeout/time.Second))) + "s",
		"-s", script, base, "--", pathsFile, token}
	// wrk stops by itself; the context bounds a wrk that hangs.
	cctx, cancel := context.WithTimeout(ctx, l.duration+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, "wrk", args...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()+out.String()))
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "BENCH_RESULT "); ok {
			var r wrkResult
			if err := json.Unmarshal([]byte(rest), &r); err != nil {
				return wrkResult{}, fmt.Errorf("wrk result line %q: %w", rest, err)
			}
			return r, nil
		}
	}
	return wrkResult{}, fmt.Errorf("wrk printed no result line:\n%s%s", out.String(), stderr.String())
}
