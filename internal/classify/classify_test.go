package classify

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"The Bank of Japan RAISED rates.", []string{"bank", "japan", "raised", "rates"}},
		{"U.S. crude oil, 1,750 dlrs per tonne", []string{"crude", "oil", "dlrs", "tonne"}},
		{"Q4 1987 results: 3rd quarter", []string{"q4", "results", "3rd", "quarter"}},
		{"Sao Paulo's café-au-lait ÉCOLE", []string{"sao", "paulo", "café", "au", "lait", "école"}},
		{"a I x", nil},
		{"bad \xfc byte", []string{"bad", "byte"}},
	}
	for _, tt := range tests {
		if got := tokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTermsBigrams(t *testing.T) {
	got := terms("Crude oil prices rose", true)
	want := []string{"crude", "oil", "prices", "rose", "crude oil", "oil prices", "prices rose"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
}

func TestVectorizer(t *testing.T) {
	docs := [][]string{{"oil", "oil", "price"}, {"oil", "wheat"}, {"wheat", "rain"}, {"rare"}}
	v := newVectorizer(docs, 2, false)
	if v.size() != 2 {
		t.Fatalf("vocabulary %v, want oil and wheat only (minDF 2)", v.vocab)
	}
	x := v.vector([]string{"oil", "oil", "wheat", "unknown"})
	var norm float64
	for _, val := range x.val {
		norm += float64(val) * float64(val)
	}
	if math.Abs(norm-1) > 1e-6 {
		t.Errorf("squared norm %v, want 1", norm)
	}
	if len(x.idx) != 2 || x.idx[0] >= x.idx[1] {
		t.Errorf("indices %v, want two, sorted", x.idx)
	}
	// oil occurs twice: log tf weighting gives it (1+ln 2) times wheat's weight (same idf).
	oil, wheat := x.val[v.vocab["oil"]], x.val[v.vocab["wheat"]]
	if r := float64(oil / wheat); math.Abs(r-(1+math.Ln2)) > 1e-5 {
		t.Errorf("oil/wheat weight ratio %v, want %v", r, 1+math.Ln2)
	}
	if got := v.vector(nil); len(got.idx) != 0 {
		t.Errorf("empty text gave %v", got)
	}
}

func TestBestThreshold(t *testing.T) {
	tests := []struct {
		name   string
		sc     []scored
		thr    float64
		f1     float64
		inf    bool
		minThr float64
	}{
		{name: "separable", sc: []scored{{2, true}, {1, true}, {-1, false}, {-2, false}}, thr: 0, f1: 1},
		{name: "one error", sc: []scored{{3, true}, {2, false}, {1, true}, {0, true}, {-1, false}}, thr: -0.5, f1: 6.0 / 7},
		{name: "no positives", sc: []scored{{1, false}, {0, false}}, inf: true},
		{name: "empty", inf: true},
		{name: "ties", sc: []scored{{1, true}, {1, false}, {0, false}}, thr: 0.5, f1: 2.0 / 3},
	}
	for _, tt := range tests {
		thr, f1 := bestThreshold(tt.sc)
		if tt.inf {
			if !math.IsInf(thr, 1) || f1 != 0 {
				t.Errorf("%s: got %v, %v; want +Inf, 0", tt.name, thr, f1)
			}
			continue
		}
		if math.Abs(thr-tt.thr) > 1e-9 || math.Abs(f1-tt.f1) > 1e-9 {
			t.Errorf("%s: got threshold %v F1 %v; want %v, %v", tt.name, thr, f1, tt.thr, tt.f1)
		}
	}
}

func TestPlattFit(t *testing.T) {
	var sc []scored
	for i := -20; i <= 20; i++ {
		s := float64(i) / 10
		sc = append(sc, scored{s: s, pos: i > 3 || i == -5})
	}
	a, b := plattFit(sc)
	if !(a < 0) {
		t.Fatalf("slope %v, want negative (confidence rises with the margin)", a)
	}
	p := func(s float64) float64 { return 1 / (1 + math.Exp(a*s+b)) }
	if p(2) < 0.8 || p(-2) > 0.2 || p(2) <= p(0) {
		t.Errorf("p(-2)=%v p(0)=%v p(2)=%v, want low, middle, high", p(-2), p(0), p(2))
	}
}

func TestTrainer(t *testing.T) {
	// Two features; the first decides the class.
	x := []sparseVec{
		{idx: []int32{0}, val: []float32{1}},
		{idx: []int32{0, 1}, val: []float32{0.8, 0.6}},
		{idx: []int32{1}, val: []float32{1}},
		{idx: []int32{1}, val: []float32{1}},
	}
	pos := []bool{true, true, false, false}
	tr := newTrainer(x, 2, 10, 1)
	tr.train([]int{0, 1, 2, 3}, pos)
	for i, v := range x {
		if s := tr.score(v); (s > 0) != pos[i] {
			t.Errorf("document %d: margin %v, positive %v", i, s, pos[i])
		}
	}
}

func TestScorePredictions(t *testing.T) {
	test := []Doc{
		{Labels: []string{"a"}},
		{Labels: []string{"a", "b"}},
		{Labels: []string{"other"}},
		{Labels: nil},
	}
	preds := [][]string{{"a"}, {"a", "c"}, {"b"}, {"other"}}
	m := scorePredictions(preds, test, []string{"a", "b", "c"})
	want := map[string][3]int{"a": {2, 0, 0}, "b": {0, 1, 1}, "c": {0, 1, 0}}
	for c, w := range want {
		got := m.PerCategory[c]
		if got.TP != w[0] || got.FP != w[1] || got.FN != w[2] {
			t.Errorf("%s: TP/FP/FN %d/%d/%d, want %v", c, got.TP, got.FP, got.FN, w)
		}
	}
	// micro: tp 2, fp 2, fn 1.
	if math.Abs(m.MicroP-0.5) > 1e-9 || math.Abs(m.MicroR-2.0/3) > 1e-9 || math.Abs(m.MicroF1-4.0/7) > 1e-9 {
		t.Errorf("micro P/R/F1 %v %v %v", m.MicroP, m.MicroR, m.MicroF1)
	}
	if math.Abs(m.MacroF1-1.0/3) > 1e-9 {
		t.Errorf("macro F1 %v, want 1/3 (a=1, b=0, c=0)", m.MacroF1)
	}
}

func TestTrainErrors(t *testing.T) {
	docs := syntheticDocs(20, 1)
	tests := []struct {
		name string
		docs []Doc
		opt  Options
		want string
	}{
		{"no documents", nil, Options{}, "no training documents"},
		{"no labels", []Doc{{Text: "just words"}}, Options{}, "carry no labels"},
		{"unknown category", docs, Options{Categories: []string{"football", "cricket"}}, `"cricket" has no training documents`},
	}
	for _, tt := range tests {
		_, err := Train(tt.docs, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func trainSynthetic(t testing.TB) *Model {
	t.Helper()
	m, err := Train(syntheticDocs(400, 1), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainSynthetic(t *testing.T) {
	m := trainSynthetic(t)
	if got, want := m.Labels(), []string{"football", "markets", "politics", "weather"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("labels %v, want %v", got, want)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"The striker scored a late goal and the coach praised the keeper after the derby.", []string{"football"}},
		{"Shares fell as investors sold stocks and bond yields climbed in futures trading.", []string{"markets"}},
		{"The minister told parliament the coalition would put the legislation to a ballot before the election.", []string{"politics"}},
		{"A hurricane brought flooding and high winds; meteorologists forecast more rainfall. The storm also closed the stadium and the derby was called off by the referee and league.", []string{"football", "weather"}},
	}
	for _, tt := range tests {
		if got := m.Predict(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Predict(%q) = %v, want %v", tt.text, got, tt.want)
		}
		sug := m.Suggest(tt.text, 0)
		var labels []string
		for i, s := range sug {
			labels = append(labels, s.Label)
			if !(s.Confidence > 0 && s.Confidence < 1) {
				t.Errorf("%q: confidence %v of %s outside (0,1)", tt.text, s.Confidence, s.Label)
			}
			if i > 0 && sug[i-1].Confidence < s.Confidence {
				t.Errorf("%q: suggestions not sorted: %v", tt.text, sug)
			}
		}
		slices.Sort(labels)
		if !reflect.DeepEqual(labels, tt.want) {
			t.Errorf("Suggest(%q) = %v, want labels %v", tt.text, sug, tt.want)
		}
		if got := m.Suggest(tt.text, 1); len(got) != 1 || got[0] != sug[0] {
			t.Errorf("Suggest(k=1) = %v, want the first of %v", got, sug)
		}
	}
	if got := m.Predict("quantum entanglement of photons"); len(got) > 1 {
		t.Errorf("unrelated text got %v", got)
	}
	if got := m.Rank("", 0); len(got) != 4 {
		t.Errorf("Rank of empty text gave %d tags, want all 4", len(got))
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	m := trainSynthetic(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	for _, d := range syntheticDocs(50, 99) {
		if a, b := m.Suggest(d.Text, 0), back.Suggest(d.Text, 0); !reflect.DeepEqual(a, b) {
			t.Fatalf("after round trip %v, before %v", b, a)
		}
	}

	bad := []struct {
		name string
		data []byte
		edit func(f *modelFile)
		want string
	}{
		{name: "garbage", data: []byte("not a model"), want: "decoding model"},
		{name: "empty", data: []byte{}, want: "decoding model"},
		{name: "format", edit: func(f *modelFile) { f.Format = 99 }, want: "format 99"},
		{name: "idf", edit: func(f *modelFile) { f.IDF = f.IDF[1:] }, want: "field IDF"},
		{name: "thr", edit: func(f *modelFile) { f.Thr = nil }, want: "field Thr"},
		{name: "cat", edit: func(f *modelFile) { f.Cat[0] = 100 }, want: "field Cat[0]"},
		{name: "off", edit: func(f *modelFile) { f.Off[1], f.Off[2] = f.Off[2], f.Off[1]-1 }, want: "field Off"},
	}
	for _, tt := range bad {
		data := tt.data
		if tt.edit != nil {
			var f modelFile
			if err := gobDecode(m, &f); err != nil {
				t.Fatal(err)
			}
			tt.edit(&f)
			data = gobEncode(t, &f)
		}
		var x Model
		err := x.UnmarshalBinary(data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	m := trainSynthetic(f)
	for _, s := range []string{"", "goal", "storm over the stadium", "\xff\xfe", strings.Repeat("shares ", 1000), "ÉCOLE 123 ... &amp;"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, k int) {
		sug := m.Suggest(text, k)
		if k > 0 && len(sug) > k {
			t.Fatalf("%d suggestions for k=%d", len(sug), k)
		}
		for i, s := range sug {
			if math.IsNaN(s.Confidence) || s.Confidence < 0 || s.Confidence > 1 {
				t.Fatalf("confidence %v", s.Confidence)
			}
			if i > 0 && sug[i-1].Confidence < s.Confidence {
				t.Fatalf("not sorted: %v", sug)
			}
		}
		if k <= 0 && len(sug) != len(m.Predict(text)) {
			t.Fatalf("Suggest and Predict disagree on %q", text)
		}
	})
}
