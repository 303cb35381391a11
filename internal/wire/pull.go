package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/newsml"
	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// MediaTypeNewsML is the media type of a NewsML-G2 news item.
const MediaTypeNewsML = "application/vnd.iptc.g2.newsitem+xml"

// Page is the answer of /api/v1/wire and /api/v1/search.
type Page struct {
	Items []json.RawMessage `json:"items"`
	Next  string            `json:"next,omitempty"`
	More  bool              `json:"more"` // more items are ready: ask again at once
}

func profileParam(r *http.Request) (ninjs.Profile, error) {
	switch v := r.URL.Query().Get("profile"); v {
	case "", "ninjs3", "ninjs31", "3.1":
		return ninjs.Profile31, nil
	case "ninjs2", "ninjs22", "2.2":
		return ninjs.Profile22, nil
	default:
		return "", fmt.Errorf("%q is not a profile; use ninjs3 (the default) or ninjs2", v)
	}
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is out of range: use %d to %d", n, lo, hi)
	}
	return n, nil
}

// handlePull serves GET /api/v1/wire: events after the cursor that pass
// the subscriber's filter, waiting up to wait seconds for one.
func (wr *Wire) handlePull(w http.ResponseWriter, r *http.Request) {
	sub := wr.authenticate(w, r)
	if sub == nil {
		return
	}
	after, ok := wr.cursorParam(w, r, "after", r.URL.Query().Get("after"))
	if !ok {
		return
	}
	wait, err := intParam(r, "wait", 0, 0, int(wr.cfg.MaxWait/time.Second))
	if err != nil {
		badParam(w, r, "wait", err.Error()+" (seconds)")
		return
	}
	limit, err := intParam(r, "limit", DefaultLimit, 1, MaxLimit)
	if err != nil {
		badParam(w, r, "limit", err.Error())
		return
	}
	p, err := profileParam(r)
	if err != nil {
		badParam(w, r, "profile", err.Error())
		return
	}
	if wait > 0 {
		// A long poll holds a connection as a stream does: both count
		// against the same caps per key and in total.
		ok, keyFull := wr.streams.acquire(sub.ID, wr.cfg.MaxStreamsPerKey, wr.cfg.MaxStreams)
		if !ok {
			wr.refuseStream(w, r, keyFull)
			return
		}
		defer wr.streams.release(sub.ID)
	}
	ctx := r.Context()
	deadline := time.Now().Add(time.Duration(wait) * time.Second)
	_ = http.NewResponseController(w).SetWriteDeadline(deadline.Add(wr.cfg.WriteTimeout))
	var timer <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timer = t.C
	}
	for {
		changed := wr.hub.Changed()
		out, next, more, err := wr.scan(ctx, sub, after, limit, p)
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		after = next
		if len(out) > 0 || more || wait == 0 {
			writePage(w, out, next, more)
			return
		}
		select {
		case <-changed:
		case <-time.After(wr.cfg.PollInterval):
		case <-timer:
			wait = 0 // one last look, then answer
		case <-ctx.Done():
			return
		}
	}
}

func writePage(w http.ResponseWriter, out []delivery, next int64, more bool) {
	pg := Page{Items: make([]json.RawMessage, len(out)), Next: EncodeCursor(next), More: more}
	for i, d := range out {
		pg.Items[i] = d.item
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, pg)
}

func wantsNewsML(r *http.Request) (bool, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "newsml", "newsml-g2", "g2":
		return true, nil
	case "ninjs", "json":
		return false, nil
	case "":
		return strings.Contains(r.Header.Get("Accept"), MediaTypeNewsML), nil
	default:
		return false, fmt.Errorf("%q is not a format; use ninjs (the default) or newsml", f)
	}
}

// handleItem serves GET /api/v1/items/{id}: the latest (or ?version=N)
// version of a story that the subscriber may see.
func (wr *Wire) handleItem(w http.ResponseWriter, r *http.Request) {
	sub := wr.authenticate(w, r)
	if sub == nil {
		return
	}
	id := r.PathValue("id")
	n, err := intParam(r, "version", 0, 1, 1<<30)
	if err != nil {
		badParam(w, r, "version", err.Error())
		return
	}
	p, err := profileParam(r)
	if err != nil {
		badParam(w, r, "profile", err.Error())
		return
	}
	g2, err := wantsNewsML(r)
	if err != nil {
		badParam(w, r, "format", err.Error())
		return
	}
	notFound := func() {
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusNotFound, "no such item, or not available to you yet"))
	}
	if !news.ValidID(id) {
		notFound()
		return
	}
	ctx := r.Context()
	v, err := wr.itemFor(ctx, sub, id, n)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, errNotEntitled) {
		notFound()
		return
	}
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Accept, Authorization")
	if g2 {
		m, err := wr.changes.itemMeta(ctx, v.v)
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		b, err := newsml.Marshal(&v.v.Story, m)
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", MediaTypeNewsML+"; charset=utf-8")
		_, _ = w.Write(b)
		return
	}
	b, err := v.ninjs(ctx, wr.changes, p)
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(append(b, '\n'))
}

// Search cursors carry the store's keyset position.
func encodeSearchCursor(c *store.Cursor) string {
	if c == nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.At.UnixNano(), 10) + "|" + c.ID))
}

func decodeSearchCursor(s string) (*store.Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 {
		return nil, errors.New("not a cursor this server gave out")
	}
	at, id, ok := bytes.Cut(b, []byte("|"))
	n, err := strconv.ParseInt(string(at), 10, 64)
	if !ok || err != nil || !news.ValidID(string(id)) {
		return nil, errors.New("not a cursor this server gave out")
	}
	return &store.Cursor{At: time.Unix(0, n).UTC(), ID: string(id)}, nil
}

// maxSearchScan bounds how many hits one search request reads to fill a
// page for a filtered subscriber; beyond it the page is answered as it
// is, with the cursor to read on.
const maxSearchScan = 1000

// maxSearchReads bounds the store queries of one search request.
const maxSearchReads = 50

// handleSearch serves GET /api/v1/search?q=: public stories, newest first.
func (wr *Wire) handleSearch(w http.ResponseWriter, r *http.Request) {
	sub := wr.authenticate(w, r)
	if sub == nil {
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		badParam(w, r, "q", "is required: the words to search for")
		return
	}
	if len(q) > 500 {
		badParam(w, r, "q", "is longer than 500 bytes")
		return
	}
	before, err := decodeSearchCursor(r.URL.Query().Get("before"))
	if err != nil {
		badParam(w, r, "before", err.Error())
		return
	}
	limit, err := intParam(r, "limit", 20, 1, 100)
	if err != nil {
		badParam(w, r, "limit", err.Error())
		return
	}
	p, err := profileParam(r)
	if err != nil {
		badParam(w, r, "profile", err.Error())
		return
	}
	// The subscriber's filter applies to search as to the feed. A filter
	// can pass few of the hits, so the search reads on past them (up to
	// maxSearchScan stories in maxSearchReads reads) rather than answer an empty page while
	// matches exist further back; each read asks for no more than the
	// page still needs, so the cursor is always the store's own.
	out := Page{Items: []json.RawMessage{}}
	lang := r.URL.Query().Get("lang")
	for scanned, reads := 0, 1; ; reads++ {
		pg, err := wr.st.Search(r.Context(), store.SearchQuery{Text: q, Language: lang, Before: before, Limit: limit - len(out.Items)})
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		scanned += len(pg.Stories)
		for _, s := range pg.Stories {
			if !sub.filter.matchStory(s) {
				continue
			}
			b, err := ninjs.Marshal(s, ninjs.Meta{BaseURL: wr.cfg.BaseURL}, p)
			if err != nil {
				wr.writeError(w, r, err)
				return
			}
			out.Items = append(out.Items, b)
		}
		out.Next, out.More = encodeSearchCursor(pg.Next), pg.Next != nil
		if pg.Next == nil || len(out.Items) >= limit || scanned >= maxSearchScan || reads >= maxSearchReads || r.Context().Err() != nil {
			break
		}
		before = pg.Next
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, out)
}

// cursorParam decodes a cursor and refuses one beyond the end of the log
// (it would never deliver anything: it names no event that exists).
func (wr *Wire) cursorParam(w http.ResponseWriter, r *http.Request, param, v string) (int64, bool) {
	after, err := DecodeCursor(v)
	if err != nil {
		badParam(w, r, param, err.Error())
		return 0, false
	}
	if after == 0 {
		return 0, true
	}
	last, err := wr.st.LastSeq(r.Context())
	if err != nil {
		wr.writeError(w, r, err)
		return 0, false
	}
	if after > last {
		badParam(w, r, param, "is beyond the end of the change log; use the \"next\" cursor of an answer, or no cursor to start from the beginning")
		return 0, false
	}
	return after, true
}
