package wire

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/dateline-news/dateline/internal/httpx"
)

// streamCaps counts held connections (streams, and long polls that wait)
// per subscriber key and in total.
type streamCaps struct {
	mu     sync.Mutex
	perKey map[int64]int
	total  int
}

// acquire takes a stream slot for subscriber id; false when the key or
// the server has as many streams open as allowed.
func (c *streamCaps) acquire(id int64, perKey, total int) (ok bool, keyFull bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.perKey == nil {
		c.perKey = map[int64]int{}
	}
	if c.perKey[id] >= perKey {
		return false, true
	}
	if c.total >= total {
		return false, false
	}
	c.perKey[id]++
	c.total++
	return true, false
}

func (c *streamCaps) release(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.perKey[id]--; c.perKey[id] <= 0 {
		delete(c.perKey, id)
	}
	c.total--
}

// Streams is the number of open streams.
func (wr *Wire) Streams() int {
	wr.streams.mu.Lock()
	defer wr.streams.mu.Unlock()
	return wr.streams.total
}

// streamRetryAfter is the Retry-After, in seconds, of a refused stream.
const streamRetryAfter = "30"

// refuseStream answers 503 with Retry-After for a stream over a cap.
func (wr *Wire) refuseStream(w http.ResponseWriter, r *http.Request, keyFull bool) {
	msg := fmt.Sprintf("the server holds as many streams and waiting polls as it allows (%d); try again later", wr.cfg.MaxStreams)
	if keyFull {
		msg = fmt.Sprintf("this key has %d streams or waiting polls open already, as many as one key may; close one, or try again later", wr.cfg.MaxStreamsPerKey)
	}
	w.Header().Set("Retry-After", streamRetryAfter)
	httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusServiceUnavailable, msg))
}
