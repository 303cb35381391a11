// Package metrics is Dateline's Prometheus instrumentation: HTTP requests
// by route and status with latency histograms, and collectors read at
// scrape time (page cache, streams, webhooks per subscriber, the embargo
// queue, database pools, login hashing), plus publish-to-visible time. It
// also writes the structured access log, from the same wrapper.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Dateline's registry and the instruments code updates.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	visible   prometheus.Histogram
	accessLog *slog.Logger // nil: no access log
}

// New makes a registry with the Go runtime and process collectors and
// Dateline's request instruments. accessLog, when not nil, gets one line
// per request.
func New(accessLog *slog.Logger) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{reg: reg, accessLog: accessLog,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_http_requests_total", Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "dateline_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern (streams and long polls count their whole life).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		visible: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dateline_publish_to_visible_seconds",
			Help:    "Time from a public change's commit until this node dropped the cached pages it changes and woke the wire's waiting readers.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
	}
	reg.MustRegister(m.requests, m.latency, m.visible)
	return m
}

// Register adds collectors (see Gauge, Collect).
func (m *Metrics) Register(cs ...prometheus.Collector) { m.reg.MustRegister(cs...) }

// Visible records that a change committed at committed is now visible.
func (m *Metrics) Visible(committed time.Time) {
	if !committed.IsZero() {
		m.visible.Observe(time.Since(committed).Seconds())
	}
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Gauge is a gauge read at scrape time.
func Gauge(name, help string, fn func() float64) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn)
}

// Counter is a counter read at scrape time.
func Counter(name, help string, fn func() float64) prometheus.Collector {
	return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, fn)
}

// Sample is one labelled value of a Collect.
type Sample struct {
	Labels []string
	Value  float64
}

// collectFunc is a family of labelled values read at scrape time.
type collectFunc struct {
	desc   *prometheus.Desc
	kind   prometheus.ValueType
	read   func(ctx context.Context) []Sample
	report func(error)
}

// Collect is a family of gauges with labels, read at scrape time by read
// (with a 5-second deadline).
func Collect(name, help string, labels []string, read func(ctx context.Context) []Sample) prometheus.Collector {
	return &collectFunc{desc: prometheus.NewDesc(name, help, labels, nil), kind: prometheus.GaugeValue, read: read}
}

func (c *collectFunc) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *collectFunc) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range c.read(ctx) {
		if m, err := prometheus.NewConstMetric(c.desc, c.kind, s.Value, s.Labels...); err == nil {
			ch <- m
		}
	}
}

// recorder keeps the status and size of a response; Unwrap lets
// http.ResponseController reach Flush and deadlines of the real writer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

func (rw *recorder) Flush() {
	if f, ok := rw.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// Wrap counts and times each request by its route pattern (set by the
// ServeMux that next is, or wraps) and writes the access log line: request
// id, method, route, path, status, bytes, duration. Wrap it inside the
// middleware that sets X-Request-Id, around the mux.
func (m *Metrics) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &recorder{ResponseWriter: w}
		defer func() {
			d := time.Since(start)
			status := rw.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
			m.latency.WithLabelValues(route).Observe(d.Seconds())
			if m.accessLog != nil {
				m.accessLog.LogAttrs(r.Context(), slog.LevelInfo, "request",
					slog.String("request_id", w.Header().Get("X-Request-Id")),
					slog.String("method", r.Method),
					slog.String("route", route),
					slog.String("path", r.URL.Path),
					slog.Int("status", status),
					slog.Int64("bytes", rw.bytes),
					slog.Duration("duration", d))
			}
		}()
		next.ServeHTTP(rw, r)
	})
}
