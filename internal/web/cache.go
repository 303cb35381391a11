package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// response is a rendered public response: a page, a feed or a sitemap.
type response struct {
	status   int
	ctype    string
	body     []byte
	modified time.Time // Last-Modified; zero for none
	maxAge   int       // Cache-Control max-age in seconds; 0 means 60
	noStore  bool      // keep out of the in-memory cache
	etag     string
	at       time.Time // when it was rendered
	location string    // Location of a redirect

	// gz holds the gzip of body, made once, on the first request that
	// takes gzip: a render for a client that does not never pays for it.
	gz *gzBody

	// story is the id of the story an article page is about; "" for
	// every list-like response (home, lists, search, feeds, sitemaps,
	// entity pages), which any story change may alter.
	story string
	// shows lists the other stories an article page shows (translation
	// links, related stories): a change to any of them drops the page.
	shows []string
}

// dependsOn reports whether a change to story id may change r.
func (r *response) dependsOn(id string) bool {
	if r.story == "" || r.story == id {
		return true
	}
	for _, o := range r.shows {
		if o == id {
			return true
		}
	}
	return false
}

// gzipMin is the smallest body worth compressing.
const gzipMin = 1024

// gzBody is a response body's gzip, made on first use; b is nil when it
// does not shrink the body.
type gzBody struct {
	once sync.Once
	b    []byte
}

// gzipped returns the response's body gzipped, compressing it on first
// use; nil when it is not worth it.
func (r *response) gzipped() []byte {
	if len(r.body) < gzipMin {
		return nil
	}
	if r.gz == nil {
		return gzipBytes(r.body)
	}
	r.gz.once.Do(func() { r.gz.b = gzipBytes(r.body) })
	return r.gz.b
}

// gzipMax is the most a body's gzip may take: the cache counts it before
// the gzip is made, and a gzip that would be larger is not kept.
func gzipMax(b []byte) int {
	if len(b) < gzipMin {
		return 0
	}
	return len(b) / 2
}

// gzipBytes compresses b at the default level (BestCompression costs
// about three times the CPU for a few per cent smaller pages); nil when
// that does not at least halve it.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	if zw.Close() != nil || buf.Len() > gzipMax(b) {
		return nil
	}
	return buf.Bytes()
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// renderFunc renders one public GET response.
type renderFunc func(r *http.Request) (*response, error)

// pageCacheTTL bounds how long a rendered response lives even without an
// Invalidate, as a safety net for time-driven changes.
const pageCacheTTL = 5 * time.Minute

// pageCache keeps rendered responses by path and query, bounded by bytes:
// when a new response does not fit, the least recently used ones go.
// Invalidate drops it wholesale, InvalidateStory what depends on one
// story; a render that started before either is not stored (it may hold
// what was just changed).
type pageCache struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	gen      uint64
	entries  map[string]*list.Element // of *cacheEntry
	lru      *list.List               // most recently used first

	hits, misses, evictions atomic.Int64
}

type cacheEntry struct {
	key  string
	r    *response
	size int64
}

// DefaultCacheBytes is the page cache's default bound: 64 MiB.
const DefaultCacheBytes = 64 << 20

func newPageCache(maxBytes int64) *pageCache {
	return &pageCache{maxBytes: maxBytes, entries: map[string]*list.Element{}, lru: list.New()}
}

// size is what an entry costs, headers and bookkeeping included.
func (e *cacheEntry) cost() int64 {
	r := e.r
	n := 2*len(e.key) + len(r.body) + gzipMax(r.body) + len(r.ctype) + len(r.etag) + len(r.story) + 256
	for _, o := range r.shows {
		n += len(o) + 16
	}
	return int64(n)
}

func (c *pageCache) get(key string, now time.Time) (*response, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	if el == nil {
		c.misses.Add(1)
		return nil, c.gen
	}
	e := el.Value.(*cacheEntry)
	if now.Sub(e.r.at) > pageCacheTTL {
		c.remove(el)
		c.misses.Add(1)
		return nil, c.gen
	}
	c.lru.MoveToFront(el)
	c.hits.Add(1)
	return e.r, c.gen
}

func (c *pageCache) put(key string, gen uint64, r *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el := c.entries[key]; el != nil {
		c.remove(el)
	}
	e := &cacheEntry{key: key, r: r}
	e.size = e.cost()
	if e.size > c.maxBytes/4 {
		return // one response may not push out most of the others
	}
	for c.bytes+e.size > c.maxBytes {
		c.remove(c.lru.Back())
		c.evictions.Add(1)
	}
	c.entries[key] = c.lru.PushFront(e)
	c.bytes += e.size
}

func (c *pageCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= e.size
}

func (c *pageCache) clear() {
	c.mu.Lock()
	c.gen++
	c.entries = map[string]*list.Element{}
	c.lru.Init()
	c.bytes = 0
	c.mu.Unlock()
}

// dropStory drops the responses that depend on story id.
func (c *pageCache) dropStory(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry).r.dependsOn(id) {
			c.remove(el)
		}
		el = next
	}
}

func (c *pageCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// CacheStats describes the page cache.
type CacheStats struct {
	Entries                 int
	Bytes, MaxBytes         int64
	Hits, Misses, Evictions int64
}

func (c *pageCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.entries), Bytes: c.bytes, MaxBytes: c.maxBytes,
		Hits: c.hits.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load()}
}

// pageParams are the query parameters any public page reads. The rest
// are left out of the cache key and out of what the page sees, so junk
// query strings neither fill the cache nor reach a render.
var pageParams = []string{"before", "from", "lang", "page", "q", "section", "sort", "tag", "to", "via"}

// canonicalQuery keeps the first value of each parameter pages read, in
// a fixed order.
func canonicalQuery(u *url.URL) string {
	q := u.Query()
	keep := url.Values{}
	for _, k := range pageParams {
		if v, ok := q[k]; ok && len(v) > 0 {
			keep.Set(k, v[0])
		}
	}
	return keep.Encode()
}

// cached serves a renderFunc through the page cache with ETag,
// Last-Modified and Cache-Control, answering 304 to matching conditional
// requests. Errors go to the error pages and are never cached.
func (s *Server) cached(fn renderFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if q := canonicalQuery(r.URL); q != r.URL.RawQuery {
			r2 := *r
			u := *r.URL
			u.RawQuery = q
			r2.URL = &u
			r = &r2
		}
		key := r.URL.Path + "?" + r.URL.RawQuery
		now := s.now()
		resp, gen := s.cache.get(key, now)
		if resp == nil {
			var err error
			resp, err = fn(r)
			if err != nil {
				return err
			}
			if resp.status == 0 {
				resp.status = http.StatusOK
			}
			// Last-Modified moves with every public change, kills,
			// withdrawals and corrections included: a kill takes an item
			// out of a feed without making any remaining item newer, and a
			// page shows other stories (links, related stories) whose
			// changes its own time does not see.
			if resp.status == http.StatusOK {
				if last, err := s.pub.LastPublicChange(r.Context()); err == nil && last.After(resp.modified) {
					resp.modified = last
				}
				resp.modified = s.lastMod.at(resp.modified)
			}
			sum := sha256.Sum256(resp.body)
			resp.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
			resp.gz = &gzBody{}
			resp.at = now
			if !resp.noStore {
				s.cache.put(key, gen, resp)
			}
		}
		s.lastMod.serve(resp.modified)
		serveResponse(w, r, resp)
		return nil
	})
}

// lastModified keeps Last-Modified, which HTTP gives to the second, apart
// before and after a change. Two public changes within one second (a
// publish, a fetch, a kill of an older item) would otherwise give the
// responses before and after the kill the same Last-Modified, and an
// If-Modified-Since from before the kill would get 304. So a change after
// which a response was served moves the floor of later responses'
// Last-Modified past every one served so far.
type lastModified struct {
	served atomic.Int64 // the latest Last-Modified served since the last change, Unix seconds
	mu     sync.Mutex
	floor  time.Time // no response rendered since the last change is older
}

// serve notes a Last-Modified going out.
func (l *lastModified) serve(m time.Time) {
	if m.IsZero() {
		return
	}
	sec := m.Unix()
	for cur := l.served.Load(); sec > cur && !l.served.CompareAndSwap(cur, sec); cur = l.served.Load() {
	}
}

// changed is called at each public change.
func (l *lastModified) changed() {
	sec := l.served.Swap(0)
	if sec == 0 {
		return
	}
	l.mu.Lock()
	if f := time.Unix(sec+1, 0).UTC(); f.After(l.floor) {
		l.floor = f
	}
	l.mu.Unlock()
}

// at is the Last-Modified of a response rendered now whose content last
// changed at m.
func (l *lastModified) at(m time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.floor.After(m) {
		return l.floor
	}
	return m
}

// serveResponse writes a rendered response, gzipped (compressed once, at
// render time) for clients that take it. Each encoding has its own ETag.
func serveResponse(w http.ResponseWriter, r *http.Request, resp *response) {
	h := w.Header()
	h.Set("Content-Type", resp.ctype)
	if resp.location != "" {
		h.Set("Location", resp.location)
	}
	body, etag := resp.body, resp.etag
	if len(resp.body) >= gzipMin {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz := resp.gzipped(); gz != nil {
				body, etag = gz, strings.TrimSuffix(etag, `"`)+`-gz"`
				h.Set("Content-Encoding", "gzip")
			}
		}
	}
	maxAge := resp.maxAge
	if maxAge == 0 {
		maxAge = 60
	}
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	h.Set("ETag", etag)
	if !resp.modified.IsZero() {
		h.Set("Last-Modified", resp.modified.UTC().Format(http.TimeFormat))
	}
	if resp.status == http.StatusOK && notModified(r, etag, resp.modified) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified applies RFC 9110: If-None-Match wins over If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			t = strings.TrimPrefix(t, "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		if err == nil && !modified.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}
