package news

import "fmt"

// PublicEffect is what a version does to the public view of its story:
// the row the site, feeds, sitemaps and search read.
type PublicEffect int

const (
	// PublicUnchanged: the public view stays as it was (a publish under
	// embargo, or a public action that left the story unpublished).
	PublicUnchanged PublicEffect = iota
	// PublicShow: the story returned becomes the public view.
	PublicShow
	// PublicRemove: the story has no public view any more.
	PublicRemove
)

// PublicView says what the public sees of a story after version v:
//   - publish, update, correct, release that leave the story published:
//     the version;
//   - kill of a story that was ever public: its kill notice (see KillNotice);
//   - withhold, and kill of a story never public: nothing;
//   - publish under embargo (scheduled): no change.
//
// last returns the public view before v (nil when there is none); it is
// called only for a kill. Storage engines persist what this returns.
func PublicView(v *Version, last func() (*Story, error)) (*Story, PublicEffect, error) {
	s := &v.Story
	switch v.Action {
	case ActionPublish, ActionUpdate, ActionCorrect, ActionRelease:
		if s.Status != StatusPublished {
			return nil, PublicUnchanged, nil
		}
		return s, PublicShow, nil
	case ActionKill:
		if s.FirstPublishedAt == nil {
			return nil, PublicRemove, nil
		}
		prev, err := last()
		if err != nil {
			return nil, PublicUnchanged, err
		}
		return KillNotice(s, prev), PublicShow, nil
	case ActionWithhold:
		return nil, PublicRemove, nil
	}
	return nil, PublicUnchanged, fmt.Errorf("version %d of %s has unknown action %q", v.Number, v.StoryID, v.Action)
}

// KillNotice is what the public sees of killed story s: the last public
// version's headline and metadata (last; not unpublished edits of the
// working copy), with the kill's status, version, time and reason, and
// neither standfirst nor body. With no last public version it starts from
// s.
func KillNotice(s, last *Story) *Story {
	k := s.Clone()
	if last != nil {
		k = last.Clone()
		k.Version, k.UpdatedAt, k.KillNotice = s.Version, s.UpdatedAt, s.KillNotice
	}
	k.Status = StatusKilled
	k.Standfirst, k.Body = "", nil
	return k
}
