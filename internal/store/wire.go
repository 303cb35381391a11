package store

import (
	"context"
	"time"
)

// Subscriber is a wire customer: a media house that receives the change
// log by pull, stream or webhook. Its API key is never stored, only the
// SHA-256 of it.
type Subscriber struct {
	ID            int64
	Name          string
	KeyHash       string // hex SHA-256 of the API key
	KeyHint       string // the first characters of the key, to tell keys apart
	Enabled       bool
	EmbargoAccess bool   // receives embargoed versions before their release
	Filter        string // filter query in the wire filter syntax; "" passes everything
	WebhookURL    string // "" when the subscriber has no webhook
	WebhookSecret string // HMAC-SHA256 key of webhook signatures
	CreatedAt     time.Time
	ExpiresAt     *time.Time // nil: the key does not expire
}

// FormerRights is what a subscriber was entitled to before an update
// changed its filter or embargo access. UntilSeq is the change-log
// position when the subscriber gave these rights up: every event up to it
// may have been sent under them (a subscriber can read old events as long
// as it holds the rights), none after it. The wire uses this to send a
// later recall or correction to every subscriber that may have received an
// earlier version of the story, even after its rights were narrowed.
type FormerRights struct {
	Filter        string
	EmbargoAccess bool
	UntilSeq      int64
	ChangedAt     time.Time // when these rights were last given up
}

// WebhookState is the durable delivery state of one subscriber's webhook.
type WebhookState struct {
	SubscriberID   int64
	DeliveredSeq   int64 // every event up to this change-log seq is done (sent or filtered out)
	DeliveredCount int64 // events actually POSTed and acknowledged
	Attempts       int   // failed attempts at the event after DeliveredSeq
	LastError      string
	LastAttemptAt  *time.Time
	LastSuccessAt  *time.Time
	NextAttemptAt  time.Time // no attempt before this time
	LeaseOwner     string
	LeaseUntil     time.Time
}

// Subscribers stores wire subscribers and their webhook delivery state.
type Subscribers interface {
	// CreateSubscriber stores s and sets its ID. A name or key hash in
	// use already is ErrDuplicate.
	CreateSubscriber(ctx context.Context, s *Subscriber) error
	Subscriber(ctx context.Context, id int64) (*Subscriber, error)
	// SubscriberByKeyHash finds the subscriber of a key (enabled or not).
	SubscriberByKeyHash(ctx context.Context, hash string) (*Subscriber, error)
	// SubscriberByName finds a subscriber by its exact name.
	SubscriberByName(ctx context.Context, name string) (*Subscriber, error)
	// ListSubscribers lists every subscriber by id.
	ListSubscribers(ctx context.Context) ([]*Subscriber, error)
	// UpdateSubscriber saves every field of s but ID and CreatedAt. When
	// the filter or embargo access changes, the rights given up are kept
	// (see FormerRights) in the same transaction, with the position of
	// the newest event committed before the change.
	UpdateSubscriber(ctx context.Context, s *Subscriber) error
	// FormerRights lists the rights subscriber id held before, one entry
	// per distinct filter and embargo access (the latest time it was given
	// up), ordered by UntilSeq. An unknown subscriber has none.
	FormerRights(ctx context.Context, id int64) ([]FormerRights, error)

	// SetWebhook sets (url != "") or removes (url == "") the subscriber's
	// webhook. Setting it (re)starts delivery after change-log seq from,
	// with a clean attempt history.
	SetWebhook(ctx context.Context, id int64, url, secret string, from int64) error
	// WebhookState returns the delivery state; ErrNotFound without a webhook.
	WebhookState(ctx context.Context, id int64) (*WebhookState, error)
	// ClaimWebhook takes (or renews) the delivery lease of subscriber id
	// for owner until until, if nobody else holds an unexpired lease at
	// now. It reports whether owner holds the lease.
	ClaimWebhook(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error)
	// ReleaseWebhook gives the lease up if owner holds it.
	ReleaseWebhook(ctx context.Context, id int64, owner string) error
	// AdvanceWebhook records that every event up to seq is done, delivered
	// more of them acknowledged by the endpoint, and clears the attempt
	// history. It only moves forward and only for the lease owner
	// (ErrConflict otherwise).
	AdvanceWebhook(ctx context.Context, id int64, owner string, seq int64, delivered int, now time.Time) error
	// FailWebhook records a failed attempt at the next event and when to
	// try again; ErrConflict when owner does not hold the lease.
	FailWebhook(ctx context.Context, id int64, owner, msg string, now, next time.Time) error
}
