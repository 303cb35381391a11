// Package classify suggests tags (topics) for stories. It learns from an
// archive of stories whose tags editors chose: one linear SVM per tag over
// TF-IDF features, each with a decision threshold tuned by cross-validation
// and a confidence calibrated on held-out scores.
package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// Doc is a training or test story: its text and the tags editors gave it.
type Doc struct {
	Text   string
	Labels []string
}

// Options tune training. The zero value is replaced field by field with
// the values of DefaultOptions.
type Options struct {
	C              float64  // SVM cost; larger fits the training data harder (default 1)
	PositiveWeight float64  // cost multiplier for a tag's positive examples (default 1)
	Folds          int      // cross-validation folds for thresholds and confidences (default 5; 1 disables tuning)
	Repeats        int      // cross-validation runs, each with other folds, pooled (default 2)
	MinDF          int      // a term must occur in this many training stories (default 3; 1 under 1,000 stories)
	Bigrams        bool     // pairs of neighbouring words are features too (no gain on Reuters-21578)
	FBR            float64  // a tag whose best held-out F1 is below this keeps the margin threshold 0 (default 0.1)
	MinLabelDocs   int      // tags on fewer training stories are not learnt (default 1)
	Categories     []string // learn only these tags (default: every tag in the training stories)
	Workers        int      // goroutines (default GOMAXPROCS)
	Seed           uint64   // seed for shuffling and folds
}

// DefaultOptions returns the settings used when a field of Options is zero.
func DefaultOptions() Options {
	return Options{
		C:              1,
		PositiveWeight: 1,
		Folds:          5,
		Repeats:        2,
		MinDF:          3,
		FBR:            0.1,
		MinLabelDocs:   1,
		Workers:        runtime.GOMAXPROCS(0),
	}
}

// withDefaults fills the zero fields of o; n is the number of training
// documents.
func (o Options) withDefaults(n int) Options {
	d := DefaultOptions()
	if o.C <= 0 {
		o.C = d.C
	}
	if o.PositiveWeight <= 0 {
		o.PositiveWeight = d.PositiveWeight
	}
	if o.Folds <= 0 {
		o.Folds = d.Folds
	}
	if o.Repeats <= 0 {
		o.Repeats = d.Repeats
	}
	if o.MinDF <= 0 {
		o.MinDF = d.MinDF
		if n < 1000 {
			o.MinDF = 1
		}
	}
	if o.FBR <= 0 {
		o.FBR = d.FBR
	}
	if o.MinLabelDocs <= 0 {
		o.MinLabelDocs = d.MinLabelDocs
	}
	if o.Workers <= 0 {
		o.Workers = d.Workers
	}
	return o
}

// Suggestion is a suggested tag and the model's confidence in it, an
// estimate of the probability that an editor would give the tag.
type Suggestion struct {
	Label      string
	Confidence float64
}

// Model is a trained tag suggester. It is safe for concurrent use.
type Model struct {
	labels []string
	vec    *vectorizer

	// Weights by feature, compressed: the weights of feature f are
	// w[off[f]:off[f+1]], for the tags cat[off[f]:off[f+1]].
	off []int32
	cat []int32
	w   []float32

	bias   []float64 // per tag
	thr    []float64 // margin threshold per tag
	plattA []float64 // confidence = 1 / (1 + exp(plattA*margin + plattB))
	plattB []float64
}

// Labels returns the tags the model knows, sorted.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

// Train learns a model from docs.
func Train(docs []Doc, opt Options) (*Model, error) {
	return TrainContext(context.Background(), docs, opt)
}

// TrainContext is Train that stops between categories once ctx ends and
// then returns ctx's error.
func TrainContext(ctx context.Context, docs []Doc, opt Options) (*Model, error) {
	opt = opt.withDefaults(len(docs))
	if len(docs) == 0 {
		return nil, errors.New("classify: no training documents")
	}
	labels, err := chooseLabels(docs, opt)
	if err != nil {
		return nil, err
	}

	docTerms := make([][]string, len(docs))
	parallel(len(docs), opt.Workers, func(i int) {
		docTerms[i] = terms(docs[i].Text, opt.Bigrams)
	})
	vec := newVectorizer(docTerms, opt.MinDF, opt.Bigrams)
	x := make([]sparseVec, len(docs))
	parallel(len(docs), opt.Workers, func(i int) {
		x[i] = vec.vector(docTerms[i])
	})
	docTerms = nil

	labelIndex := make(map[string]int, len(labels))
	for i, l := range labels {
		labelIndex[l] = i
	}
	positives := make([][]int, len(labels))
	for i, d := range docs {
		for _, l := range d.Labels {
			if c, ok := labelIndex[l]; ok {
				if n := len(positives[c]); n == 0 || positives[c][n-1] != i {
					positives[c] = append(positives[c], i)
				}
			}
		}
	}

	m := &Model{
		labels: labels,
		vec:    vec,
		bias:   make([]float64, len(labels)),
		thr:    make([]float64, len(labels)),
		plattA: make([]float64, len(labels)),
		plattB: make([]float64, len(labels)),
	}
	weights := make([][]featureWeight, len(labels))

	// Each worker owns a trainer and takes categories from a channel.
	jobs := make(chan int)
	var wg sync.WaitGroup
	for wkr := 0; wkr < opt.Workers; wkr++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newTrainer(x, vec.size(), opt.C, opt.PositiveWeight)
			for c := range jobs {
				r := trainCategory(t, len(docs), positives[c], opt, opt.Seed+uint64(c)*7919)
				weights[c] = r.weights
				m.bias[c], m.thr[c] = r.bias, r.thr
				m.plattA[c], m.plattB[c] = r.plattA, r.plattB
			}
		}()
	}
feed:
	for c := range labels {
		select {
		case jobs <- c:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	m.index(weights)
	return m, nil
}

// chooseLabels returns the tags to learn, sorted.
func chooseLabels(docs []Doc, opt Options) ([]string, error) {
	count := labelCounts(docs)
	var labels []string
	if len(opt.Categories) > 0 {
		seen := make(map[string]bool)
		for _, c := range opt.Categories {
			if seen[c] {
				continue
			}
			seen[c] = true
			if count[c] == 0 {
				return nil, fmt.Errorf("classify: category %q has no training documents", c)
			}
			labels = append(labels, c)
		}
	} else {
		for l, n := range count {
			if n >= opt.MinLabelDocs && l != "" {
				labels = append(labels, l)
			}
		}
	}
	if len(labels) == 0 {
		return nil, errors.New("classify: the training documents carry no labels")
	}
	sort.Strings(labels)
	return labels, nil
}

type featureWeight struct {
	f int32
	w float32
}

type categoryResult struct {
	weights        []featureWeight
	bias, thr      float64
	plattA, plattB float64
}

// trainCategory cross-validates one category to choose its threshold and
// calibrate its confidence, then trains it on all documents.
func trainCategory(t *trainer, n int, positives []int, opt Options, seed uint64) categoryResult {
	// Seeding per category keeps training deterministic whichever
	// worker takes the category.
	t.rng = rand.New(rand.NewPCG(seed, 0x5eed))
	pos := make([]bool, n)
	for _, i := range positives {
		pos[i] = true
	}
	var res categoryResult
	res.thr = 0
	res.plattA, res.plattB = -2, 0

	if opt.Folds > 1 {
		// Stratified folds: positives and negatives are each dealt out
		// round-robin in a random order.
		rng := rand.New(rand.NewPCG(seed, 0xf01d))
		fold := make([]int, n)
		held := make([]scored, 0, n*opt.Repeats)
		rows := make([]int, 0, n)
		for run := 0; run < opt.Repeats; run++ {
			np, nn := 0, 0
			for _, i := range rng.Perm(n) {
				if pos[i] {
					fold[i] = np % opt.Folds
					np++
				} else {
					fold[i] = nn % opt.Folds
					nn++
				}
			}
			for f := 0; f < opt.Folds; f++ {
				rows = rows[:0]
				for i := 0; i < n; i++ {
					if fold[i] != f {
						rows = append(rows, i)
					}
				}
				t.train(rows, pos)
				for i := 0; i < n; i++ {
					if fold[i] == f {
						held = append(held, scored{s: t.score(t.x[i]), pos: pos[i]})
					}
				}
			}
		}
		thr, f1 := bestThreshold(held)
		if f1 >= opt.FBR && !math.IsInf(thr, 0) {
			res.thr = thr
		}
		if a, b := plattFit(held); a < 0 {
			res.plattA, res.plattB = a, b
		}
	}

	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	t.train(all, pos)
	for f, w := range t.w[:t.nfeat] {
		if w != 0 {
			res.weights = append(res.weights, featureWeight{f: int32(f), w: float32(w)})
		}
	}
	res.bias = t.w[t.nfeat]
	return res
}

// index stores the per-category weights by feature.
func (m *Model) index(weights [][]featureWeight) {
	nf := m.vec.size()
	m.off = make([]int32, nf+1)
	for _, ws := range weights {
		for _, fw := range ws {
			m.off[fw.f+1]++
		}
	}
	for f := 0; f < nf; f++ {
		m.off[f+1] += m.off[f]
	}
	total := m.off[nf]
	m.cat = make([]int32, total)
	m.w = make([]float32, total)
	next := append([]int32(nil), m.off[:nf]...)
	for c, ws := range weights {
		for _, fw := range ws {
			k := next[fw.f]
			m.cat[k] = int32(c)
			m.w[k] = fw.w
			next[fw.f]++
		}
	}
}

// margins returns the SVM margin of text for every tag.
func (m *Model) margins(text string) []float64 {
	s := append([]float64(nil), m.bias...)
	x := m.vec.vector(terms(text, m.vec.bigrams))
	for j, f := range x.idx {
		v := float64(x.val[j])
		for k := m.off[f]; k < m.off[f+1]; k++ {
			s[m.cat[k]] += v * float64(m.w[k])
		}
	}
	return s
}

func (m *Model) confidence(c int, margin float64) float64 {
	return 1 / (1 + math.Exp(m.plattA[c]*margin+m.plattB[c]))
}

// Suggest returns the tags whose margin reaches their threshold, most
// confident first, at most k of them (all when k <= 0).
func (m *Model) Suggest(text string, k int) []Suggestion {
	s := m.margins(text)
	var out []Suggestion
	for c, v := range s {
		if v >= m.thr[c] {
			out = append(out, Suggestion{Label: m.labels[c], Confidence: m.confidence(c, v)})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Confidence != out[b].Confidence {
			return out[a].Confidence > out[b].Confidence
		}
		return out[a].Label < out[b].Label
	})
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out
}

// Rank returns the k most confident tags whether or not they reach their
// threshold (all tags when k <= 0), for showing editors near misses.
func (m *Model) Rank(text string, k int) []Suggestion {
	s := m.margins(text)
	out := make([]Suggestion, len(s))
	for c, v := range s {
		out[c] = Suggestion{Label: m.labels[c], Confidence: m.confidence(c, v)}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Confidence != out[b].Confidence {
			return out[a].Confidence > out[b].Confidence
		}
		return out[a].Label < out[b].Label
	})
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out
}

// Predict returns the tags whose margin reaches their threshold, sorted
// by name.
func (m *Model) Predict(text string) []string {
	s := m.margins(text)
	var out []string
	for c, v := range s {
		if v >= m.thr[c] {
			out = append(out, m.labels[c])
		}
	}
	return out
}

// parallel calls fn(i) for i in [0, n) on the given number of goroutines.
func parallel(n, workers int, fn func(i int)) {
	if workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}(w)
	}
	wg.Wait()
}
