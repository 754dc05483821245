package scanner

import (
	"context"

	"github.com/crmscan/crmscan/scanner/dbsrc"
	"github.com/crmscan/crmscan/scanner/source"
)

// dbOpener reads one kind of live database (postgres, mysql, sqlserver,
// sqlite) through scanner/dbsrc.
type dbOpener struct{ kind string }

var _ URLOpener = dbOpener{}

func init() {
	for _, k := range dbsrc.Kinds() {
		RegisterURLOpener(dbOpener{kind: k})
	}
}

func (o dbOpener) Kind() string { return o.kind }

// WantsTarget claims a URL by its scheme, and for SQLite an existing file
// ending in .db, .sqlite or .sqlite3.
func (o dbOpener) WantsTarget(target string) bool { return dbsrc.KindOf(target) == o.kind }

// Redact replaces the password with "xxxxx".
func (o dbOpener) Redact(target string) string { return dbsrc.Redact(target) }

// Tables reads the database's tables, several at once on their own
// connections, and hands them to fn one by one. A table that cannot be
// read is an error for that table; the others are still read, and the
// errors come back joined at the end.
func (o dbOpener) Tables(ctx context.Context, target string, opt OpenOptions, fn func(source.TableReader) error) error {
	return dbsrc.Scan(ctx, target, dbsrc.Options{
		Limit: opt.Limit, Workers: opt.Workers, PasswordEnv: opt.PasswordEnv, Views: opt.Views,
		Schemas: opt.Schemas, Tables: opt.Tables, QueryTimeout: opt.QueryTimeout, AlsoRead: opt.AlsoRead, Keep: opt.Keep,
	}, fn)
}
