package classify

import (
	"bytes"
	"encoding/gob"
	"testing"
)

func gobDecode(m *Model, f *modelFile) error {
	data, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(f)
}

func gobEncode(t *testing.T, f *modelFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
