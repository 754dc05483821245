package scanner

import (
	"context"
	"io"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
	"github.com/crmscan/crmscan/scanner/sqldump"
)

// Opener reads one kind of file (CSV, Excel, SQL dump, archive...). The core
// owns the walk and the opening of files; an opener says cheaply whether it
// wants a file and then reads what it is handed.
type Opener interface {
	// Kind names the source kind in reports ("csv").
	Kind() string
	// WantsName reports whether a file found in a folder is this kind, from
	// its lower-cased path alone.
	WantsName(lowerPath string) bool
	// WantsHead reports whether a file is this kind, from its first bytes
	// (up to 8 KiB); explicit is true when the user named the file, so that
	// an unusual extension is still tried.
	WantsHead(lowerPath string, head []byte, explicit bool) bool
	// Tables calls fn for each table of the file in turn; fn consumes the
	// table before Tables goes on. An error from fn ends Tables.
	Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error
}

// OpenOptions are the options an opener needs.
type OpenOptions struct {
	Limit int64 // rows per table, 0 = every row
	// SQLCatalog returns the tables that the scan's SQL dumps declare,
	// for a dump whose INSERTs name no columns (built on first call).
	SQLCatalog func() *sqldump.Catalog

	// Database targets only (URLOpener):
	Workers      int           // connections open at once (--workers); 0 = the opener's default
	PasswordEnv  string        // variable holding the password (--password-env); "" = PGPASSWORD and the like
	Views        bool          // read views too (--views)
	Schemas      []string      // schema globs, "!glob" excludes (--schema)
	Tables       []string      // table globs, "!glob" excludes (--table)
	QueryTimeout time.Duration // statement timeout (--query-timeout); 0 = 5 minutes
	// AlsoRead names columns a database source reads although their type
	// is not text (deleted flags, consent booleans): the row rules need them.
	AlsoRead func(column string) bool
	// Keep, when set, chooses the units of a shard (--shard) among those
	// of the target: a database's tables by schema.table. A URL target
	// whose units are not tables (a bucket's objects) passes each unit's
	// location relative to the target (the key below the prefix). nil
	// reads all.
	Keep func(location string) bool
}

// Details is implemented by table readers that can say how they read their
// input (encoding, delimiter, defects tolerated), for the report.
type Details interface {
	Details() map[string]string
}

var openers []Opener

// RegisterOpener adds a source kind. Openers are tried in registration order,
// except that a fallback opener (CSV, which takes any file named explicitly)
// stays behind all the others.
func RegisterOpener(o Opener) {
	i := len(openers)
	if !isFallback(o) {
		for i > 0 && isFallback(openers[i-1]) {
			i--
		}
	}
	openers = append(openers, nil)
	copy(openers[i+1:], openers[i:])
	openers[i] = o
}

// URLOpener reads a target given as a URL (a database: postgres://,
// mysql://, sqlserver://, sqlite://). Its tables are read like a file's.
type URLOpener interface {
	// Kind names the source kind in reports ("postgres").
	Kind() string
	// WantsTarget reports whether the target is this opener's (by scheme,
	// or a path ending in .db/.sqlite for SQLite).
	WantsTarget(target string) bool
	// Redact returns the target as a report may show it: never a password.
	Redact(target string) string
	// Tables calls fn for each table in turn, like Opener.Tables.
	Tables(ctx context.Context, target string, opt OpenOptions, fn func(source.TableReader) error) error
}

var urlOpeners []URLOpener

// RegisterURLOpener adds a kind of URL target.
func RegisterURLOpener(o URLOpener) { urlOpeners = append(urlOpeners, o) }

// urlOpenerFor returns the opener that claims a target, or nil.
func urlOpenerFor(target string) URLOpener {
	for _, o := range urlOpeners {
		if o.WantsTarget(target) {
			return o
		}
	}
	return nil
}
