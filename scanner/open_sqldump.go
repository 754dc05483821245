package scanner

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/crmscan/crmscan/scanner/source"
	"github.com/crmscan/crmscan/scanner/sqldump"
)

// sqldumpOpener reads SQL dumps (pg_dump plain, mysqldump, SQL Server
// scripts) as backups: each table in the dump is a table of the source. A
// pg_dump custom-format archive is recognised and refused with the command
// that converts it. A dump whose INSERTs name no columns and that declares
// no CREATE TABLE for their table takes the columns of the CREATE TABLE
// of another dump of the scan (OpenOptions.SQLCatalog).
type sqldumpOpener struct{}

var _ Opener = sqldumpOpener{}

func init() { RegisterOpener(sqldumpOpener{}) }

func (sqldumpOpener) Kind() string { return "sqldump" }

func (sqldumpOpener) WantsName(p string) bool {
	return strings.HasSuffix(p, ".sql") || strings.HasSuffix(p, ".dump")
}

func (sqldumpOpener) WantsHead(p string, head []byte, explicit bool) bool {
	return sqldump.IsCustomFormat(head) || sqldump.LooksLikeDump(head)
}

func (sqldumpOpener) Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	if c := ddlCatalog(ctx); c != nil {
		return c.Collect(ctx, r)
	}
	return sqldump.Tables(ctx, r, sqldump.Options{Limit: opt.Limit, Catalog: opt.SQLCatalog}, func(t *sqldump.Table) error { return fn(t) })
}

// ddlKey marks a context in which SQL dumps are read for their
// declarations alone, into the catalog it holds; other files are passed
// over unread.
type ddlKey struct{}

func ddlCatalog(ctx context.Context) *sqldump.Catalog {
	c, _ := ctx.Value(ddlKey{}).(*sqldump.Catalog)
	return c
}

// schemaCatalog is the scan's catalog of the tables its SQL dumps
// declare. It is built on first use only, when a dump's INSERTs name no
// columns and the dump itself declares no CREATE TABLE for the table: a
// pass over every SQL dump of the scan (in folders and archives too) that
// keeps the CREATE TABLE statements and skips the rows unparsed. Memory
// holds the column lists alone.
type schemaCatalog struct {
	once  sync.Once
	ctx   context.Context
	units []unit
	cat   *sqldump.Catalog
}

func (s *schemaCatalog) get() *sqldump.Catalog {
	s.once.Do(func() {
		s.cat = sqldump.NewCatalog()
		ctx := context.WithValue(s.ctx, ddlKey{}, s.cat)
		for i := range s.units {
			if ctx.Err() != nil {
				return
			}
			collectDDL(ctx, &s.units[i])
		}
	})
	return s.cat
}

// collectDDL reads one unit for its declarations; problems are left to
// the reading of the unit itself, which reports them.
func collectDDL(ctx context.Context, u *unit) {
	if u.err != nil || u.url != nil {
		return
	}
	defer func() { recover() }() // the scan's own read reports a panic
	in, closer, err := openUnit(ctx, u, nil)
	if err != nil {
		return
	}
	defer closer.Close()
	head, _ := in.Peek(8 << 10)
	switch op := openerFor(strings.ToLower(u.path), head, u.explicit); op.(type) {
	case sqldumpOpener, archiveOpener:
		op.Tables(ctx, in, baseName(u.path), OpenOptions{}, func(source.TableReader) error { return nil })
	}
}
