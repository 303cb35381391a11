package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Junk query parameters neither make new cache entries nor reach the
// page; parameters a page reads still key it.
func TestCacheKeyIgnoresJunkParameters(t *testing.T) {
	s := newSite(t)
	first := s.get("/news")
	for i := range 300 {
		r := s.get(fmt.Sprintf("/news?utm_source=x%d&junk=%s", i, strings.Repeat("j", 200)))
		if r.status != 200 || r.body != first.body {
			t.Fatalf("a junk parameter changed the page (%d)", r.status)
		}
	}
	if n := s.srv.cache.len(); n != 1 {
		t.Fatalf("%d cache entries after 300 junk query strings on one page, want 1", n)
	}
	if r := s.get("/news?lang=ru&utm=1"); r.status != 200 || r.body == first.body {
		t.Fatal("?lang= was ignored")
	}
	if n := s.srv.cache.len(); n != 2 {
		t.Fatalf("%d entries, want 2 (the page in two languages)", n)
	}
	if st := s.srv.CacheStats(); st.Hits < 300 || st.Bytes <= 0 {
		t.Fatalf("cache stats %+v: want 300 hits and some bytes", st)
	}
}

// The cache holds at most its byte bound and evicts the least recently
// used entries, one at a time: it never empties when it fills.
func TestCacheBoundedByBytesLRU(t *testing.T) {
	body := []byte(strings.Repeat("x", 1000))
	c := newPageCache(10 * 1300)
	now := time.Now()
	put := func(k string) {
		_, gen := c.get(k, now)
		c.put(k, gen, &response{body: body, at: now})
	}
	for i := range 9 {
		put(fmt.Sprint("/p", i))
	}
	full := c.len()
	if c.stats().Bytes > 10*1300 {
		t.Fatalf("%d bytes held, bound %d", c.stats().Bytes, 10*1300)
	}
	c.get("/p0", now) // used again: it stays
	for i := 9; i < 40; i++ {
		put(fmt.Sprint("/p", i))
		if c.stats().Bytes > 10*1300 {
			t.Fatalf("%d bytes held, bound %d", c.stats().Bytes, 10*1300)
		}
		if c.len() < full-1 {
			t.Fatalf("the cache dropped to %d entries when it filled", c.len())
		}
	}
	c2 := newPageCache(10 * 1300)
	for i := range 10 { // 10 entries of about 1.26 kB fill 13 kB
		_, gen := c2.get(fmt.Sprint("/q", i), now)
		c2.put(fmt.Sprint("/q", i), gen, &response{body: body, at: now})
	}
	c2.get("/q0", now)
	_, gen := c2.get("/new", now)
	c2.put("/new", gen, &response{body: body, at: now})
	if r, _ := c2.get("/q0", now); r == nil {
		t.Fatal("the most recently used entry was evicted")
	}
	if r, _ := c2.get("/q1", now); r != nil {
		t.Fatal("the least recently used entry was kept over a new one")
	}
	// One response larger than a quarter of the bound is not kept.
	_, gen = c2.get("/huge", now)
	c2.put("/huge", gen, &response{body: make([]byte, 10*1300/2), at: now})
	if r, _ := c2.get("/huge", now); r != nil || c2.len() < 8 {
		t.Fatal("a huge response pushed out the cache")
	}
}
