package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/store"
)

// railItem is one line of the live "All news" rail.
type railItem struct {
	Day       string `json:"day,omitempty"` // on the first item of a day
	Time      string `json:"time"`
	ISO       string `json:"iso"`
	Headline  string `json:"headline"`
	Href      string `json:"href"`
	Mark      string `json:"mark,omitempty"`
	MarkClass string `json:"markClass,omitempty"`
}

const (
	// liveMaxAge ends a stream after a while; the browser reconnects, so
	// a connection never lives for ever.
	liveMaxAge = 15 * time.Minute
	// liveKeepAlive is how often an idle stream sends a comment line.
	liveKeepAlive = 30 * time.Second
)

// railMemo keeps the rail per language for one generation of public
// changes, so a thousand open streams cost one query per change.
type railMemo struct {
	mu    sync.Mutex
	gen   uint64
	items map[string][]byte
}

// railJSON is the rail of language lang as JSON.
func (s *Server) railJSON(r *http.Request, lang string) ([]byte, error) {
	s.mu.Lock()
	gen := s.derivedGen
	s.mu.Unlock()
	s.rail.mu.Lock()
	if s.rail.gen == gen && s.rail.items[lang] != nil {
		defer s.rail.mu.Unlock()
		return s.rail.items[lang], nil
	}
	s.rail.mu.Unlock()
	page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Language: lang, Limit: homeRail})
	if err != nil {
		return nil, err
	}
	items := make([]railItem, 0, len(page.Stories))
	for _, c := range s.cards(r.Context(), page.Stories, lang) {
		items = append(items, railItem{Day: c.RailDay, Time: c.Rail, ISO: c.Published.ISO, Headline: c.Headline, Href: c.Href,
			Mark: c.Mark, MarkClass: c.MarkClass})
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	s.rail.mu.Lock()
	if s.rail.gen != gen || s.rail.items == nil {
		s.rail.gen, s.rail.items = gen, map[string][]byte{}
	}
	s.rail.items[lang] = b
	s.rail.mu.Unlock()
	return b, nil
}

// live is /news/live: Server-Sent Events carrying the front page's rail
// (event "rail", the newest stories of ?lang= as JSON) at connect and
// after every public change. Only public stories go out. Open streams
// are bounded (Config.MaxLiveStreams; more get 503) and each ends after
// liveMaxAge.
func (s *Server) live(w http.ResponseWriter, r *http.Request) error {
	lang, err := s.siteLang(r)
	if err != nil {
		return err
	}
	lang = pageLang(lang)
	if s.cfg.Changed == nil {
		return errNotFound
	}
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		w.Header().Set("Retry-After", "60")
		return httpx.NewProblem(http.StatusServiceUnavailable, "Too many live readers at the moment; the page still works.")
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	end := time.NewTimer(liveMaxAge)
	defer end.Stop()
	tick := time.NewTicker(liveKeepAlive)
	defer tick.Stop()
	fmt.Fprint(w, "retry: 10000\n\n")
	for {
		changed := s.cfg.Changed()
		b, err := s.railJSON(r, lang)
		if err != nil {
			return nil // the headers are out; the browser reconnects
		}
		rc.SetWriteDeadline(time.Now().Add(2 * liveKeepAlive))
		if _, err := fmt.Fprintf(w, "event: rail\ndata: %s\n\n", b); err != nil {
			return nil
		}
		if rc.Flush() != nil {
			return nil
		}
		if !s.liveWait(w, rc, r, changed, tick.C, end.C) {
			return nil
		}
	}
}

// liveWait waits for the next change, sending keep-alive comments; it
// reports false when the stream should end.
func (s *Server) liveWait(w http.ResponseWriter, rc *http.ResponseController, r *http.Request,
	changed <-chan struct{}, tick <-chan time.Time, end <-chan time.Time) bool {
	for {
		select {
		case <-changed:
			return true
		case <-tick:
			rc.SetWriteDeadline(time.Now().Add(2 * liveKeepAlive))
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return false
			}
		case <-end:
			return false
		case <-r.Context().Done():
			return false
		}
	}
}
