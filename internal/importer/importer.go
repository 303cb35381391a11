// Package importer turns files of agency copy (plain wire copy,
// Reuters-21578 SGML, IPTC ninjs, NewsML-G2) into stories in a store.
// Each file is stored in one transaction: a file that cannot be read
// stores nothing, and the other files still import. A document that is
// wrong inside a well-formed file is reported with its line and skipped.
package importer

import (
	dlstore "github.com/dateline-news/dateline/internal/store"

	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/formats/newsml"
	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/importer/reuters"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/wirecopy"
)

// Formats lists the accepted --format values.
var Formats = []string{"auto", "text", "ninjs", "newsml", "reuters"}

// MaxFileSize is the largest single file read (wire copy, ninjs, NewsML).
const MaxFileSize = 64 << 20

// Options control an import.
type Options struct {
	Format  string // auto (default), text, ninjs, newsml, reuters
	Year    int    // year for datelines that have none (text)
	Publish bool   // publish imported stories (at their own date when known)
	// Wire also sends the published stories to wire subscribers. Without
	// it an import publishes to the site and the archive only: the change
	// log records every version (it stays dense), but the events are
	// quiet, so no subscriber's feed, stream or webhook is flooded with
	// an archive. Subscribers may still fetch and search the stories.
	Wire bool
	Now  func() time.Time
	// Progress, if set, is called after each file with the files done and
	// the total.
	Progress func(done, total int)
	// Extract, if set, finds the entities of a story. A small import
	// (InlineLimit stories or fewer from one file) runs it on each story
	// before storing it, so the stored story and its first version carry
	// them; a bulk import stores without it, for speed, and lists the
	// stories it created in Result.Pending for ExtractPass.
	Extract func(*news.Story) news.Entities
}

// InlineLimit is the most stories one file may hold for an import to
// extract entities while storing them (see Options.Extract).
const InlineLimit = 20

// Sink stores a file's stories in one transaction, skipping (and
// reporting by index) those whose Source exists already.
type Sink interface {
	CreateStories(ctx context.Context, stories []*news.Story, versions []*news.Version) (created int, dups []int, err error)
}

// Problem is one file or document that did not import.
type Problem struct {
	File string
	Line int // 0 when unknown
	Err  error
}

func (p Problem) Error() string {
	if p.Line > 0 {
		msg := strings.TrimPrefix(p.Err.Error(), fmt.Sprintf("line %d: ", p.Line))
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, msg)
	}
	return fmt.Sprintf("%s: %v", p.File, p.Err)
}

// Result counts what an import did.
type Result struct {
	Files       int // files read
	FailedFiles int // files that stored nothing because they could not be read
	Documents   int // documents seen
	Imported    int // stories stored
	Duplicates  int // documents already stored (same source)
	Rejected    int // documents refused, each in Problems
	Problems    []Problem
	Elapsed     time.Duration
	// Pending lists the ids of stories stored without extraction, in the
	// order stored, when Options.Extract is set and the import was bulk.
	Pending []string
}

// Summary is the one line printed at the end of an import.
func (r Result) Summary() string {
	rate := 0.0
	if r.Elapsed > 0 {
		rate = float64(r.Imported) / r.Elapsed.Seconds()
	}
	return fmt.Sprintf("%d files, %d documents: %d imported, %d already there, %d rejected, %d files failed (%.1fs, %.0f stories/s)",
		r.Files, r.Documents, r.Imported, r.Duplicates, r.Rejected, r.FailedFiles, r.Elapsed.Seconds(), rate)
}

// Failed reports whether anything was refused.
func (r Result) Failed() bool { return r.FailedFiles > 0 || r.Rejected > 0 }

// Files expands paths (files or folders, walked recursively) into a sorted
// list of regular files, skipping hidden files and README/licence texts in
// folders.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if strings.HasPrefix(name, ".") && path != p {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || !d.Type().IsRegular() || skipInFolder(name) {
				return nil
			}
			out = append(out, path)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// skipInFolder leaves out the documentation that ships beside corpora when
// a whole folder is imported (a file named on the command line is always
// read).
func skipInFolder(name string) bool {
	lower := strings.ToLower(name)
	for _, p := range []string{"readme", "license", "licence", "sha256sums", "all-", "cat-descriptions"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	switch filepath.Ext(lower) {
	case ".dtd", ".xsd", ".md", ".go":
		return true
	}
	return false
}

// Run imports every file under paths into sink.
func Run(ctx context.Context, sink Sink, paths []string, opt Options) (Result, error) {
	start := time.Now()
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Format == "" {
		opt.Format = "auto"
	}
	if !validFormat(opt.Format) {
		return Result{}, fmt.Errorf("unknown format %q (want one of %s)", opt.Format, strings.Join(Formats, ", "))
	}
	files, err := Files(paths)
	if err != nil {
		return Result{}, err
	}
	var res Result
	inline := opt.Extract != nil && len(files) == 1
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Files++
		docs, probs, err := readFile(f, opt)
		if err != nil {
			res.FailedFiles++
			res.Problems = append(res.Problems, asProblem(f, err))
		} else {
			res.Documents += len(docs) + len(probs)
			res.Rejected += len(probs)
			res.Problems = append(res.Problems, probs...)
			if err := store(ctx, sink, f, docs, opt, inline && len(docs) <= InlineLimit, &res); err != nil {
				res.FailedFiles++
				res.Problems = append(res.Problems, Problem{File: f, Err: err})
			}
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(files))
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func validFormat(f string) bool {
	for _, v := range Formats {
		if f == v {
			return true
		}
	}
	return false
}

// doc is one story read from a file, with the time it was published when
// the source says so.
type doc struct {
	story *news.Story
	at    time.Time
}

func store(ctx context.Context, sink Sink, file string, docs []doc, opt Options, inline bool, res *Result) error {
	if len(docs) == 0 {
		return nil
	}
	mode := "as drafts"
	switch {
	case opt.Publish && opt.Wire:
		mode = "published to the site, the archive and wire subscribers"
	case opt.Publish:
		mode = "published to the site and the archive, not sent to wire subscribers"
	}
	// The file's import and its audit entry are one transaction.
	ctx = dlstore.WithAudit(ctx, &dlstore.AuditEntry{At: opt.Now().UTC(), Action: "import",
		Detail: fmt.Sprintf("%s: %d stories %s (already imported ones skipped)", file, len(docs), mode)})
	stories := make([]*news.Story, len(docs))
	versions := make([]*news.Version, len(docs))
	now := opt.Now().UTC()
	for i, d := range docs {
		s := d.story
		if s.ID == "" {
			s.ID = news.NewID(now)
		}
		s.Status = news.StatusDraft
		s.Revision = 1
		s.CreatedAt, s.ModifiedAt = now, now
		if inline {
			s.Entities = opt.Extract(s)
		}
		if opt.Publish {
			at := d.at
			if at.IsZero() || at.After(now) {
				at = now
			}
			v, err := s.Publish(at, nil, "import")
			if err != nil {
				return err
			}
			v.Quiet = !opt.Wire
			versions[i] = v
		}
		stories[i] = s
	}
	created, dups, err := sink.CreateStories(ctx, stories, versions)
	if err != nil {
		return err
	}
	res.Imported += created
	res.Duplicates += len(dups)
	if opt.Extract != nil && !inline {
		skip := make(map[int]bool, len(dups))
		for _, i := range dups {
			skip[i] = true
		}
		for i, s := range stories {
			if !skip[i] {
				res.Pending = append(res.Pending, s.ID)
			}
		}
	}
	return nil
}

func asProblem(file string, err error) Problem {
	var le interface{ LineNumber() int }
	if errors.As(err, &le) {
		return Problem{File: file, Line: le.LineNumber(), Err: err}
	}
	return Problem{File: file, Err: err}
}

// readFile reads one file in its format into documents. Documents refused
// inside a readable file come back as problems; an error means the file
// as a whole could not be read and nothing of it may be stored.
func readFile(path string, opt Options) ([]doc, []Problem, error) {
	format := opt.Format
	if format == "reuters" || (format == "auto" && looksLikeReutersFile(path)) {
		return readReuters(path, opt)
	}
	data, err := readAll(path)
	if err != nil {
		return nil, nil, err
	}
	if format == "auto" {
		if format, err = detect(data); err != nil {
			return nil, nil, err
		}
		if format == "reuters" {
			return readReuters(path, opt)
		}
	}
	if format == "newsml" {
		if root, _, _ := newsml.Root(data); root == "newsMessage" {
			return readNewsMessage(data, path)
		}
	}
	var s *news.Story
	switch format {
	case "ninjs":
		s, err = ninjs.Parse(data)
	case "newsml":
		s, err = newsml.Parse(data)
	default:
		if err := checkText(data); err != nil {
			return nil, nil, err
		}
		s, err = wirecopy.Parse(data, wirecopy.Options{Year: opt.Year, Now: opt.Now()})
	}
	if err != nil {
		return nil, nil, err
	}
	d, err := prepare(s, data)
	if err != nil {
		return nil, nil, err
	}
	return []doc{d}, nil, nil
}

// prepare checks a story read from a file and readies it for storing.
func prepare(s *news.Story, data []byte) (doc, error) {
	s.Normalize()
	if err := s.Validate(); err != nil {
		return doc{}, err
	}
	if s.Source == "" {
		sum := sha256.Sum256(data)
		s.Source = "sha256:" + hex.EncodeToString(sum[:])
	}
	var at time.Time
	if s.FirstPublishedAt != nil {
		at = *s.FirstPublishedAt
	}
	// An imported story starts its own version history here.
	s.Version, s.FirstPublishedAt, s.UpdatedAt, s.Corrections = 0, nil, nil, nil
	return doc{story: s, at: at}, nil
}

// readNewsMessage reads the newsItems of a NewsML-G2 newsMessage; the
// items it refuses are problems of the file, at their line.
func readNewsMessage(data []byte, path string) ([]doc, []Problem, error) {
	stories, refused, err := newsml.ParseMessage(data)
	if err != nil {
		return nil, nil, err
	}
	var docs []doc
	var probs []Problem
	for _, e := range refused {
		probs = append(probs, asProblem(path, fmt.Errorf("refused: %w", e)))
	}
	for _, it := range stories {
		d, err := prepare(it.Story, data)
		if err != nil {
			probs = append(probs, Problem{File: path, Line: it.Line,
				Err: fmt.Errorf("refused newsItem %s: %w", strings.TrimPrefix(it.Story.Source, "newsml:"), err)})
			continue
		}
		docs = append(docs, d)
	}
	return docs, probs, nil
}

func readAll(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	head := make([]byte, 2)
	if n, _ := io.ReadFull(f, head); n == 2 && head[0] == 0x1f && head[1] == 0x8b {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("not a readable gzip file: %v", err)
		}
		defer gz.Close()
		r = gz
	} else if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("file is empty")
	}
	return data, nil
}

// checkText refuses binary files and text that is not UTF-8, naming the
// line of the first bad byte.
func checkText(data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		if c == '\n' {
			line++
		}
		if c == 0 {
			return &LineError{Line: line, Msg: "not a text file (NUL byte)"}
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return &LineError{Line: line, Msg: fmt.Sprintf("not UTF-8 (byte 0x%02X at offset %d)", c, i)}
		}
		i += size
	}
	return nil
}

// LineError is a problem at a line of a file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string   { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }
func (e *LineError) LineNumber() int { return e.Line }

func looksLikeReutersFile(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	return strings.HasSuffix(base, ".sgm") || strings.HasSuffix(base, ".sgm.gz")
}

// Detect guesses the format of a file's contents: reuters, ninjs, newsml
// (a newsItem or a newsMessage of them) or text; "" when the file is
// markup or JSON that Dateline does not import (see detect for why).
func Detect(data []byte) string {
	f, _ := detect(data)
	return f
}

// detect guesses the format of a file's contents. Markup is never read as
// wire copy: XML is a NewsML-G2 newsItem or newsMessage, or Reuters SGML,
// or it is refused with the reason (a knowledge item, a catalog, HTML).
func detect(data []byte) (string, error) {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.Contains(head, []byte("<REUTERS")) || bytes.Contains(head, []byte(`<!DOCTYPE lewis`)) {
		return "reuters", nil
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case ninjs.LooksLikeNinjs(data):
		return "ninjs", nil
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		return "", errors.New("refused: JSON that is not a ninjs item (no uri, headline or body); Dateline imports ninjs, NewsML-G2, Reuters-21578 SGML and plain-text wire copy")
	case len(trimmed) == 0 || trimmed[0] != '<':
		return "text", nil
	}
	root, space, ok := newsml.Root(data)
	switch {
	case !ok:
		return "", errors.New("refused: markup that is not well-formed XML, so not a NewsML-G2 document; markup is never imported as wire copy")
	case strings.EqualFold(root, "html"):
		return "", errors.New("refused: an HTML page, not a story; markup is never imported as wire copy")
	case space == newsml.NamespaceG2 && (root == "newsItem" || root == "newsMessage"):
		return "newsml", nil
	case space == newsml.NamespaceG2:
		return "", fmt.Errorf("refused: a NewsML-G2 <%s>, not a newsItem: only news items (alone or in a newsMessage) are stories", root)
	}
	if space == "" {
		space = "no namespace"
	}
	return "", fmt.Errorf("refused: XML with root <%s> (%s) is not a NewsML-G2 newsItem or newsMessage", root, space)
}

func readReuters(path string, opt Options) ([]doc, []Problem, error) {
	var docs []doc
	var probs []Problem
	err := reuters.ReadFile(path, func(d *reuters.Doc) error {
		if d.Err != nil {
			probs = append(probs, asProblem(path, d.Err))
			return nil
		}
		docs = append(docs, doc{story: d.Story, at: d.Date})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return docs, probs, nil
}

// ParseFile reads one file of wire copy, ninjs or NewsML-G2 into a story
// without storing it. Errors are Problems naming the file (and line).
func ParseFile(path string, opt Options) (*news.Story, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Format == "" {
		opt.Format = "auto"
	}
	if !validFormat(opt.Format) {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", opt.Format, strings.Join(Formats, ", "))
	}
	docs, probs, err := readFile(path, opt)
	if err != nil {
		return nil, asProblem(path, err)
	}
	if len(docs) != 1 {
		if len(probs) > 0 {
			return nil, probs[0]
		}
		return nil, Problem{File: path, Err: fmt.Errorf("holds %d stories; parse reads files of one story (use import)", len(docs))}
	}
	return docs[0].story, nil
}
