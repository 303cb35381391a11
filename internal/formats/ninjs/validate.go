package ninjs

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed schema/*.json
var schemaFS embed.FS

const geoJSONURL = "https://geojson.org/schema/GeoJSON.json"

var schemaFiles = map[Profile]string{
	Profile31: "schema/ninjs-schema_3.1.json",
	Profile22: "schema/ninjs-schema_2.2.json",
}

// compiled holds the two official schemas, compiled on first use. They are
// read-only once compiled, so sharing them between goroutines is safe.
var compiled = sync.OnceValues(compileSchemas)

// compiledSchema is one official schema and the property names its
// ninjsType defines.
type compiledSchema struct {
	schema *jsonschema.Schema
	known  map[string]bool
}

func compileSchemas() (map[Profile]*compiledSchema, error) {
	c := jsonschema.NewCompiler()
	// IPTC's own test runner treats "format" as an annotation; so do we
	// (the default for draft 2020-12).
	add := func(url, file string) (any, error) {
		b, err := schemaFS.ReadFile(file)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return doc, c.AddResource(url, doc)
	}
	if _, err := add(geoJSONURL, "schema/GeoJSON-schema.json"); err != nil {
		return nil, err
	}
	out := map[Profile]*compiledSchema{}
	for p, file := range schemaFiles {
		url := "http://www.iptc.org/std/ninjs/" + strings.TrimPrefix(file, "schema/")
		doc, err := add(url, file)
		if err != nil {
			return nil, err
		}
		s, err := c.Compile(url)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", file, err)
		}
		cs := &compiledSchema{schema: s, known: map[string]bool{"name": true, "rel": true}}
		if root, ok := doc.(map[string]any); ok {
			defs, _ := root["$defs"].(map[string]any)
			nt, _ := defs["ninjsType"].(map[string]any)
			props, _ := nt["properties"].(map[string]any)
			for k := range props {
				cs.known[k] = true
			}
		}
		out[p] = cs
	}
	return out, nil
}

// Problem is one place where a document breaks the schema.
type Problem struct {
	Path    string // JSON pointer of the offending value, "" for the document itself
	Message string
}

// SchemaError lists where a document breaks the ninjs schema of a profile.
type SchemaError struct {
	Profile  Profile
	Problems []Problem
}

func (e *SchemaError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for i, p := range e.Problems {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Problems)-5))
			break
		}
		path := p.Path
		if path == "" {
			path = "/"
		}
		parts = append(parts, fmt.Sprintf("at %s: %s", path, p.Message))
	}
	return fmt.Sprintf("not valid ninjs %s: %s", e.Profile, strings.Join(parts, "; "))
}

// SyntaxError is a document that is not JSON at all.
type SyntaxError struct {
	Line, Column int
	Offset       int64
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d (byte %d): %s", e.Line, e.Column, e.Offset, e.Msg)
}

// Validate checks data against the official ninjs schema of profile p
// (3.1 or 2.2). It returns a *SyntaxError for broken JSON and a
// *SchemaError naming each offending field.
func Validate(data []byte, p Profile) error {
	doc, err := decodeJSON(data)
	if err != nil {
		return err
	}
	return validateDoc(doc, p)
}

func validateDoc(doc any, p Profile) error {
	if p == "" {
		p = Profile31
	}
	schemas, err := compiled()
	if err != nil {
		return fmt.Errorf("ninjs schemas: %w", err)
	}
	cs, ok := schemas[p]
	if !ok {
		return fmt.Errorf("unknown ninjs profile %q (want 3.1 or 2.2)", p)
	}
	err = cs.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	printer := message.NewPrinter(language.English)
	var probs []Problem
	type strayProp struct {
		Problem
		name string
	}
	var strays []strayProp
	seen := map[Problem]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		pr := Problem{Path: pointer(e.InstanceLocation), Message: e.ErrorKind.LocalizedString(printer)}
		if seen[pr] {
			return
		}
		seen[pr] = true
		if _, ok := e.ErrorKind.(*kind.FalseSchema); ok && len(e.InstanceLocation) > 0 {
			// unevaluatedProperties: false reports each stray property
			// as a "false schema" at its own location.
			name := e.InstanceLocation[len(e.InstanceLocation)-1]
			pr.Message = fmt.Sprintf("property %q is not allowed here", name)
			strays = append(strays, strayProp{pr, name})
			return
		}
		probs = append(probs, pr)
	}
	walk(ve)
	// When any property breaks its own schema, unevaluatedProperties
	// reports every property of that object as not allowed. Keep such a
	// report only for a property the schema does not define at all.
	for _, sp := range strays {
		if cs.known[sp.name] && len(probs) > 0 {
			continue
		}
		probs = append(probs, sp.Problem)
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Path < probs[j].Path })
	return &SchemaError{Profile: p, Problems: probs}
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

// decodeJSON reads exactly one JSON value, numbers kept as json.Number (as
// the schema validator wants them).
func decodeJSON(data []byte) (any, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, syntaxError(data, err, dec.InputOffset())
	}
	if _, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		return nil, newSyntaxError(data, off, "unexpected data after the JSON document")
	}
	return doc, nil
}

func syntaxError(data []byte, err error, fallback int64) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return newSyntaxError(data, se.Offset, se.Error())
	case errors.Is(err, io.EOF):
		return newSyntaxError(data, 0, "empty document")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return newSyntaxError(data, int64(len(data)), "unexpected end of document")
	}
	return newSyntaxError(data, fallback, err.Error())
}

func newSyntaxError(data []byte, off int64, msg string) *SyntaxError {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Line: line, Column: col, Offset: off, Msg: msg}
}
