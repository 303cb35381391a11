package classify

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// RunEval trains on the Reuters-21578 ModApte training split found in dir
// (reut2-*.sgm.gz), evaluates on its test split over the categories with
// at least one training and one test story, and writes a report to w. It
// reports two settings: the conventional one (stories carrying at least
// one of those categories) and the one with every TOPICS="YES" story.
func RunEval(w io.Writer, dir string) error {
	_, err := runEval(w, dir)
	return err
}

func runEval(w io.Writer, dir string) ([]evalResult, error) {
	start := time.Now()
	train, test, cats, err := LoadModApte(dir)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Reuters-21578 ModApte split, %d categories with training and test stories (loaded in %s)\n",
		len(cats), time.Since(start).Round(time.Millisecond))

	settings := []struct {
		name        string
		train, test []Doc
	}{
		{"conventional (stories with at least one of the categories)", WithCategories(train, cats), WithCategories(test, cats)},
		{"all TOPICS=\"YES\" stories (some without any of the categories)", train, test},
	}
	var results []evalResult
	for _, s := range settings {
		fmt.Fprintf(w, "\n%s\n", s.name)
		r, err := evalSetting(s.train, s.test, cats)
		if err != nil {
			return results, err
		}
		r.name = s.name
		r.write(w)
		results = append(results, r)
	}
	return results, nil
}

type evalResult struct {
	name                string
	trainDocs, testDocs int
	train               time.Duration // wall clock
	trainCPU            time.Duration // CPU time of the whole process while training; 0 if unknown
	perStory            time.Duration
	metrics             Metrics
}

func evalSetting(train, test []Doc, cats []string) (evalResult, error) {
	r := evalResult{trainDocs: len(train), testDocs: len(test)}
	start := time.Now()
	cpu0, ok0 := processCPUTime()
	m, err := Train(train, Options{Categories: cats})
	if err != nil {
		return r, err
	}
	r.train = time.Since(start)
	if cpu1, ok1 := processCPUTime(); ok0 && ok1 {
		r.trainCPU = cpu1 - cpu0
	}

	start = time.Now()
	for _, d := range test {
		m.Suggest(d.Text, 5)
	}
	if len(test) > 0 {
		r.perStory = time.Since(start) / time.Duration(len(test))
	}
	r.metrics = Evaluate(m, test, cats)
	return r, nil
}

func (r evalResult) write(w io.Writer) {
	m := r.metrics
	fmt.Fprintf(w, "  documents: %d train, %d test\n", r.trainDocs, r.testDocs)
	fmt.Fprintf(w, "  micro: P %.4f  R %.4f  F1 %.4f\n", m.MicroP, m.MicroR, m.MicroF1)
	fmt.Fprintf(w, "  macro: P %.4f  R %.4f  F1 %.4f\n", m.MacroP, m.MacroR, m.MacroF1)
	fmt.Fprintf(w, "  training time: %s", r.train.Round(time.Millisecond))
	if r.trainCPU > 0 {
		fmt.Fprintf(w, " (%s CPU on %d cores)", r.trainCPU.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  suggest time per story: %s\n", r.perStory.Round(time.Microsecond/10))
}
