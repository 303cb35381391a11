package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// quoteJSON is one quote in the answer of GET /api/v1/quotes.
type quoteJSON struct {
	Speaker   string    `json:"speaker"`
	Text      string    `json:"text"`
	Paragraph int       `json:"paragraph"`
	StoryID   string    `json:"story_id"`
	Headline  string    `json:"headline"`
	Language  string    `json:"language"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
}

// quotes is GET /api/v1/quotes?speaker=&q=&lang=&limit=: quotes from
// public stories, newest story first, by a speaker (every word of speaker
// is a word of the speaker's name, case ignored) and holding the words of
// q. It searches for the words and filters the stories found by their
// extracted quotes, reading at most quoteScan stories. Public: no key.
func (s *Server) quotes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	speaker := strings.TrimSpace(q.Get("speaker"))
	text := strings.TrimSpace(q.Get("q"))
	bad := func(field, detail string) {
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusBadRequest, detail, httpx.FieldProblem{Field: field, Detail: detail}))
	}
	switch {
	case speaker == "" && text == "":
		bad("speaker", "give a speaker (?speaker=), words of the quote (?q=), or both")
		return
	case utf8.RuneCountInString(speaker) > maxQuoteSpeaker || !utf8.ValidString(speaker):
		bad("speaker", "is longer than "+strconv.Itoa(maxQuoteSpeaker)+" characters or not UTF-8")
		return
	case utf8.RuneCountInString(text) > maxQuoteQuery || !utf8.ValidString(text):
		bad("q", "is longer than "+strconv.Itoa(maxQuoteQuery)+" characters or not UTF-8")
		return
	}
	lang, err := parseLang(q.Get("lang"))
	if err != nil {
		bad("lang", "is not a language tag such as en or ru")
		return
	}
	limit := quoteLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > quoteLimitMax {
			bad("limit", "must be a number from 1 to "+strconv.Itoa(quoteLimitMax))
			return
		}
		limit = n
	}
	speakerWords := strings.Split(news.EntitySlug(speaker), "-")
	if speaker == "" || speakerWords[0] == "" {
		speakerWords = nil
	}
	textWords := strings.Fields(strings.ToLower(text))
	out := []quoteJSON{}
	_, err = s.walkSearch(r, speaker+" "+text, lang, nil, quoteScan, func(st *news.Story) bool {
		for _, qu := range st.Entities.Quotes {
			if !speakerMatches(qu.Speaker, speakerWords) || !containsWords(qu.Text, textWords) {
				continue
			}
			j := quoteJSON{Speaker: qu.Speaker, Text: qu.Text, Paragraph: qu.Paragraph, StoryID: st.ID,
				Headline: st.Headline, Language: st.Language, URL: s.abs(articlePath(st))}
			if st.FirstPublishedAt != nil {
				j.Published = st.FirstPublishedAt.UTC()
			}
			out = append(out, j)
			if len(out) == limit {
				return false
			}
		}
		return true
	})
	if err != nil {
		s.log.Error("quotes search failed", "request_id", requestID(r.Context()), "err", err)
		if errors.Is(err, store.ErrUnavailable) {
			httpx.WriteUnavailable(w, r)
			return
		}
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusInternalServerError, "the search failed; reference "+requestID(r.Context())))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	httpx.WriteJSON(w, http.StatusOK, out)
}

// speakerMatches reports whether every word is a word of the speaker's
// name (no words: any speaker).
func speakerMatches(speaker string, words []string) bool {
	if len(words) == 0 {
		return true
	}
	have := map[string]bool{}
	for _, w := range strings.Split(news.EntitySlug(speaker), "-") {
		have[w] = true
	}
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return true
}

// containsWords reports whether text holds every word, case ignored.
func containsWords(text string, words []string) bool {
	if len(words) == 0 {
		return true
	}
	lt := strings.ToLower(text)
	for _, w := range words {
		if !strings.Contains(lt, w) {
			return false
		}
	}
	return true
}
