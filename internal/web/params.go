package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"golang.org/x/text/language"
)

// listParams reads the common list parameters: ?before=, ?lang=, ?page=.
// page is not used for paging (cursors are) but a junk value is refused
// rather than ignored.
func (s *Server) listParams(r *http.Request) (lang string, before *store.Cursor, err error) {
	q := r.URL.Query()
	if p := q.Get("page"); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 {
			return "", nil, badRequest("The page number in the address is not a positive number.")
		}
	}
	if lang, err = s.siteLang(r); err != nil {
		return "", nil, err
	}
	before, err = decodeCursor(q.Get("before"))
	return lang, before, err
}

func parseLang(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if len(v) > 35 || !langTag.MatchString(v) {
		return "", badRequest("The language in the address (lang=) is not a language tag such as en or ru.")
	}
	// Stories store canonical tags (news.Story.Normalize); a well-formed
	// tag x/text does not know stays as written, in lower case.
	if t, err := language.Parse(v); err == nil {
		return t.String(), nil
	}
	return strings.ToLower(v), nil
}

// siteLang reads ?lang= of a page: "" (English) or a language the site
// has pages in, which is a language of its interface or one that public
// stories are written in. A malformed tag is a 400; a well-formed one the
// site does not publish in is a 404, never a silent empty page.
func (s *Server) siteLang(r *http.Request) (string, error) {
	lang, err := parseLang(r.URL.Query().Get("lang"))
	if err != nil || lang == "" {
		return lang, err
	}
	if _, ok := ui[lang]; ok {
		return lang, nil
	}
	page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Language: lang, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(page.Stories) == 0 {
		return "", notFound("We do not publish stories in this language (lang=" + lang + ").")
	}
	return lang, nil
}

// checkName refuses a section or tag name that no story could have.
func checkName(v string, max int) error {
	if strings.TrimSpace(v) == "" || utf8.RuneCountInString(v) > max {
		return errNotFound
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return errNotFound
		}
	}
	return nil
}

// langTag is the shape of a BCP 47 tag: a 2-3 letter language and
// optional subtags.
var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

const (
	maxSection = news.MaxSection
	maxTag     = news.MaxTag
)
