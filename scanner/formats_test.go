package scanner

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/reporters"
)

// The acceptance case: the same contacts as .xlsx, .json, .ndjson,
// pg_dump and mysqldump SQL, .csv.gz, a .zip (xlsx and ndjson inside) and
// a .tar.gz of a dump each yield e-mail, phone and IBAN findings; the
// truncated workbook beside them is the one error.
//
// The truncated workbook is made here, not committed beside the others, so
// that `make demo` over testdata/crm reads without errors.
func TestBackupsFolder(t *testing.T) {
	rep := scan(t, testOptions(t), backupsWithTruncated(t))
	byName := map[string]reporters.Source{}
	for _, s := range rep.Sources {
		byName[filepath.Base(s.Name)] = s
	}
	kinds := map[string]string{"contacts.xlsx": "xlsx", "contacts.json": "json", "contacts.ndjson": "json",
		"pg_dump.sql": "sqldump", "mysqldump.sql": "sqldump", "contacts.csv.gz": "archive", "backup.zip": "archive",
		"crm-backup.tar.gz": "archive", "truncated.xlsx": "xlsx"}
	for name, kind := range kinds {
		s, ok := byName[name]
		if !ok {
			t.Errorf("%s: not scanned", name)
			continue
		}
		if s.Kind != kind {
			t.Errorf("%s: kind %q, want %q", name, s.Kind, kind)
		}
		if name == "truncated.xlsx" {
			if s.Error == "" {
				t.Errorf("truncated.xlsx: no error")
			}
			continue
		}
		if s.Error != "" {
			t.Errorf("%s: error %q", name, s.Error)
		}
		found := map[string]bool{}
		for _, f := range rep.Findings {
			if f.Location.Source == s.ID {
				found[f.Rule] = true
			}
		}
		for _, r := range []string{"pii.email", "pii.phone", "pii.iban"} {
			if !found[r] {
				t.Errorf("%s: no %s finding (found %v)", name, r, found)
			}
		}
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Source != byName["truncated.xlsx"].ID {
		t.Errorf("errors = %+v, want the truncated workbook only", rep.Errors)
	}

	// Places: the sheet of a workbook, a member of an archive.
	want := map[string]bool{
		"contacts.xlsx|Contacten|Contacten|Telefoon":                 false,
		"backup.zip|export/contacts.xlsx!Contacten|Contacten|E-mail": false,
		"backup.zip|export/contacts.ndjson||person.contact.email":    false,
		"crm-backup.tar.gz|backup/crm.sql!contacts||iban":            false,
		"contacts.json|contacts.json||person.contact.phones[]":       false,
		"pg_dump.sql|public.contacts||email":                         false,
		"contacts.xlsx|Notities|Notities|Notitie":                    false, // a hidden sheet is scanned
		"contacts.xlsx|Contacten|Contacten|IBAN":                     false, // and a hidden column
		"contacts.csv.gz|contacts.csv||email":                        false,
	}
	for _, f := range rep.Findings {
		k := filepath.Base(f.Location.Path) + "|" + f.Location.Table + "|" + f.Location.Sheet + "|" + f.Location.Column
		if _, ok := want[k]; ok && strings.HasPrefix(f.Rule, "pii.") {
			want[k] = true
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("no finding at %s", k)
		}
	}
	// Telefoon holds numbers (612345678); all 20 read as Dutch phones.
	for _, c := range rep.Columns {
		if c.Table == "Contacten" && c.Column == "Telefoon" && c.Detections["phone"].Count != 20 {
			t.Errorf("Telefoon: %d phones, want 20 (leading zeros restored)", c.Detections["phone"].Count)
		}
		if c.Table == "Contacten" && c.Column == "Geboortedatum" && c.Classification != "date_of_birth" {
			t.Errorf("Geboortedatum classified %q, want date_of_birth (date serials shown as dates)", c.Classification)
		}
	}
}

func TestLegacyFormatsAreRefusedClearly(t *testing.T) {
	dir := t.TempDir()
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	os.WriteFile(filepath.Join(dir, "old.xls"), ole, 0o644)
	custom, err := os.ReadFile("sqldump/testdata/pg_dump.custom")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "crm.dump"), custom, 0o644)
	os.WriteFile(filepath.Join(dir, "image.png"), []byte("\x89PNG\r\n\x1a\n...."), 0o644)
	rep := scan(t, testOptions(t), dir)
	msgs := map[string]string{}
	for _, s := range rep.Sources {
		msgs[filepath.Base(s.Name)] = s.Error
	}
	if !strings.Contains(msgs["old.xls"], ".xls") || !strings.Contains(msgs["old.xls"], "not supported") {
		t.Errorf("old.xls: error %q, want legacy .xls not supported", msgs["old.xls"])
	}
	if !strings.Contains(msgs["crm.dump"], "pg_restore -f") {
		t.Errorf("crm.dump: error %q, want a pg_restore hint", msgs["crm.dump"])
	}
	if _, ok := msgs["image.png"]; ok || rep.Scan.FilesSkipped != 1 {
		t.Errorf("image.png read (skipped %d), want it skipped and counted", rep.Scan.FilesSkipped)
	}
}

// deflateZeros returns a raw deflate stream of about n bytes c, built
// from one flushed segment repeated (each refers back only to the bytes c
// before it), so that a 10 GB bomb takes milliseconds to make.
func deflateZeros(n int64, c byte) []byte {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	fw.Write(chunk)
	fw.Flush()
	first := len(b.Bytes())
	fw.Write(chunk)
	fw.Flush()
	seg := append([]byte(nil), b.Bytes()[first:]...)
	out := append([]byte(nil), b.Bytes()[:first]...)
	for done := int64(2 << 20); done < n; done += 1 << 20 {
		out = append(out, seg...)
	}
	b.Reset()
	fw.Close() // the final, empty block
	return append(out, b.Bytes()...)
}

func TestZipBombIsStopped(t *testing.T) {
	const size = 10 << 30
	raw := deflateZeros(size, '0')
	dir := t.TempDir()

	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "zeros.csv", Method: zip.Deflate,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	zw.Close()
	os.WriteFile(filepath.Join(dir, "bomb.zip"), zb.Bytes(), 0o644)

	// a gzip of the same stream, whose size no header tells
	var gb bytes.Buffer
	gb.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	gb.Write(raw)
	gb.Write(make([]byte, 8)) // CRC and size, wrong: never reached
	os.WriteFile(filepath.Join(dir, "bomb.csv.gz"), gb.Bytes(), 0o644)

	start := time.Now()
	rep := scan(t, testOptions(t), dir)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("scan took %v, want about a second", d)
	}
	if len(rep.Errors) != 2 {
		t.Fatalf("errors = %+v, want one per bomb", rep.Errors)
	}
	for _, e := range rep.Errors {
		if !strings.Contains(e.Message, "zip bomb") {
			t.Errorf("error %q, want a zip-bomb limit", e.Message)
		}
	}
}

func TestDeeplyNestedArchiveIsStopped(t *testing.T) {
	data := []byte("email\njan@voorbeeld.nl\n")
	name := "contacts.csv"
	for i := 0; i < 20; i++ {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create(name)
		w.Write(data)
		zw.Close()
		data, name = b.Bytes(), fmt.Sprintf("level%d.zip", i)
	}
	path := filepath.Join(t.TempDir(), "nested.zip")
	os.WriteFile(path, data, 0o644)
	start := time.Now()
	rep := scan(t, testOptions(t), path)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("scan took %v", d)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "nested more than") {
		t.Errorf("errors = %+v, want the nesting limit", rep.Errors)
	}
}

func TestEncryptedZipMembers(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"a.csv", "b.csv"} {
		body := []byte("encrypted bytes")
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: n, Method: zip.Store, Flags: 1,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body)), CRC32: crc32.ChecksumIEEE(body)})
		w.Write(body)
	}
	zw.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "secret.zip"), b.Bytes(), 0o644)
	rep := scan(t, testOptions(t), dir)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "2 encrypted") || !strings.Contains(rep.Errors[0].Message, "AP step 7") {
		t.Errorf("errors = %+v, want 2 encrypted members, good for AP step 7", rep.Errors)
	}

	// with a readable member beside them: no error, a detail
	b.Reset()
	zw = zip.NewWriter(&b)
	body := []byte("x")
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "secret.csv", Method: zip.Store, Flags: 1, CompressedSize64: 1, UncompressedSize64: 1, CRC32: crc32.ChecksumIEEE(body)})
	w.Write(body)
	w, _ = zw.Create("open.csv")
	w.Write([]byte("email\njan@voorbeeld.nl\n"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "secret.zip"), b.Bytes(), 0o644)
	rep = scan(t, testOptions(t), dir)
	if len(rep.Errors) != 0 || rep.Sources[0].Details["encrypted_members"] != "1" {
		t.Errorf("errors %+v, details %v, want encrypted_members 1", rep.Errors, rep.Sources[0].Details)
	}
}

func TestGzipOfDumpAndNestedTarGz(t *testing.T) {
	dump, err := os.ReadFile("sqldump/testdata/pg_dump.sql")
	if err != nil {
		t.Fatal(err)
	}
	var gb bytes.Buffer
	gw := gzip.NewWriter(&gb)
	gw.Write(dump)
	gw.Close()
	// a .sql.gz inside a zip
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("db/crm.sql.gz")
	w.Write(gb.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "backup.zip")
	os.WriteFile(path, zb.Bytes(), 0o644)
	rep := scan(t, testOptions(t), path)
	if len(rep.Errors) != 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	ok := false
	for _, f := range rep.Findings {
		if f.Rule == "pii.iban" && f.Location.Table == "db/crm.sql.gz!public.contacts" {
			ok = true
		}
	}
	if !ok {
		t.Errorf("no IBAN finding in db/crm.sql.gz!public.contacts")
	}
}

// backupsWithTruncated copies testdata/crm/backups to a temporary folder and
// adds truncated.xlsx: the first half of contacts.xlsx.
func backupsWithTruncated(t *testing.T) string {
	t.Helper()
	src := "../testdata/crm/backups"
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if e.Name() == "contacts.xlsx" {
			if err := os.WriteFile(filepath.Join(dir, "truncated.xlsx"), b[:len(b)/2], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// A gzip, zstd or bzip2 file whose first block is corrupt is an error for
// that file, never 0 rows and no error (issue 19).
func TestCorruptCompressedFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	garbage := bytes.Repeat([]byte{0xA5, 0x5A, 0x13, 0x37}, 64)
	files := map[string][]byte{
		// a valid gzip header, then no deflate stream
		"contacts.csv.gz": append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, garbage...),
		// the zstd magic, then a broken frame header
		"contacts.csv.zst": append([]byte{0x28, 0xB5, 0x2F, 0xFD, 0xFF, 0xFF}, garbage...),
		// the bzip2 signature, then no block magic
		"contacts.csv.bz2": append([]byte("BZh9"), garbage...),
	}
	for n, b := range files {
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	rep := scan(t, testOptions(t), dir)
	if len(rep.Sources) != 3 {
		t.Fatalf("sources = %+v, want 3", rep.Sources)
	}
	for _, s := range rep.Sources {
		if s.Error == "" {
			t.Errorf("%s: no error, want the corrupt stream named", s.Name)
		}
		if strings.Contains(s.Error, "\xA5") {
			t.Errorf("%s: error quotes the input: %q", s.Name, s.Error)
		}
	}
	if len(rep.Errors) != 3 {
		t.Errorf("errors = %+v, want one per file", rep.Errors)
	}
}

// The attack, smaller: a zip whose 3,000 entries all point at one
// stored 1 MiB member (ratio 1) is refused at once, not read 3,000 times.
func TestOverlappingZipStopsQuickly(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "m0000.csv", Method: zip.Store})
	w.Write([]byte("email\n"))
	w.Write(bytes.Repeat([]byte("jan@voorbeeld.nl\n"), 1<<20/17))
	zw.Close()
	data := b.Bytes()
	cd := bytes.LastIndex(data, []byte("PK\x01\x02"))
	eocd := bytes.LastIndex(data, []byte("PK\x05\x06"))
	entry := data[cd:eocd]
	const n = 3000
	out := append([]byte(nil), data[:cd]...)
	for i := 0; i < n; i++ {
		e := append([]byte(nil), entry...)
		copy(e[46:], fmt.Sprintf("m%04d.csv", i))
		out = append(out, e...)
	}
	end := append([]byte(nil), data[eocd:]...)
	binary.LittleEndian.PutUint16(end[8:], n)
	binary.LittleEndian.PutUint16(end[10:], n)
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(entry)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cd))
	path := filepath.Join(t.TempDir(), "overlap.zip")
	os.WriteFile(path, append(out, end...), 0o644)

	start := time.Now()
	rep := scan(t, testOptions(t), path)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("scan took %v, want well under 10 s", d)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "overlap") {
		t.Errorf("errors = %+v, want overlapping entries refused", rep.Errors)
	}
}

// An archive none of whose members is read (unsupported formats, an
// unsupported compression method) is an error, not an empty source.
func TestArchiveOfUnreadableMembersIsAnError(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("scan.pdf")
	w.Write([]byte("%PDF-1.4 \x00\x01\x02 jan@voorbeeld.nl"))
	body := []byte("email\njan@voorbeeld.nl\n")
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "contacts.csv", Method: 99, // unknown method
		CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body)), CRC32: crc32.ChecksumIEEE(body)})
	w.Write(body)
	zw.Close()
	path := filepath.Join(t.TempDir(), "odd.zip")
	os.WriteFile(path, b.Bytes(), 0o644)
	rep := scan(t, testOptions(t), path)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "2 member(s)") {
		t.Errorf("errors = %+v, want nothing read from 2 members", rep.Errors)
	}
}
