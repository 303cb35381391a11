package wire

import (
	"context"
	"errors"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Who may have what. Every subscriber surface (pull, stream, webhooks,
// items by id and version, search) asks the same three questions:
//
//   - Is the subscriber entitled to a version? It passes the subscriber's
//     filter and, while under embargo, the subscriber has embargo access.
//     The filter is evaluated on the event's stored fields (section,
//     language, urgency) first, and on the words of the version only when
//     the filter has words; each version's words are found once and
//     shared by every subscriber.
//   - Does a change reach a subscriber that is not entitled to it? Yes when
//     the subscriber may have been sent an earlier version of the story: a
//     recall (kill, withhold), a correction or an update goes to everyone
//     who got any version, even if the story has since left their filter
//     or an admin has since narrowed their rights. "May have been sent" is
//     judged under the rights the subscriber holds now and under every
//     rights it gave up after the version was in the log (the store keeps
//     them: store.FormerRights); a subscriber can read old events for as
//     long as it holds the rights, so when it actually read them is not
//     known and does not matter. The text of a version still under embargo
//     goes only to subscribers with embargo access now. Items by id follow
//     the same rule, so a recalled story reads as canceled to everyone it
//     reached.
//   - What does a version of a killed story look like? A kill recalls every
//     version: any item of a killed story, by id, by version or replayed
//     from the log, is the canceled item (the kill's version: headline and
//     public notice, no body).

// entitledEvent reports whether sub may have the version event e
// announces, judged by e alone (and the version's words when the filter
// has words).
func (wr *Wire) entitledEvent(ctx context.Context, sub *subscriber, e *news.Event) (bool, error) {
	if !sub.filter.matchEvent(e) {
		return false, nil
	}
	if !sub.EmbargoAccess && (e.Status == news.StatusScheduled || e.Status == news.StatusDraft) {
		return false, nil
	}
	if sub.filter.needsText() {
		if match, known := wr.texts.get(textKey(sub.filter, e)); known && !match {
			return false, nil
		}
	}
	if !sub.EmbargoAccess || sub.filter.needsText() {
		r, err := wr.changes.version(ctx, e.StoryID, e.Version)
		if err != nil {
			return false, err
		}
		if !sub.EmbargoAccess && embargoed(r.v) {
			return false, nil
		}
		if sub.filter.needsText() {
			// Each version's word test is remembered per filter, so a
			// reread of the log costs no decoding.
			key := textKey(sub.filter, e)
			match, known := wr.texts.get(key)
			if !known {
				match = sub.filter.hasTag(r.v.Story.Tags) && r.hasWords(sub.filter.Words)
				wr.texts.put(key, match)
			}
			if !match {
				return false, nil
			}
		}
	}
	return true, nil
}

// formerRights returns the rights sub held before its current ones.
func (wr *Wire) formerRights(ctx context.Context, sub *subscriber) ([]formerRights, error) {
	if sub.formerLoaded {
		return sub.former, nil
	}
	list, err := wr.st.FormerRights(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		flt, err := ParseFilter(f.Filter)
		if err != nil {
			wr.log.Warn("wire: a former filter no longer parses; it is left out", "subscriber", sub.Name, "filter", f.Filter, "err", err)
			continue
		}
		s := *sub.Subscriber
		s.Filter, s.EmbargoAccess = f.Filter, f.EmbargoAccess
		sub.former = append(sub.former, formerRights{sub: &subscriber{Subscriber: &s, filter: flt, formerLoaded: true}, until: f.UntilSeq})
	}
	sub.formerLoaded = true
	return sub.former, nil
}

// mayHaveReceived reports whether sub may have been sent version event e:
// it is entitled to it now, or was under rights it gave up after e was in
// the log.
func (wr *Wire) mayHaveReceived(ctx context.Context, sub *subscriber, e *news.Event) (bool, error) {
	ok, err := wr.entitledEvent(ctx, sub, e)
	if err != nil || ok {
		return ok, err
	}
	former, err := wr.formerRights(ctx, sub)
	if err != nil {
		return false, err
	}
	for _, f := range former {
		if e.Seq > f.until {
			continue
		}
		if ok, err := wr.entitledEvent(ctx, f.sub, e); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// receivedBefore reports whether sub may have been sent any version of
// story id before change-log position seq (quiet events, which nobody is
// sent, do not count).
func (wr *Wire) receivedBefore(ctx context.Context, sub *subscriber, id string, seq int64) (bool, error) {
	evs, err := wr.st.StoryEvents(ctx, id)
	if err != nil {
		return false, err
	}
	for i := range evs {
		e := &evs[i]
		if e.Seq >= seq {
			break
		}
		if e.Quiet {
			continue
		}
		ok, err := wr.mayHaveReceived(ctx, sub, e)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// entitledStory reports whether sub may fetch story id at all: some
// version of it (sent or quietly archived) is one sub is entitled to, or
// may have been sent under rights it has since given up.
func (wr *Wire) entitledStory(ctx context.Context, sub *subscriber, id string) (bool, error) {
	if wr.changes.isPicture(ctx, id) {
		// Pictures go out as the lead pictures of stories, whatever their
		// own section: only embargo rights (now) apply to them.
		all := &subscriber{Subscriber: sub.Subscriber, formerLoaded: true}
		sub = all
	}
	evs, err := wr.st.StoryEvents(ctx, id)
	if err != nil {
		return false, err
	}
	for i := range evs {
		ok, err := wr.mayHaveReceived(ctx, sub, &evs[i])
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// canceledItem returns the rendered kill version of a killed story.
func (wr *Wire) canceledItem(ctx context.Context, id string) (*rendered, error) {
	s, err := wr.st.Story(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.Status != news.StatusKilled {
		return nil, errors.New("wire: story " + id + " is not killed")
	}
	return wr.changes.version(ctx, id, s.Version)
}

// killedAmong returns the stories of evs that are killed now.
func (wr *Wire) killedAmong(ctx context.Context, evs []news.Event) (map[string]bool, error) {
	seen := map[string]bool{}
	var ids []string
	for i := range evs {
		if id := evs[i].StoryID; !seen[id] && !evs[i].Quiet {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	st, err := wr.st.StoryStatuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	killed := map[string]bool{}
	for id, s := range st {
		if s == news.StatusKilled {
			killed[id] = true
		}
	}
	return killed, nil
}

var errNotEntitled = errors.New("not entitled")

// itemFor returns what sub gets for GET /api/v1/items/{id}?version=n
// (n 0: the latest): errNotEntitled or store.ErrNotFound for a 404.
func (wr *Wire) itemFor(ctx context.Context, sub *subscriber, id string, n int) (*rendered, error) {
	s, err := wr.st.Story(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.Version == 0 || n > s.Version {
		return nil, store.ErrNotFound
	}
	ok, err := wr.entitledStory(ctx, sub, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotEntitled
	}
	if s.Status == news.StatusKilled {
		return wr.changes.version(ctx, id, s.Version)
	}
	if n == 0 {
		n = s.Version
	}
	r, err := wr.changes.version(ctx, id, n)
	if err != nil {
		return nil, err
	}
	if !sub.EmbargoAccess && embargoed(r.v) {
		return nil, errNotEntitled
	}
	return r, nil
}
