package wire

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"time"
)

// streamBatch is how many events a stream writes at a time.
const streamBatch = 100

// handleStream serves GET /api/v1/stream: the subscriber's change feed as
// Server-Sent Events. Each event has the cursor as its id, the action as
// its type and the compact ninjs item as its data. It resumes after
// Last-Event-ID (or ?after=). Every client reads the log at its own pace,
// so a slow client holds no buffer but its own batch; a client that does
// not take a write within WriteTimeout is dropped.
func (wr *Wire) handleStream(w http.ResponseWriter, r *http.Request) {
	sub := wr.authenticate(w, r)
	if sub == nil {
		return
	}
	param, from := "Last-Event-ID", r.Header.Get("Last-Event-ID")
	if from == "" {
		param, from = "after", r.URL.Query().Get("after")
	}
	after, ok := wr.cursorParam(w, r, param, from)
	if !ok {
		return
	}
	p, err := profileParam(r)
	if err != nil {
		badParam(w, r, "profile", err.Error())
		return
	}
	var keyFull bool
	ok, keyFull = wr.streams.acquire(sub.ID, wr.cfg.MaxStreamsPerKey, wr.cfg.MaxStreams)
	if !ok {
		wr.refuseStream(w, r, keyFull)
		return
	}
	defer wr.streams.release(sub.ID)
	ctx := r.Context()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	write := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(wr.cfg.WriteTimeout))
		_, err := w.Write(b)
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			// A failed write cancels the request's context itself, so a
			// deadline error is logged even when ctx is done.
			if ctx.Err() == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				reason := err.Error()
				if errors.Is(err, os.ErrDeadlineExceeded) {
					reason = "slow client: a write took longer than " + wr.cfg.WriteTimeout.String()
				}
				wr.log.Warn("stream client dropped", "subscriber", sub.Name, "reason", reason)
			}
			return false
		}
		return true
	}
	if !write([]byte("retry: 2000\n: dateline wire stream\n\n")) {
		return
	}
	hb := time.NewTicker(wr.cfg.Heartbeat)
	defer hb.Stop()
	var buf bytes.Buffer
	for {
		changed := wr.hub.Changed()
		out, next, more, err := wr.scan(ctx, sub, after, streamBatch, p)
		if err != nil {
			if ctx.Err() == nil {
				wr.log.Error("stream failed", "subscriber", sub.Name, "err", err)
			}
			return
		}
		after = next
		if len(out) > 0 {
			buf.Reset()
			for _, d := range out {
				buf.WriteString("id: ")
				buf.WriteString(EncodeCursor(d.seq))
				buf.WriteString("\nevent: ")
				buf.WriteString(string(d.action))
				buf.WriteString("\ndata: ")
				buf.Write(d.item) // compact JSON: one line
				buf.WriteString("\n\n")
			}
			if !write(buf.Bytes()) {
				return
			}
		}
		if more {
			continue
		}
		select {
		case <-changed:
		case <-time.After(wr.cfg.PollInterval):
		case <-hb.C:
			if !write([]byte(": heartbeat\n\n")) {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}
