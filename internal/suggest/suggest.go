// Package suggest suggests tags and a section for a story, learnt from the
// installation's own archive: the published stories and the tags and
// sections editors gave them. It trains a classify.Model on the most
// recent public stories and retrains it in the background as the archive
// grows.
//
// Use:
//
//	sg := suggest.New(db, suggest.Options{}, log)
//	svc.OnChange(sg.OnChange)    // counts new publications
//	go sg.Run(ctx)               // trains now, then every Interval or after AfterPublishes
//	sg.Suggest(story)            // nil until the first model is trained
package suggest

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dateline-news/dateline/internal/classify"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Options tune learning. Zero fields take the defaults.
type Options struct {
	MaxStories     int           // most recent public stories learnt from (default 5000)
	MinStories     int           // fewer stories with tags or a section: no model (default 20)
	MinLabel       int           // a tag or section must be on this many stories to be suggested (default 3)
	Interval       time.Duration // retrain at least this often when the archive changed (default 30 minutes)
	AfterPublishes int           // retrain after this many public changes (default 50)
	MaxTags        int           // tag suggestions returned (default 5)
	Train          classify.Options
}

func (o Options) withDefaults() Options {
	if o.MaxStories <= 0 {
		o.MaxStories = 5000
	}
	if o.MinStories <= 0 {
		o.MinStories = 20
	}
	if o.MinLabel <= 0 {
		o.MinLabel = 3
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Minute
	}
	if o.AfterPublishes <= 0 {
		o.AfterPublishes = 50
	}
	if o.MaxTags <= 0 {
		o.MaxTags = 5
	}
	if o.Train.Workers <= 0 {
		// Training runs beside the server's requests: one goroutine leaves
		// every other core to readers and subscribers.
		o.Train.Workers = 1
	}
	return o
}

// Kinds of suggestion.
const (
	KindTag     = "tag"
	KindSection = "section"
)

// Suggestion is a tag or section and the model's confidence that an
// editor would give it (0..1).
type Suggestion struct {
	Kind       string  `json:"kind"`
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
}

// Status says what the current model was learnt from.
type Status struct {
	TrainedAt time.Time     `json:"trained_at"`
	Stories   int           `json:"stories"`
	Labels    int           `json:"labels"`
	Took      time.Duration `json:"took"`
}

// ErrTooFewStories is returned by Train when the archive is too small to
// learn from; the previous model (if any) stays.
var ErrTooFewStories = errors.New("suggest: too few published stories with tags or a section to learn from")

// Suggester answers suggestions from its latest model. It is safe for
// concurrent use.
type Suggester struct {
	pub store.Public
	opt Options
	log *slog.Logger

	mu      sync.RWMutex
	model   *classify.Model
	display map[string]string // label key -> tag or section as editors write it
	status  Status

	trainMu sync.Mutex    // one training at a time
	pending atomic.Int64  // public changes counted since the last training began
	wake    chan struct{} // Run looks at pending (capacity 1: a signal, not a queue)
}

// New returns a Suggester over the public archive. It has no model until
// Train or Run has trained one.
func New(pub store.Public, opt Options, log *slog.Logger) *Suggester {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Suggester{pub: pub, opt: opt.withDefaults(), log: log, wake: make(chan struct{}, 1)}
}

// OnChange counts a public change (for publish.Service.OnChange); after
// AfterPublishes of them Run retrains.
func (s *Suggester) OnChange(v news.Version) {
	switch v.Action {
	case news.ActionPublish, news.ActionUpdate, news.ActionCorrect, news.ActionRelease:
		if s.pending.Add(1) >= int64(s.opt.AfterPublishes) {
			select {
			case s.wake <- struct{}{}:
			default: // Run has been woken already
			}
		}
	}
}

// Status describes the current model; zero before the first training.
func (s *Suggester) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.status
}

// Ready reports whether a model has been trained.
func (s *Suggester) Ready() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.model != nil
}

// Run trains at once, then again every Interval when stories were
// published meanwhile, or as soon as AfterPublishes public changes have
// been counted since the last training began, until ctx ends. Changes
// counted before a training are in what it learns from, so each training
// starts the count again.
func (s *Suggester) Run(ctx context.Context) {
	s.retrain(ctx)
	t := time.NewTicker(s.opt.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
			if s.pending.Load() >= int64(s.opt.AfterPublishes) {
				s.retrain(ctx)
			}
		case <-t.C:
			if s.pending.Load() > 0 || !s.Ready() {
				s.retrain(ctx)
			}
		}
	}
}

func (s *Suggester) retrain(ctx context.Context) {
	st, err := s.Train(ctx)
	switch {
	case errors.Is(err, ErrTooFewStories):
		s.log.Debug("tag suggestions not trained yet", "err", err)
	case err != nil && ctx.Err() == nil:
		s.log.Error("training tag suggestions failed", "err", err)
	case err == nil:
		s.log.Info("tag suggestions trained", "stories", st.Stories, "labels", st.Labels, "took", st.Took.Round(time.Millisecond))
	}
}

// label keys: tags and sections share one model, told apart by prefix.
func tagKey(t string) string     { return "tag:" + strings.ToLower(strings.TrimSpace(t)) }
func sectionKey(t string) string { return "section:" + strings.ToLower(strings.TrimSpace(t)) }

// Text is what the model reads of a story.
func Text(st *news.Story) string {
	var b strings.Builder
	b.WriteString(st.Headline)
	b.WriteString("\n")
	b.WriteString(st.Standfirst)
	b.WriteString("\n")
	b.WriteString(st.Text())
	return b.String()
}

// Train learns a new model from the most recent public stories and
// swaps it in. The old model answers until the new one is ready.
func (s *Suggester) Train(ctx context.Context) (Status, error) {
	s.trainMu.Lock()
	defer s.trainMu.Unlock()
	// What this training reads includes every change counted so far.
	s.pending.Store(0)
	start := time.Now()
	var docs []classify.Doc
	counts := map[string]int{}
	spellings := map[string]map[string]int{}
	var before *store.Cursor
	read := 0
	for read < s.opt.MaxStories {
		page, err := s.pub.ListPublic(ctx, store.ListQuery{Before: before, Limit: min(200, s.opt.MaxStories-read)})
		if err != nil {
			return Status{}, err
		}
		for _, st := range page.Stories {
			read++
			var labels []string
			add := func(key, shown string) {
				labels = append(labels, key)
				counts[key]++
				if spellings[key] == nil {
					spellings[key] = map[string]int{}
				}
				spellings[key][shown]++
			}
			if st.Section != "" {
				add(sectionKey(st.Section), st.Section)
			}
			for _, t := range st.Tags {
				add(tagKey(t), t)
			}
			if len(labels) > 0 {
				docs = append(docs, classify.Doc{Text: Text(st), Labels: labels})
			}
		}
		if page.Next == nil || len(page.Stories) == 0 {
			break
		}
		before = page.Next
	}
	if len(docs) < s.opt.MinStories {
		return Status{}, ErrTooFewStories
	}
	var cats []string
	for k, n := range counts {
		if n >= s.opt.MinLabel && n < len(docs) {
			cats = append(cats, k)
		}
	}
	if len(cats) == 0 {
		return Status{}, ErrTooFewStories
	}
	sort.Strings(cats)
	opt := s.opt.Train
	opt.Categories = cats
	m, err := classify.TrainContext(ctx, docs, opt)
	if err != nil {
		return Status{}, err
	}
	display := map[string]string{}
	for k, sp := range spellings {
		best, bn := "", -1
		for v, n := range sp {
			if n > bn || n == bn && v < best {
				best, bn = v, n
			}
		}
		display[k] = best
	}
	st := Status{TrainedAt: time.Now().UTC(), Stories: len(docs), Labels: len(cats), Took: time.Since(start)}
	s.mu.Lock()
	s.model, s.display, s.status = m, display, st
	s.mu.Unlock()
	return st, ctx.Err()
}

// Suggest returns tags the story does not have yet (most confident
// first, at most MaxTags) and at most one section when it differs from
// the story's, each whose model margin reaches its threshold. Nil before
// the first model.
func (s *Suggester) Suggest(st *news.Story) []Suggestion {
	s.mu.RLock()
	m, display := s.model, s.display
	s.mu.RUnlock()
	if m == nil || st == nil {
		return nil
	}
	have := map[string]bool{}
	for _, t := range st.Tags {
		have[tagKey(t)] = true
	}
	if st.Section != "" {
		have[sectionKey(st.Section)] = true
	}
	var out []Suggestion
	tags, sections := 0, 0
	for _, sg := range m.Suggest(Text(st), 0) {
		kind, _, _ := strings.Cut(sg.Label, ":")
		if have[sg.Label] {
			if kind == KindSection {
				sections++ // the story's own section is the model's pick
			}
			continue
		}
		switch {
		case kind == KindTag && tags < s.opt.MaxTags:
			tags++
		case kind == KindSection && sections == 0:
			sections++
		default:
			continue
		}
		out = append(out, Suggestion{Kind: kind, Label: display[sg.Label], Confidence: round(sg.Confidence)})
	}
	return out
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
