package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// maxQuery is the longest search query accepted, in characters.
const maxQuery = 300

type searchPage struct {
	Meta
	Q        string
	Results  []searchResult
	Count    string // "12 results"
	Older    string
	Newest   string
	Searched bool
	// The filter form's state.
	Sort       string // "date" or "relevance"
	Section    string
	From, To   string // YYYY-MM-DD
	FilterLang string
	SectionOpt []link // Key and Title
	LangOpt    []link
}

// searchResult is a found story with its headline and an excerpt cut
// into plain and matched runs.
type searchResult struct {
	storyCard
	HeadlineRuns []textRun
	Excerpt      []textRun
}

type textRun struct {
	Text string
	Hit  bool
}

// search is /search?q=: a result count, excerpts with the matched words
// marked, newest first or by relevance (?sort=relevance), filtered by
// ?section=, ?from= and ?to= (dates in the site's zone) and ?lang=. The
// query goes to the store as plain text; the store promises that no
// input is read as query syntax.
func (s *Server) search(r *http.Request) (*response, error) {
	lang, before, err := s.listParams(r)
	if err != nil {
		return nil, err
	}
	v := r.URL.Query()
	q := strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(q) > maxQuery {
		return nil, badRequest("The search is too long; use fewer words.")
	}
	ctx := r.Context()
	secs, loc := s.siteSettings(ctx)
	tr := uiStrings(lang)
	d := searchPage{Meta: s.meta(r, pageLang(lang), tr["searchResults"]), Q: q, Sort: "date", FilterLang: lang}
	d.Query = q
	d.NoIndex = true
	sq := store.SearchQuery{Text: q, Language: lang, Before: before, Limit: s.cfg.PageSize}
	switch so := v.Get("sort"); so {
	case "", "date":
	case "relevance":
		d.Sort, sq.ByRelevance, sq.Before = so, true, nil
	default:
		return nil, badRequest("The sort order in the address (sort=) is not date or relevance.")
	}
	if sec := v.Get("section"); sec != "" {
		if checkName(sec, maxSection) != nil {
			return nil, badRequest("The section in the address is not a section name.")
		}
		d.Section, sq.Section = sec, sec
	}
	for _, f := range []struct {
		key  string
		dst  **time.Time
		show *string
		add  int
	}{{"from", &sq.From, &d.From, 0}, {"to", &sq.To, &d.To, 1}} {
		if val := v.Get(f.key); val != "" {
			day, err := time.ParseInLocation("2006-01-02", val, loc)
			if err != nil {
				return nil, badRequest("The date in the address (" + f.key + "=) is not a date such as 2016-12-18.")
			}
			day = day.AddDate(0, 0, f.add) // "to" takes in the whole day
			*f.dst, *f.show = &day, val
		}
	}
	page := 1
	if p := v.Get("page"); p != "" {
		page, _ = strconv.Atoi(p) // listParams checked it
	}
	if sq.ByRelevance {
		sq.Offset = (page - 1) * s.cfg.PageSize
	}
	pl := pageLang(lang)
	for _, sec := range secs {
		d.SectionOpt = append(d.SectionOpt, link{Key: sec.Key, Title: sec.Name(chromeLang(pl))})
	}
	for _, l := range siteLanguages {
		d.LangOpt = append(d.LangOpt, link{Key: l, Title: ui[l]["langName"]})
	}
	if q != "" {
		res, err := s.pub.Search(ctx, sq)
		if err != nil {
			return nil, err
		}
		n, err := s.pub.SearchCount(ctx, sq)
		if err != nil {
			return nil, err
		}
		d.Searched = true
		count := plural(pl, n, tr["resultOne"], tr["resultFew"], tr["resultMany"])
		if n >= store.SearchCountMax {
			count = strings.Replace(count, strconv.Itoa(n), strconv.Itoa(n)+"+", 1)
		}
		d.Count = count
		base := url.Values{"q": {q}}
		for _, k := range []string{"lang", "section", "from", "to", "sort"} {
			if val := v.Get(k); val != "" {
				base.Set(k, val)
			}
		}
		words := queryWords(q)
		cards := s.cards(ctx, res.Stories, pl)
		for i, st := range res.Stories {
			d.Results = append(d.Results, searchResult{storyCard: cards[i],
				HeadlineRuns: markWords(st.Headline, words), Excerpt: excerpt(st, words)})
		}
		s.searchPager(&d, res, base, before != nil, page, sq.ByRelevance)
	}
	return s.render("search", http.StatusOK, d)
}

// searchPager sets the links to the next and the first page: by cursor
// when newest first, by page number when by relevance.
func (s *Server) searchPager(d *searchPage, res store.Page, base url.Values, paged bool, page int, byRelevance bool) {
	href := func(set func(url.Values)) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if set != nil {
			set(v)
		}
		return "/search?" + v.Encode()
	}
	if res.Next != nil {
		if byRelevance {
			d.Older = href(func(v url.Values) { v.Set("page", strconv.Itoa(page+1)) })
		} else {
			d.Older = href(func(v url.Values) { v.Set("before", encodeCursor(res.Next)) })
		}
	}
	if paged || (byRelevance && page > 1) {
		d.Newest = href(nil)
	}
}

// queryWords are the search's words, lower case.
func queryWords(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// wordMatches reports whether a word of the text matches a query word:
// the same word or one with the same stem, taken as the query word's
// first letters (all of a short word, all but up to three of a long
// one), so "ferries" marks "ferry" and "выставки" marks "выставка".
func wordMatches(word string, words []string) bool {
	w := strings.ToLower(word)
	for _, q := range words {
		rs := []rune(q)
		n := len(rs)
		if n > 4 {
			n = max(4, n-3)
		}
		if strings.HasPrefix(w, string(rs[:n])) {
			return true
		}
	}
	return false
}

// markWords cuts text into runs, the words matching the query marked.
func markWords(text string, words []string) []textRun {
	var out []textRun
	add := func(t string, hit bool) {
		if t == "" {
			return
		}
		if len(out) > 0 && out[len(out)-1].Hit == hit {
			out[len(out)-1].Text += t
			return
		}
		out = append(out, textRun{Text: t, Hit: hit})
	}
	start := -1
	for i, r := range text + " " {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			w := text[start:i]
			add(w, wordMatches(w, words))
			start = -1
		}
		if !letter && i < len(text) {
			add(string(r), false)
		}
	}
	return out
}

// excerptLen is the length of an excerpt, in characters.
const excerptLen = 240

// excerpt is the part of a story that best shows why it was found: the
// first paragraph holding a query word (the standfirst or the first
// paragraph when none does), cut around the first match.
func excerpt(st *news.Story, words []string) []textRun {
	paras := []string{}
	if st.Standfirst != "" {
		paras = append(paras, st.Standfirst)
	}
	for _, b := range st.Body {
		if b.Kind != news.Subheading {
			paras = append(paras, b.Text)
		}
	}
	if len(paras) == 0 {
		return nil
	}
	text, at := paras[0], -1
	for _, p := range paras {
		for _, run := range markWords(p, words) {
			if run.Hit {
				text, at = p, strings.Index(p, run.Text)
				break
			}
		}
		if at >= 0 {
			break
		}
	}
	runes := []rune(text)
	from := 0
	if at > 0 {
		from = max(0, utf8.RuneCountInString(text[:at])-excerptLen/3)
	}
	to := min(len(runes), from+excerptLen)
	cut := string(runes[from:to])
	if from > 0 {
		if i := strings.IndexByte(cut, ' '); i >= 0 && i < 30 {
			cut = cut[i+1:]
		}
		cut = "… " + cut
	}
	if to < len(runes) {
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)-30 {
			cut = cut[:i]
		}
		cut += " …"
	}
	return markWords(cut, words)
}
