package classify

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// modelFormat is the version of the encoding written by MarshalBinary.
const modelFormat = 1

// modelFile is the stored form of a Model.
type modelFile struct {
	Format  int
	Labels  []string
	Terms   []string // the vocabulary, by feature index
	IDF     []float32
	Bigrams bool
	Off     []int32
	Cat     []int32
	W       []float32
	Bias    []float64
	Thr     []float64
	PlattA  []float64
	PlattB  []float64
}

// MarshalBinary encodes the model with encoding/gob.
func (m *Model) MarshalBinary() ([]byte, error) {
	terms := make([]string, len(m.vec.idf))
	for t, i := range m.vec.vocab {
		terms[i] = t
	}
	f := modelFile{
		Format:  modelFormat,
		Labels:  m.labels,
		Terms:   terms,
		IDF:     m.vec.idf,
		Bigrams: m.vec.bigrams,
		Off:     m.off,
		Cat:     m.cat,
		W:       m.w,
		Bias:    m.bias,
		Thr:     m.thr,
		PlattA:  m.plattA,
		PlattB:  m.plattB,
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&f); err != nil {
		return nil, fmt.Errorf("classify: encoding model: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes a model written by MarshalBinary, checking
// that its parts fit together.
func (m *Model) UnmarshalBinary(data []byte) error {
	var f modelFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return fmt.Errorf("classify: decoding model: %w", err)
	}
	if err := f.check(); err != nil {
		return fmt.Errorf("classify: decoding model: %w", err)
	}
	vec := &vectorizer{
		vocab:   make(map[string]int32, len(f.Terms)),
		idf:     f.IDF,
		bigrams: f.Bigrams,
	}
	for i, t := range f.Terms {
		vec.vocab[t] = int32(i)
	}
	*m = Model{
		labels: f.Labels,
		vec:    vec,
		off:    f.Off,
		cat:    f.Cat,
		w:      f.W,
		bias:   f.Bias,
		thr:    f.Thr,
		plattA: f.PlattA,
		plattB: f.PlattB,
	}
	return nil
}

func (f *modelFile) check() error {
	if f.Format != modelFormat {
		return fmt.Errorf("format %d, want %d", f.Format, modelFormat)
	}
	nl, nt := len(f.Labels), len(f.Terms)
	if nl == 0 {
		return fmt.Errorf("no labels")
	}
	if len(f.IDF) != nt {
		return fmt.Errorf("field IDF has %d values for %d terms", len(f.IDF), nt)
	}
	for name, s := range map[string][]float64{"Bias": f.Bias, "Thr": f.Thr, "PlattA": f.PlattA, "PlattB": f.PlattB} {
		if len(s) != nl {
			return fmt.Errorf("field %s has %d values for %d labels", name, len(s), nl)
		}
	}
	if len(f.Off) != nt+1 || f.Off[0] != 0 {
		return fmt.Errorf("field Off has %d offsets for %d terms", len(f.Off), nt)
	}
	for i := 1; i < len(f.Off); i++ {
		if f.Off[i] < f.Off[i-1] {
			return fmt.Errorf("field Off decreases at term %d", i)
		}
	}
	if int(f.Off[nt]) != len(f.Cat) || len(f.Cat) != len(f.W) {
		return fmt.Errorf("fields Off, Cat and W disagree (%d, %d, %d weights)", f.Off[nt], len(f.Cat), len(f.W))
	}
	for k, c := range f.Cat {
		if c < 0 || int(c) >= nl {
			return fmt.Errorf("field Cat[%d] = %d, outside 0..%d", k, c, nl-1)
		}
	}
	seen := make(map[string]bool, nt)
	for i, t := range f.Terms {
		if seen[t] {
			return fmt.Errorf("term %q repeated at index %d", t, i)
		}
		seen[t] = true
	}
	return nil
}
