package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

func ms(us int64) string { return fmt.Sprintf("%.2f ms", float64(us)/1000) }

func dms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }

// table renders the whole report as Markdown.
func (b *bench) table(ts []*target, m mixedResult, rss []int64, finalDB int64) string {
	var s strings.Builder
	o := b.o
	fmt.Fprintf(&s, "\n## Dateline load benchmark\n\n")
	fmt.Fprintf(&s, "%s; database: %s. wrk: %d threads, %d connections, %s per target and server (after %s warm-up), loopback; %d CPUs (%s/%s), load tool and servers share them.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), b.fill, o.threads, o.conns, o.duration, o.warmup, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	engine := "SQLite"
	if b.postgres() {
		engine = "PostgreSQL"
	}
	several := b.o.nodes > 1
	if several {
		fmt.Fprintf(&s, "Engine: %s, %d Dateline nodes. req/s, p50–p99, errors and ratio are the nodes hit directly: one wrk per node at the same time, each with %d thread(s) and %d connections, requests summed, latency the worse node's. \"via LB\" is the same load through an nginx round-robin load balancer in front of both nodes (one more proxy hop).\n\n",
			engine, b.o.nodes, max(1, o.threads/b.o.nodes), max(1, o.conns/b.o.nodes))
		fmt.Fprintf(&s, "| target | paths | req/s | p50 | p95 | p99 | errors | avg size | via LB req/s | via LB p99 | nginx req/s | nginx p99 | ratio |\n")
		fmt.Fprintf(&s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	} else {
		fmt.Fprintf(&s, "Engine: %s, 1 Dateline node.\n\n", engine)
		fmt.Fprintf(&s, "| target | paths | req/s | p50 | p95 | p99 | errors | avg size | nginx req/s | nginx p99 | ratio |\n")
		fmt.Fprintf(&s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	}
	for _, t := range ts {
		if t.skip != "" || t.dl == nil {
			reason := t.skip
			if reason == "" {
				reason = "not measured"
			}
			cells := "| | | | | | | |"
			if several {
				cells += " | |"
			}
			fmt.Fprintf(&s, "| %s | – | %s %s\n", t.name, reason, cells)
			continue
		}
		r := t.dl
		size := "–"
		if r.Requests > 0 {
			size = fmt.Sprintf("%.1f KB", float64(r.Bytes)/float64(r.Requests)/1024)
		}
		srps, sp99, ratio := "–", "–", "–"
		if t.st != nil {
			srps = fmt.Sprintf("%.0f", t.st.RPS())
			sp99 = ms(t.st.P99US)
			if t.st.RPS() > 0 {
				ratio = fmt.Sprintf("%.2f", r.RPS()/t.st.RPS())
			}
			if t.noStatic {
				srps += " (cached twin)"
			}
		}
		lb := ""
		if several {
			lb = "– | – | "
			if t.lb != nil {
				lb = fmt.Sprintf("%.0f | %s | ", t.lb.RPS(), ms(t.lb.P99US))
				if t.lb.Errors() > 0 {
					lb = fmt.Sprintf("%.0f (%d errors) | %s | ", t.lb.RPS(), t.lb.Errors(), ms(t.lb.P99US))
				}
			}
		}
		fmt.Fprintf(&s, "| %s | %d | %.0f | %s | %s | %s | %d | %s | %s%s | %s | %s |\n",
			t.name, t.count, r.RPS(), ms(r.P50US), ms(r.P95US), ms(r.P99US), r.Errors(), size, lb, srps, sp99, ratio)
	}
	var peaks []string
	for _, r := range rss {
		peaks = append(peaks, mb(r))
	}
	where := "(with WAL)"
	if b.postgres() {
		where = "(pg_database_size)"
	}
	fmt.Fprintf(&s, "\nPeak RSS of each Dateline process (VmHWM, whole run): %s. Database size: %s after the fill, %s at the end %s.\n",
		strings.Join(peaks, ", "), mb(b.dbSize), mb(finalDB), where)
	if b.textBytes > 0 {
		fmt.Fprintf(&s, "Text held (headlines, standfirsts, bodies): %s; the database after the fill is %.2f× the text.\n",
			mb(b.textBytes), float64(b.dbSize)/float64(b.textBytes))
	}
	if b.reutersOnly != "" {
		fmt.Fprintf(&s, "%s.\n", b.reutersOnly)
	}
	if len(b.ready) > 0 {
		var rs []string
		for _, d := range b.ready {
			rs = append(rs, d.Round(10*time.Millisecond).String())
		}
		fmt.Fprintf(&s, "Start: `dateline serve` to /readyz answering 200: %s.\n", strings.Join(rs, ", "))
	}

	fmt.Fprintf(&s, "\n### Mixed load (%s)\n\n", o.mixed)
	if m.Skip != "" {
		fmt.Fprintf(&s, "Mixed load: %s.\n", m.Skip)
	} else {
		if several {
			fmt.Fprintf(&s, "Against node 1 only (readers, editor, poller and subscribers).\n\n")
		}
		fmt.Fprintf(&s, "| measure | value |\n|---|---|\n")
		if m.ReadersErr != nil {
			fmt.Fprintf(&s, "| readers (/news + articles) | error: %v |\n", m.ReadersErr)
		} else {
			r := m.Readers
			if m.IdleErr == nil && m.Idle.RPS() > 0 {
				i := m.Idle
				fmt.Fprintf(&s, "| readers alone first, no publishing (%s) | %.0f req/s, p50 %s, p99 %s, %d errors |\n", m.IdleFor, i.RPS(), ms(i.P50US), ms(i.P99US), i.Errors())
			}
			fmt.Fprintf(&s, "| readers (/news + articles, %d connections) while publishing | %.0f req/s, p50 %s, p99 %s, %d errors |\n", o.conns, r.RPS(), ms(r.P50US), ms(r.P99US), r.Errors())
			if m.IdleErr == nil && m.Idle.RPS() > 0 {
				fmt.Fprintf(&s, "| readers while publishing / alone | %.2f |\n", r.RPS()/m.Idle.RPS())
			}
		}
		fmt.Fprintf(&s, "| stories published (%g/s via the newsroom API) | %d, %d failed |\n", o.publishRate, m.Published, len(m.PublishErrors))
		if len(m.PublishCall) > 0 {
			fmt.Fprintf(&s, "| create + publish call | p50 %s, p99 %s |\n", dms(percentile(m.PublishCall, 50)), dms(percentile(m.PublishCall, 99)))
		}
		if len(m.Visible) > 0 || m.NotVisible > 0 {
			fmt.Fprintf(&s, "| publish returned → on /news (polled every 10 ms) | p50 %s, p99 %s, max %s; %d never seen within 10 s |\n",
				dms(percentile(m.Visible, 50)), dms(percentile(m.Visible, 99)), dms(percentile(m.Visible, 100)), m.NotVisible)
		}
		if m.StreamSkip != "" {
			fmt.Fprintf(&s, "| SSE fan-out (/api/v1/stream) | %s |\n", m.StreamSkip)
		} else {
			fmt.Fprintf(&s, "| SSE fan-out: %d subscribers, publish sent → event received | p50 %s, p99 %s; %d deliveries missed |\n",
				m.Subscribers, dms(percentile(m.StreamLat, 50)), dms(percentile(m.StreamLat, 99)), m.StreamMissed)
		}
		for i, e := range m.PublishErrors {
			if i == 3 {
				fmt.Fprintf(&s, "\n… and %d more publish errors\n", len(m.PublishErrors)-3)
				break
			}
			fmt.Fprintf(&s, "\npublish error: %s\n", e)
		}
	}
	for _, n := range b.setupNotes {
		fmt.Fprintf(&s, "\nnote: %s\n", n)
	}
	fmt.Fprintf(&s, "\nTotal run time: %s.\n", time.Since(b.started).Round(time.Second))
	return s.String()
}
