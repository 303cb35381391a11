package classify

import "runtime"

// CategoryMetrics are the counts and scores of one category on a test set.
type CategoryMetrics struct {
	TP, FP, FN int
	Precision  float64
	Recall     float64
	F1         float64
}

// Metrics summarise a model's decisions on a test set. Micro averages
// count every (document, category) decision; macro averages are the mean
// over the categories.
type Metrics struct {
	Docs        int
	MicroP      float64
	MicroR      float64
	MicroF1     float64
	MacroP      float64
	MacroR      float64
	MacroF1     float64
	PerCategory map[string]CategoryMetrics
}

// Evaluate predicts the tags of every test document and scores the
// decisions for cats (a category the model does not know is never
// predicted).
func Evaluate(m *Model, test []Doc, cats []string) Metrics {
	preds := make([][]string, len(test))
	parallel(len(test), runtime.GOMAXPROCS(0), func(i int) {
		preds[i] = m.Predict(test[i].Text)
	})
	return scorePredictions(preds, test, cats)
}

// scorePredictions scores predicted labels preds[i] of test[i] for cats.
func scorePredictions(preds [][]string, test []Doc, cats []string) Metrics {
	idx := make(map[string]int, len(cats))
	for i, c := range cats {
		idx[c] = i
	}
	per := make([]CategoryMetrics, len(cats))
	gold := make([]bool, len(cats))
	for i, d := range test {
		clear(gold)
		for _, l := range d.Labels {
			if c, ok := idx[l]; ok {
				gold[c] = true
			}
		}
		for _, l := range preds[i] {
			c, ok := idx[l]
			if !ok {
				continue
			}
			if gold[c] {
				per[c].TP++
				gold[c] = false // counted; what remains true is missed
			} else {
				per[c].FP++
			}
		}
		for c, missed := range gold {
			if missed {
				per[c].FN++
			}
		}
	}
	out := Metrics{Docs: len(test), PerCategory: make(map[string]CategoryMetrics, len(cats))}
	var tp, fp, fn int
	for c, cm := range per {
		cm.Precision, cm.Recall, cm.F1 = prf(cm.TP, cm.FP, cm.FN)
		out.PerCategory[cats[c]] = cm
		tp += cm.TP
		fp += cm.FP
		fn += cm.FN
		out.MacroP += cm.Precision
		out.MacroR += cm.Recall
		out.MacroF1 += cm.F1
	}
	if len(cats) > 0 {
		n := float64(len(cats))
		out.MacroP /= n
		out.MacroR /= n
		out.MacroF1 /= n
	}
	out.MicroP, out.MicroR, out.MicroF1 = prf(tp, fp, fn)
	return out
}

// prf returns precision, recall and F1; a ratio with nothing to divide by
// is 0.
func prf(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if tp > 0 {
		f = 2 * float64(tp) / float64(2*tp+fp+fn)
	}
	return p, r, f
}
