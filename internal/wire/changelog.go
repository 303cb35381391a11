package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/notify"
	"github.com/dateline-news/dateline/internal/store"
)

// changeLog is the shared view of the change log that every puller, stream
// and webhook worker reads. It keeps the newest events in memory, so that
// a thousand streams woken by one publish cost one database query, and
// caches rendered versions, so that each is rendered once per profile.
// Readers whose position is older than the window go to the database.
type changeLog struct {
	st      store.Stories
	hub     *notify.Hub
	poll    time.Duration // refresh at least this often even without a notification
	window  int           // events kept in memory
	baseURL string

	mu     sync.Mutex
	gen    <-chan struct{} // the hub channel current when the last refresh began
	last   time.Time       // when the last refresh ran
	loaded bool
	base   int64 // every event with base < seq <= head is in events
	head   int64
	events []news.Event

	cmu   sync.Mutex
	cache map[vkey]*rendered
	order []vkey // a ring of cached keys, for eviction: the oldest at next
	next  int
	max   int
}

type vkey struct {
	id string
	n  int
}

// rendered is a version with its ninjs documents and its words, made on
// first use.
type rendered struct {
	v     *news.Version
	mu    sync.Mutex
	by    map[renderKey][]byte // compact JSON
	words map[string]struct{}  // lower-case words of headline, standfirst and body
}

// hasWords reports whether every word of want is in the version, finding
// the version's words once for every subscriber's filter.
func (r *rendered) hasWords(want []string) bool {
	r.mu.Lock()
	if r.words == nil {
		s := &r.v.Story
		r.words = map[string]struct{}{}
		for _, w := range textWords(s.Headline + " " + s.Standfirst + " " + s.Text()) {
			r.words[w] = struct{}{}
		}
	}
	words := r.words
	r.mu.Unlock()
	for _, w := range want {
		if _, ok := words[w]; !ok {
			return false
		}
	}
	return true
}

// renderKey names one rendering of a version: the profile and the version
// of the lead picture it carries (0: none).
type renderKey struct {
	p    ninjs.Profile
	lead int
}

func newChangeLog(st store.Stories, hub *notify.Hub, poll time.Duration, window, cacheSize int, baseURL string) *changeLog {
	return &changeLog{st: st, hub: hub, poll: poll, window: window, baseURL: baseURL,
		cache: map[vkey]*rendered{}, max: cacheSize}
}

// refreshPages bounds one refresh; a bigger backlog is read on the next
// call.
const refreshPages = 20

// refresh reads events newer than head if the hub signalled since the
// last refresh or the poll interval passed. Callers hold f.mu.
func (f *changeLog) refresh(ctx context.Context) error {
	if f.loaded && f.gen == f.hub.Changed() && time.Since(f.last) < f.poll {
		return nil
	}
	gen := f.hub.Changed() // taken before reading: a commit after this closes it
	if !f.loaded {
		last, err := f.st.LastSeq(ctx)
		if err != nil {
			return err
		}
		f.base = max(0, last-int64(f.window))
		f.head = f.base
	}
	const page = 1000
	complete := false
	for range refreshPages {
		evs, err := f.st.Changes(ctx, f.head, page)
		if err != nil {
			return err
		}
		f.events = append(f.events, evs...)
		if len(evs) > 0 {
			f.head = evs[len(evs)-1].Seq
		}
		if len(evs) < page {
			complete = true
			break
		}
	}
	if n := len(f.events) - f.window; n > 0 {
		f.base = f.events[n-1].Seq
		f.events = append([]news.Event(nil), f.events[n:]...)
	}
	f.loaded, f.last = true, time.Now()
	if complete {
		f.gen = gen
	}
	return nil
}

// since returns up to limit events with Seq > after, in order.
func (f *changeLog) since(ctx context.Context, after int64, limit int) ([]news.Event, error) {
	f.mu.Lock()
	if err := f.refresh(ctx); err != nil {
		f.mu.Unlock()
		return nil, err
	}
	if after >= f.base {
		i := sort.Search(len(f.events), func(i int) bool { return f.events[i].Seq > after })
		out := append([]news.Event(nil), f.events[i:min(len(f.events), i+limit)]...)
		f.mu.Unlock()
		return out, nil
	}
	f.mu.Unlock()
	// Catching up from before the window: straight from the store.
	return f.st.Changes(ctx, after, limit)
}

// version returns version n of story id from the cache or the store.
func (f *changeLog) version(ctx context.Context, id string, n int) (*rendered, error) {
	k := vkey{id, n}
	f.cmu.Lock()
	r, ok := f.cache[k]
	f.cmu.Unlock()
	if ok {
		return r, nil
	}
	v, err := f.st.Version(ctx, id, n)
	if err != nil {
		return nil, err
	}
	r = &rendered{v: v, by: map[renderKey][]byte{}}
	f.cmu.Lock()
	defer f.cmu.Unlock()
	if old, ok := f.cache[k]; ok {
		return old, nil
	}
	// order is a ring: the slot taken now held the oldest entry.
	if len(f.order) < f.max {
		f.order = append(f.order, k)
	} else {
		delete(f.cache, f.order[f.next])
		f.order[f.next] = k
		f.next = (f.next + 1) % f.max
	}
	f.cache[k] = r
	return r, nil
}

// ninjs returns the version as a compact ninjs document of profile p. A
// story with a lead picture is rendered afresh for the picture as it is
// now (cached per picture version).
func (r *rendered) ninjs(ctx context.Context, f *changeLog, p ninjs.Profile) ([]byte, error) {
	m, err := f.itemMeta(ctx, r.v)
	if err != nil {
		return nil, err
	}
	key := renderKey{p, 0}
	if m.LeadPicture != nil {
		key.lead = m.LeadPicture.Version
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.by[key]; ok {
		return b, nil
	}
	b, err := ninjs.Marshal(&r.v.Story, m, p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return nil, err
	}
	r.by[key] = buf.Bytes()
	return r.by[key], nil
}

// metaOf is what the formats need to write version v as of its own time.
func metaOf(v *news.Version, baseURL string) ninjs.Meta {
	return ninjs.Meta{BaseURL: baseURL, Version: v.Number, VersionCreated: v.At}
}

// embargoed reports whether version v is still under embargo: scheduled,
// or killed before it was ever public.
func embargoed(v *news.Version) bool {
	s := &v.Story
	return s.Status == news.StatusScheduled || s.Status == news.StatusDraft ||
		s.Status == news.StatusKilled && s.FirstPublishedAt == nil
}
