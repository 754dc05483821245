package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/scanner/archive"
	"github.com/crmscan/crmscan/scanner/source"
)

// archiveOpener reads archives and compressed files (zip, tar, gzip, zstd,
// xz, bzip2), nested, streaming each member to the opener its content calls
// for; a member's tables are named by their place in the archive
// ("export/contacts.xlsx!Sheet1"). Limits against zip bombs hold over the
// whole file with everything nested in it.
type archiveOpener struct{}

var _ Opener = archiveOpener{}

func init() { RegisterOpener(archiveOpener{}) }

func (archiveOpener) Kind() string { return "archive" }

var archiveExts = []string{".zip", ".gz", ".tgz", ".tar", ".zst", ".zstd", ".xz", ".txz", ".bz2", ".tbz2", ".tzst"}

func (archiveOpener) WantsName(p string) bool {
	for _, e := range archiveExts {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}

func (archiveOpener) WantsHead(p string, head []byte, explicit bool) bool {
	// a workbook is a zip too, and the xlsx opener's
	return archive.Kind(head) != "" && !(xlsxOpener{}).WantsHead(p, head, explicit)
}

// archiveLimits are the limits of every scan; tests lower them.
var archiveLimits = archive.DefaultLimits

type budgetKey struct{}

// errNothingRead is wrapped by the error of an archive none of whose
// members could be read.
var errNothingRead = errors.New("nothing read")

// ErrArchiveEncrypted is wrapped by the error of an archive whose members
// are all encrypted.
var errAllEncrypted = archive.ErrEncrypted

func (o archiveOpener) Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	b, _ := ctx.Value(budgetKey{}).(*archive.Budget)
	if b == nil {
		b = archive.NewBudget(archiveLimits)
		ctx = context.WithValue(ctx, budgetKey{}, b)
	}
	if err := b.Enter(); err != nil {
		return err
	}
	defer b.Leave()

	var head []byte
	if pk, ok := r.(interface{ Peek(int) ([]byte, error) }); ok {
		head, _ = pk.Peek(512)
	} else {
		br := bufio.NewReaderSize(r, 64<<10)
		head, _ = br.Peek(512)
		r = br
	}
	kind := archive.Kind(head)
	if archive.Compressed(kind) {
		dec, done, err := b.Decompress(kind, name, r)
		if err != nil {
			return err
		}
		defer done()
		err = openStream(ctx, dec, archive.InnerName(name), opt, fn)
		if berr := b.Err(); berr != nil {
			return berr
		}
		if errors.Is(err, errNoOpener) {
			return fmt.Errorf("%s: %w", archive.InnerName(name), err)
		}
		return err
	}

	var (
		tables    int
		failed    []string
		firstErr  error
		skipped   int
		extra     map[string]string
		encrypted int
	)
	member := func(mname string, mr io.Reader) error {
		label := archive.Label(mname)
		err := openStream(ctx, mr, label, opt, func(t source.TableReader) error {
			tables++
			n := label
			if t.Name() != label && t.Name() != archive.InnerName(label) {
				n = label + "!" + t.Name()
			}
			return fn(renamed{TableReader: t, name: n, extra: extra})
		})
		if berr := b.Err(); berr != nil {
			return fmt.Errorf("%s: %w", label, berr)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case err == nil:
		case errors.Is(err, errNoOpener):
			skipped++
		default:
			failed = append(failed, label)
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: %w", label, err)
			}
		}
		return nil
	}

	var err error
	switch kind {
	case "zip":
		var z *archive.Zip
		z, err = b.OpenZip(r)
		if err != nil {
			return err
		}
		if encrypted = z.Stats.Encrypted; encrypted > 0 {
			extra = map[string]string{"encrypted_members": strconv.Itoa(encrypted)}
		}
		err = z.Each(ctx, member)
		skipped += z.Stats.Skipped
	case "tar":
		_, err = b.Tar(ctx, r, member)
	default:
		return errNoOpener
	}
	if err != nil {
		return err
	}
	if encrypted > 0 && tables == 0 && firstErr == nil {
		return fmt.Errorf("%d encrypted member(s) not read (%w: good practice for AP step 7, data breach notification)", encrypted, errAllEncrypted)
	}
	if tables == 0 && skipped > 0 && firstErr == nil {
		// a non-empty archive of which nothing could be read must not
		// pass for an empty one
		return fmt.Errorf("%w: none of its %d member(s) is in a format crmscan reads (or their compression is unsupported)", errNothingRead, skipped)
	}
	if firstErr != nil {
		if len(failed) > 1 {
			return fmt.Errorf("%w (and %d more members that could not be read)", firstErr, len(failed)-1)
		}
		return firstErr
	}
	return nil
}
