package classify

import (
	"math"
	"math/rand/v2"
	"sort"
)

// trainer fits L2-regularised L2-loss linear SVMs by dual coordinate
// descent (Hsieh et al., ICML 2008, the solver of LIBLINEAR's -s 1).
// The bias is an extra feature of constant value 1. A trainer holds
// scratch buffers and is used by one goroutine at a time.
type trainer struct {
	x       []sparseVec
	nfeat   int
	c       float64 // cost of a negative example
	cPos    float64 // cost of a positive example
	eps     float64
	maxIter int

	w     []float64 // nfeat weights, then the bias
	alpha []float64
	qd    []float64
	order []int
	rng   *rand.Rand
}

func newTrainer(x []sparseVec, nfeat int, c, posWeight float64) *trainer {
	return &trainer{
		x:       x,
		nfeat:   nfeat,
		c:       c,
		cPos:    c * posWeight,
		eps:     0.1,
		maxIter: 1000,
		w:       make([]float64, nfeat+1),
		rng:     rand.New(rand.NewPCG(1, 0x5eed)),
	}
}

// train fits a model on the documents rows with labels pos[row] and
// leaves the weights in t.w.
func (t *trainer) train(rows []int, pos []bool) {
	clear(t.w)
	n := len(rows)
	t.alpha = resize(t.alpha, n)
	t.qd = resize(t.qd, n)
	if cap(t.order) < n {
		t.order = make([]int, n)
	}
	t.order = t.order[:n]
	diag := make([]float64, 2) // 1/(2C) for negatives, positives
	diag[0] = 0.5 / t.c
	diag[1] = 0.5 / t.cPos
	for k, r := range rows {
		t.alpha[k] = 0
		var sq float64
		for _, v := range t.x[r].val {
			sq += float64(v) * float64(v)
		}
		t.qd[k] = sq + 1 + diag[b2i(pos[r])]
		t.order[k] = k
	}
	// Shrinking as in LIBLINEAR: an example at alpha 0 whose gradient is
	// above the last pass's largest projected gradient is set aside until
	// the remaining ones converge, then everything is checked again.
	bias := t.nfeat
	active := n
	pgMaxOld := math.Inf(1)
	for iter := 0; iter < t.maxIter; iter++ {
		t.rng.Shuffle(active, func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for s := 0; s < active; s++ {
			k := t.order[s]
			r := rows[k]
			x := t.x[r]
			y := -1.0
			if pos[r] {
				y = 1
			}
			g := t.w[bias]
			for j, i := range x.idx {
				g += t.w[i] * float64(x.val[j])
			}
			g = y*g - 1 + diag[b2i(pos[r])]*t.alpha[k]
			pg := g
			if t.alpha[k] == 0 {
				if g > pgMaxOld {
					active--
					t.order[s], t.order[active] = t.order[active], t.order[s]
					s--
					continue
				}
				if g > 0 {
					pg = 0
				}
			}
			pgMax = math.Max(pgMax, pg)
			pgMin = math.Min(pgMin, pg)
			if math.Abs(pg) < 1e-12 {
				continue
			}
			old := t.alpha[k]
			t.alpha[k] = math.Max(old-g/t.qd[k], 0)
			d := (t.alpha[k] - old) * y
			for j, i := range x.idx {
				t.w[i] += d * float64(x.val[j])
			}
			t.w[bias] += d
		}
		if pgMax-pgMin <= t.eps {
			if active == n {
				break
			}
			active = n
			pgMaxOld = math.Inf(1)
			continue
		}
		pgMaxOld = pgMax
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
	}
}

// score returns the margin of x under the current weights.
func (t *trainer) score(x sparseVec) float64 {
	s := t.w[t.nfeat]
	for j, i := range x.idx {
		s += t.w[i] * float64(x.val[j])
	}
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// scored is a held-out margin and whether the document is a positive.
type scored struct {
	s   float64
	pos bool
}

// bestThreshold returns the margin threshold that maximises F1 on the
// held-out scores (the SCut strategy) and that F1. The threshold lies
// half-way between the last accepted and the first rejected score.
func bestThreshold(sc []scored) (thr, f1 float64) {
	sort.Slice(sc, func(a, b int) bool { return sc[a].s > sc[b].s })
	total := 0
	for _, p := range sc {
		if p.pos {
			total++
		}
	}
	if total == 0 || len(sc) == 0 {
		return math.Inf(1), 0
	}
	best, bestAt := 0.0, -1
	tp, fp := 0, 0
	for i, p := range sc {
		if p.pos {
			tp++
		} else {
			fp++
		}
		if i+1 < len(sc) && sc[i+1].s == p.s {
			continue // a threshold cannot split equal scores
		}
		f := 2 * float64(tp) / float64(2*tp+fp+(total-tp))
		if f > best {
			best, bestAt = f, i
		}
	}
	if bestAt < 0 {
		return math.Inf(1), 0
	}
	if bestAt+1 < len(sc) {
		return (sc[bestAt].s + sc[bestAt+1].s) / 2, best
	}
	return sc[bestAt].s - 0.1, best
}

// plattFit fits P(pos | s) = 1 / (1 + exp(a*s + b)) to held-out scores
// by Newton's method with backtracking (Lin, Lin and Weng, 2007).
func plattFit(sc []scored) (a, b float64) {
	var prior1, prior0 float64
	for _, p := range sc {
		if p.pos {
			prior1++
		} else {
			prior0++
		}
	}
	hiTarget := (prior1 + 1) / (prior1 + 2)
	loTarget := 1 / (prior0 + 2)
	t := make([]float64, len(sc))
	for i, p := range sc {
		if p.pos {
			t[i] = hiTarget
		} else {
			t[i] = loTarget
		}
	}
	a, b = 0, math.Log((prior0+1)/(prior1+1))
	const (
		maxIter = 100
		minStep = 1e-10
		sigma   = 1e-12
		eps     = 1e-5
	)
	fval := func(a, b float64) float64 {
		var f float64
		for i, p := range sc {
			fApB := p.s*a + b
			if fApB >= 0 {
				f += t[i]*fApB + math.Log1p(math.Exp(-fApB))
			} else {
				f += (t[i]-1)*fApB + math.Log1p(math.Exp(fApB))
			}
		}
		return f
	}
	f := fval(a, b)
	for iter := 0; iter < maxIter; iter++ {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i, p := range sc {
			fApB := p.s*a + b
			var pp, q float64
			if fApB >= 0 {
				pp = math.Exp(-fApB) / (1 + math.Exp(-fApB))
				q = 1 / (1 + math.Exp(-fApB))
			} else {
				pp = 1 / (1 + math.Exp(fApB))
				q = math.Exp(fApB) / (1 + math.Exp(fApB))
			}
			d2 := pp * q
			h11 += p.s * p.s * d2
			h22 += d2
			h21 += p.s * d2
			d1 := t[i] - pp
			g1 += p.s * d1
			g2 += d1
		}
		if math.Abs(g1) < eps && math.Abs(g2) < eps {
			break
		}
		det := h11*h22 - h21*h21
		da := -(h22*g1 - h21*g2) / det
		db := -(-h21*g1 + h11*g2) / det
		gd := g1*da + g2*db
		step := 1.0
		for step >= minStep {
			na, nb := a+step*da, b+step*db
			nf := fval(na, nb)
			if nf < f+0.0001*step*gd {
				a, b, f = na, nb, nf
				break
			}
			step /= 2
		}
		if step < minStep {
			break
		}
	}
	return a, b
}
