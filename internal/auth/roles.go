package auth

import "github.com/dateline-news/dateline/internal/store"

// Permission is one thing a role may do.
type Permission string

const (
	PermCreate         Permission = "create"          // create drafts, paste wire copy
	PermEditOwnDraft   Permission = "edit-own-draft"  // edit drafts one wrote
	PermEditAny        Permission = "edit-any"        // edit any story's working copy
	PermPublish        Permission = "publish"         // publish, update, embargo, lift embargo
	PermCorrect        Permission = "correct"         // publish a correction
	PermKill           Permission = "kill"            // kill a story
	PermViewAudit      Permission = "view-audit"      // read the audit log
	PermOwnTokens      Permission = "own-tokens"      // create and revoke one's API tokens
	PermManageAccounts Permission = "manage-accounts" // create, disable accounts
)

// Can reports whether role has permission p. The table:
//
//	permission        reporter editor admin
//	create               x       x      x
//	edit-own-draft       x       x      x
//	edit-any                     x      x
//	publish                      x      x
//	correct                      x      x
//	kill                         x      x
//	view-audit                   x      x
//	own-tokens           x       x      x
//	manage-accounts                     x
func Can(role store.Role, p Permission) bool {
	switch p {
	case PermCreate, PermEditOwnDraft, PermOwnTokens:
		return role.Valid()
	case PermEditAny, PermPublish, PermCorrect, PermKill, PermViewAudit:
		return role == store.RoleEditor || role == store.RoleAdmin
	case PermManageAccounts:
		return role == store.RoleAdmin
	}
	return false
}
