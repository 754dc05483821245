package scanner

import (
	"context"
	"io"
	"strings"

	"github.com/crmscan/crmscan/scanner/source"
	"github.com/crmscan/crmscan/scanner/sqldump"
)

// sqldumpOpener reads SQL dumps (pg_dump plain, mysqldump, SQL Server
// scripts) as backups: each table in the dump is a table of the source. A
// pg_dump custom-format archive is recognised and refused with the command
// that converts it.
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
	return sqldump.Tables(ctx, r, sqldump.Options{Limit: opt.Limit}, func(t *sqldump.Table) error { return fn(t) })
}
