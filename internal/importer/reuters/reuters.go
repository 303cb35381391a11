// Package reuters reads the Reuters-21578 collection (Distribution 1.0):
// SGML files that are concatenations of <REUTERS> elements, plain or
// gzipped. It streams: each document is handed to a callback as soon as
// its closing tag has been read, with its metadata, its decoded text and,
// when it makes a valid story, a draft news.Story.
//
// The files are SGML, not XML: they have no single root, hold raw '>' in
// text ("&lt;SRD>") and numeric references to control characters (&#2;,
// &#3;, ...). The reader does not use an XML parser; it finds the few
// elements of the collection's DTD by name and decodes references itself.
package reuters

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// MaxDocSize is the longest <REUTERS> element read (the longest in the
// collection is under 20 KB). A longer one means the file is broken.
const MaxDocSize = 1 << 20

// Doc is one <REUTERS> element.
type Doc struct {
	NewID, OldID int
	Line         int    // line where the <REUTERS> tag starts in its file
	LewisSplit   string // TRAIN, TEST or NOT-USED
	CGISplit     string // TRAINING-SET or PUBLISHED-TESTSET
	HasTopics    string // the TOPICS attribute: YES, NO or BYPASS
	// Date is the parsed <DATE> (UTC; the collection gives no zone). Its
	// noise ("&#5;&#5;&#5;RM", "# date added ...") is ignored, and an
	// hour that is out of range falls back to midnight.
	Date time.Time

	Topics, Places, People, Orgs, Exchanges, Companies []string

	TextType string // "" (normal), BRIEF or UNPROC

	// Decoded text: references resolved, control characters dropped.
	// Title has its whitespace collapsed; Dateline, Body and Author are as
	// written. For UNPROC documents Body holds the whole raw text.
	Title, Dateline, Body, Author string

	Story *news.Story // nil if Err != nil
	Err   error       // why this document was rejected (a *DocError)
}

// Error is a problem with a file as a whole: it cannot be read, is not
// Reuters SGML, or breaks off in the middle of a document.
type Error struct {
	File   string
	Line   int // 0 when the problem has no line (an empty file)
	Reason string
	Err    error // underlying I/O or gzip error, if any
}

func (e *Error) Error() string {
	msg := e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("%s: %s", e.File, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// LineNumber returns the line of the problem (0 if none).
func (e *Error) LineNumber() int { return e.Line }

// DocError says why one document of a readable file was rejected.
type DocError struct {
	Line   int // line of the problem
	NewID  int // 0 if the document has no usable NEWID
	Reason string
}

func (e *DocError) Error() string {
	if e.NewID > 0 {
		return fmt.Sprintf("line %d: NEWID %d: %s", e.Line, e.NewID, e.Reason)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// LineNumber returns the line of the problem.
func (e *DocError) LineNumber() int { return e.Line }

// ReadFile opens path and reads it with Read. It gunzips the file when it
// starts with the gzip magic bytes or its name ends in .gz.
func ReadFile(path string, fn func(*Doc) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &Error{File: path, Reason: "cannot open", Err: err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	var r io.Reader = br
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) || strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{File: path, Reason: "cannot read as gzip", Err: err}
		}
		defer zr.Close()
		r = zr
	}
	return Read(r, path, fn)
}

// Read reads Reuters-21578 SGML from r and calls fn for each document in
// file order. name is used in errors. A document that is complete but
// wrong (no title, a headline too long, ...) is still passed to fn, with
// Err set and Story nil. Read returns an error only when the file itself
// is broken (not SGML text, empty, cut off inside a document), after
// calling fn for every complete document before the break, or when fn
// returns an error, which it returns unchanged.
func Read(r io.Reader, name string, fn func(*Doc) error) error {
	s := scanner{r: r, name: name, line: 1}
	docs := 0
	for {
		if err := s.skipSpace(); err != nil {
			return err
		}
		if s.atEOF() {
			break
		}
		if err := s.fill(len(openTag) + 1); err != nil {
			return err
		}
		rest := s.buf[s.off:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := s.skipDecl(); err != nil {
				return err
			}
		case isOpenTag(rest):
			el, line, err := s.element()
			if err != nil {
				return err
			}
			docs++
			d := parseDoc(el, line)
			if err := fn(d); err != nil {
				return err
			}
		default:
			return s.unexpected()
		}
	}
	if docs == 0 {
		if s.read == 0 {
			return &Error{File: name, Reason: "empty file: no <REUTERS> documents"}
		}
		return &Error{File: name, Line: s.line, Reason: "no <REUTERS> documents in the file"}
	}
	return nil
}

const (
	openTag  = "<REUTERS"
	closeTag = "</REUTERS>"
)

// scanner keeps a window of the input: buf[off:] is not yet consumed and
// line is the line number at buf[off].
type scanner struct {
	r    io.Reader
	name string
	buf  []byte
	off  int
	line int
	read int64 // bytes read so far
	eof  bool
	err  error // read error other than io.EOF
}

// more reads another chunk into buf, first dropping what was consumed.
// It reports false at the end of input; a read error is kept in s.err.
func (s *scanner) more() bool {
	if s.eof {
		return false
	}
	if s.off > 0 && s.off >= len(s.buf)/2 {
		n := copy(s.buf, s.buf[s.off:])
		s.buf = s.buf[:n]
		s.off = 0
	}
	if cap(s.buf)-len(s.buf) < 32<<10 {
		nb := make([]byte, len(s.buf), 2*cap(s.buf)+64<<10)
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	s.read += int64(n)
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return n > 0 || !s.eof
}

func (s *scanner) readErr() error {
	return &Error{File: s.name, Line: s.line, Reason: "read failed", Err: s.err}
}

// fill tries to have at least n unconsumed bytes.
func (s *scanner) fill(n int) error {
	for len(s.buf)-s.off < n && s.more() {
	}
	if s.err != nil {
		return s.readErr()
	}
	return nil
}

func (s *scanner) atEOF() bool { return s.off >= len(s.buf) && s.eof }

// advance consumes n bytes, counting lines.
func (s *scanner) advance(n int) {
	s.line += bytes.Count(s.buf[s.off:s.off+n], []byte{'\n'})
	s.off += n
}

func (s *scanner) skipSpace() error {
	for {
		i := s.off
		for i < len(s.buf) && isSpace(s.buf[i]) {
			i++
		}
		s.advance(i - s.off)
		if s.off < len(s.buf) || !s.more() {
			break
		}
	}
	if s.err != nil {
		return s.readErr()
	}
	return nil
}

// skipDecl skips a declaration or comment such as <!DOCTYPE lewis ...>.
func (s *scanner) skipDecl() error {
	from := s.off
	for {
		if i := bytes.IndexByte(s.buf[from:], '>'); i >= 0 {
			s.advance(from + i + 1 - s.off)
			return nil
		}
		from = len(s.buf)
		if len(s.buf)-s.off > 4096 {
			return &Error{File: s.name, Line: s.line, Reason: "<! declaration not closed by '>' within 4 KB"}
		}
		if !s.more() {
			if s.err != nil {
				return s.readErr()
			}
			return &Error{File: s.name, Line: s.line, Reason: "file ends inside a <! declaration"}
		}
	}
}

// element reads one <REUTERS ...> ... </REUTERS> element and returns it
// with the line it starts on. The slice is valid until the next read.
func (s *scanner) element() ([]byte, int, error) {
	// rel is where the search resumes, relative to s.off: each pass
	// looks only at new bytes (and a tag's length before them, for a tag
	// split between reads). more may move the window, so offsets are
	// kept relative to the start of the element.
	rel := len(openTag)
	for {
		win := s.buf[s.off:]
		end := bytes.Index(win[rel:], []byte(closeTag))
		limit := len(win)
		if end >= 0 {
			end += rel
			limit = end
		}
		// A second open tag before the close tag means this document
		// was cut off and another begins.
		if nx := indexOpenTag(win[rel:limit]); nx >= 0 {
			at := rel + nx
			return nil, 0, s.truncated(fmt.Sprintf("another <REUTERS> starts at line %d before this one is closed by </REUTERS> (document cut off?)",
				s.line+bytes.Count(win[:at], []byte{'\n'})))
		}
		if end >= 0 {
			n := end + len(closeTag)
			line := s.line
			s.advance(n)
			return win[:n], line, nil
		}
		if len(win) > MaxDocSize {
			return nil, 0, s.truncated(fmt.Sprintf("no </REUTERS> within %d bytes", MaxDocSize))
		}
		rel = max(len(win)-len(closeTag), len(openTag))
		if !s.more() {
			if s.err != nil {
				return nil, 0, s.readErr()
			}
			last := s.line + bytes.Count(s.buf[s.off:], []byte{'\n'})
			return nil, 0, s.truncated(fmt.Sprintf("file ends at line %d before </REUTERS> (truncated?)", last))
		}
	}
}

// isOpenTag reports whether b starts with a <REUTERS tag. (fill has
// made sure b is long enough unless the input ends.)
func isOpenTag(b []byte) bool {
	if !bytes.HasPrefix(b, []byte(openTag)) {
		return false
	}
	return len(b) == len(openTag) || isSpace(b[len(openTag)]) || b[len(openTag)] == '>'
}

func indexOpenTag(b []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(openTag))
		if i < 0 {
			return -1
		}
		j := off + i + len(openTag)
		if j < len(b) && (isSpace(b[j]) || b[j] == '>') {
			return off + i
		}
		off = j
	}
}

// truncated reports a document that starts at s.line but does not end.
func (s *scanner) truncated(why string) error {
	id := ""
	if m := attrs(s.buf[s.off:min(len(s.buf), s.off+512)]); m.newID != "" {
		id = " (NEWID " + m.newID + ")"
	}
	return &Error{File: s.name, Line: s.line, Reason: "<REUTERS>" + id + " is not closed: " + why}
}

// unexpected reports what stands outside a <REUTERS> element.
func (s *scanner) unexpected() error {
	_ = s.fill(64)
	rest := s.buf[s.off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = rest[:min(len(rest), 40)]
	if !looksLikeText(rest) {
		return &Error{File: s.name, Line: s.line, Reason: "not Reuters SGML: binary data (not text) where a <REUTERS> element should start"}
	}
	return &Error{File: s.name, Line: s.line, Reason: fmt.Sprintf("not Reuters SGML: found %q where a <REUTERS> element should start", rest)}
}

func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c == 0 || (c < 0x20 && !isSpace(c)) || c == 0x7f {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'
}
