package newsroom

import (
	"net/http"

	"github.com/dateline-news/dateline/internal/copycheck"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/suggest"
)

// Suggester suggests tags and a section for a story (suggest.Suggester).
type Suggester interface {
	Suggest(s *news.Story) []suggest.Suggestion
}

// Assist is the help the editor and the checks API give on a working
// copy. Every field is optional.
type Assist struct {
	// Dictionary holds the word lists of the spelling check; nil: the
	// check is skipped with a note.
	Dictionary *copycheck.Dictionary
	// DatelineStyle is the agency's house style; empty: not checked.
	DatelineStyle news.Style
	// Suggester suggests tags and sections; nil: none.
	Suggester Suggester
}

// SetAssist sets the copy checks and suggestions. It may be called at
// any time, for instance again once dictionaries have loaded in the
// background. Entities for the checks come from the publishing service's
// extractor (publish.Service.SetExtractor); without one, from the story's
// last published version.
func (h *Handler) SetAssist(a Assist) {
	h.assistMu.Lock()
	defer h.assistMu.Unlock()
	h.assist = a
}

// checksJSON is the answer of GET /api/v1/stories/{id}/checks.
type checksJSON struct {
	Findings    []copycheck.Finding  `json:"findings"`
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

// checks looks over a working copy.
func (h *Handler) checks(s *news.Story) checksJSON {
	h.assistMu.RLock()
	a := h.assist
	h.assistMu.RUnlock()
	ex, ok := h.svc.Extract(s)
	if !ok {
		ex = s.Entities
	}
	out := checksJSON{
		Findings:    copycheck.Check(s, ex, a.Dictionary, copycheck.Options{DatelineStyle: a.DatelineStyle}),
		Suggestions: []suggest.Suggestion{},
	}
	if out.Findings == nil {
		out.Findings = []copycheck.Finding{}
	}
	if a.Suggester != nil {
		if sg := a.Suggester.Suggest(s); sg != nil {
			out.Suggestions = sg
		}
	}
	return out
}

// apiChecks is GET /api/v1/stories/{id}/checks: copy checks of the
// working copy and tag and section suggestions.
func (h *Handler) apiChecks(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, h.checks(s))
	return nil
}
