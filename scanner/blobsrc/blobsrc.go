// Package blobsrc reads targets in object storage (s3://bucket/prefix,
// gs://bucket/prefix, azblob://container/prefix) through gocloud.dev/blob:
// one API over the three clouds, with each SDK's standard credential
// chain (environment, shared config files, instance or workload identity).
// It lists a target's objects page by page and gives random access to an
// object by range reads, for formats that need it (a zip's central
// directory sits at its end). It knows nothing of file formats.
package blobsrc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"

	"gocloud.dev/blob"
	// The three drivers the command line promises. Each registers its
	// scheme on blob.DefaultMux; gs:// buckets are opened by openGCS.
	_ "gocloud.dev/blob/azureblob"
	"gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/s3blob"
	"gocloud.dev/gcp"
	"google.golang.org/api/option"
)

// schemes are the URL schemes of object storage targets.
var schemes = []string{"s3://", "gs://", "azblob://"}

// RegisterScheme makes targets of another scheme object storage targets,
// for a gocloud driver registered on blob.DefaultURLMux under that scheme
// (tests use an in-memory bucket this way).
func RegisterScheme(scheme string) { schemes = append(schemes, strings.ToLower(scheme)+"://") }

// IsTarget reports whether a target names object storage.
func IsTarget(target string) bool {
	lower := strings.ToLower(target)
	for _, s := range schemes {
		if strings.HasPrefix(lower, s) {
			return true
		}
	}
	return false
}

// Target is a parsed object storage target.
type Target struct {
	Scheme string // "s3", "gs", "azblob"
	Bucket string // bucket or container
	// Prefix is the key prefix to list ("" for the whole bucket).
	Prefix string
	// Base is what every object's location starts with: scheme, bucket
	// and a slash ("s3://demo/"). It holds no query parameter, so no
	// secret, and is the same whatever endpoint or region was given.
	Base string
	// open is the URL gocloud opens: the bucket with the query
	// parameters it understands (endpoint, region, use_path_style...),
	// without the prefix.
	open string
}

// Parse splits a target into bucket, prefix and the URL to open. The
// prefix is the URL's path; gocloud's own "prefix" parameter is taken as
// the prefix too, so that locations always carry the whole key.
func Parse(target string) (Target, error) {
	u, err := url.Parse(target)
	if err != nil {
		return Target{}, fmt.Errorf("not a valid object storage URL: %s", Redact(target))
	}
	t := Target{Scheme: strings.ToLower(u.Scheme), Bucket: u.Host}
	if t.Bucket == "" {
		return Target{}, fmt.Errorf("no bucket in %s", Redact(target))
	}
	if u.User != nil {
		return Target{}, fmt.Errorf("credentials do not belong in an object storage URL (%s): they come from the cloud's standard chain", Redact(target))
	}
	t.Prefix = strings.TrimPrefix(u.Path, "/")
	q := u.Query()
	if p := q.Get("prefix"); p != "" {
		t.Prefix = strings.TrimPrefix(p, "/") + t.Prefix
		q.Del("prefix")
	}
	t.Base = t.Scheme + "://" + t.Bucket + "/"
	o := url.URL{Scheme: t.Scheme, Host: t.Bucket, RawQuery: q.Encode()}
	t.open = o.String()
	return t, nil
}

// OpenURL is the URL that gocloud opens for the target's bucket (for
// tools that fill a test bucket; crmscan itself only reads).
func (t Target) OpenURL() string { return t.open }

// Location is the path a report shows for an object: scheme, bucket, key.
func (t Target) Location(key string) string { return t.Base + key }

// Rel is an object's key relative to the target, as a folder scan has a
// file's path relative to the folder: the key without the prefix's
// folder part ("exports/" of s3://b/exports/ or of s3://b/exports/2024-).
// --include and --exclude match it, and finding fingerprints use it, so
// that a bucket holding a copy of a folder gives the folder's findings.
func (t Target) Rel(key string) string {
	if i := strings.LastIndexByte(t.Prefix, '/'); i >= 0 && strings.HasPrefix(key, t.Prefix[:i+1]) {
		return key[i+1:]
	}
	return key
}

// secretParams are query parameter names (lower case) whose values are
// secrets or may be: never shown. gocloud takes no secret from a URL, but
// a user may paste a SAS token or a pre-signed URL's signature.
var secretParams = []string{"secret", "key", "token", "sig", "signature", "password", "credential", "sas", "auth"}

func isSecretParam(name string) bool {
	n := strings.ToLower(name)
	if n == "kmskeyid" { // names a key, is not one
		return false
	}
	for _, s := range secretParams {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// Redact returns the target as a report may show it: user information
// and the values of query parameters that may be secrets replaced by
// "xxxxx". A target that does not parse is reduced to its scheme and host.
func Redact(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		i := strings.Index(target, "://")
		if i < 0 {
			return "xxxxx"
		}
		rest := target[i+3:]
		if j := strings.IndexAny(rest, "/?@"); j >= 0 {
			rest = rest[:j]
		}
		return target[:i+3] + rest + "/xxxxx"
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	if u.RawQuery != "" {
		// parameter by parameter, so that the rest reads as it was given
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, found := strings.Cut(p, "=")
			if uk, err := url.QueryUnescape(k); err == nil {
				k = uk
			}
			if found && isSecretParam(k) {
				parts[i] = p[:strings.IndexByte(p, '=')+1] + "xxxxx"
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	return u.String()
}

// scrub removes a target's secrets from an error text: the SDKs and
// gocloud quote the URL they were given in some errors.
func scrub(err error, target string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := Redact(target)
	changed := false
	if target != red && strings.Contains(msg, target) {
		msg, changed = strings.ReplaceAll(msg, target, red), true
	}
	if u, perr := url.Parse(target); perr == nil {
		for k, vs := range u.Query() {
			if !isSecretParam(k) {
				continue
			}
			for _, v := range vs {
				if len(v) >= 4 && strings.Contains(msg, v) {
					msg, changed = strings.ReplaceAll(msg, v, "xxxxx"), true
				}
				if e := url.QueryEscape(v); len(v) >= 4 && strings.Contains(msg, e) {
					msg, changed = strings.ReplaceAll(msg, e, "xxxxx"), true
				}
			}
		}
		if p, ok := u.User.Password(); ok && len(p) >= 4 && strings.Contains(msg, p) {
			msg, changed = strings.ReplaceAll(msg, p, "xxxxx"), true
		}
	}
	if !changed {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

// scrubbed is an error whose text had secrets taken out; Unwrap keeps
// errors.Is working for callers (context.Canceled, not found).
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// Bucket is an open target.
type Bucket struct {
	Target
	b   *blob.Bucket
	raw string // the target as given, to scrub errors
}

// Open opens a target's bucket. Nothing is read yet: a bucket that does
// not exist or credentials that do not work show in the first List.
func Open(ctx context.Context, target string) (*Bucket, error) {
	t, err := Parse(target)
	if err != nil {
		return nil, err
	}
	var b *blob.Bucket
	if t.Scheme == gcsblob.Scheme {
		b, err = openGCS(ctx, t.open)
	} else {
		b, err = blob.OpenBucket(ctx, t.open)
	}
	if err != nil {
		return nil, scrub(fmt.Errorf("open %s: %w", t.Base, err), target)
	}
	return &Bucket{Target: t, b: b, raw: target}, nil
}

// errNoGCSCredentials is openGCS's error when Google's standard chain
// finds no credentials.
var errNoGCSCredentials = errors.New("no Google Cloud credentials (GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login` or a metadata server); add ?anonymous=true to the target for a public bucket")

// openGCS opens a gs:// bucket as gocloud's own opener for the scheme
// does (the standard credential chain, the universe domain, the emulator
// of STORAGE_EMULATOR_HOST, ?anonymous=true), but says nothing: gocloud's
// writes a warning on standard output when the chain finds no
// credentials, into a report written there (-f json, -f sarif), and goes
// on with empty ones, whose failure shows later as a private key that
// does not parse. Here that is an error for the target, which says what
// to do.
func openGCS(ctx context.Context, raw string) (*blob.Bucket, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	if q.Get("anonymous") == "true" || q.Get("access_id") == "-" ||
		os.Getenv("STORAGE_EMULATOR_HOST") != "" || os.Getenv("STORAGE_EMULATOR_HOST_GRPC") != "" {
		// No credentials asked for: gocloud makes an unauthenticated
		// client for these itself.
		return (&gcsblob.URLOpener{Client: gcp.NewAnonymousHTTPClient(gcp.DefaultTransport())}).OpenBucketURL(ctx, u)
	}
	creds, err := gcp.DefaultCredentials(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoGCSCredentials, err)
	}
	client, err := gcp.NewHTTPClient(gcp.DefaultTransport(), creds.TokenSource)
	if err != nil {
		return nil, err
	}
	var opts gcsblob.Options
	if ud, err := creds.GetUniverseDomain(); err == nil && ud != "" {
		opts.ClientOptions = append(opts.ClientOptions, option.WithUniverseDomain(ud))
	}
	return (&gcsblob.URLOpener{Client: client, TokenSource: gcp.CredentialsTokenSource(creds), Options: opts}).OpenBucketURL(ctx, u)
}

// Close releases the bucket's clients.
func (b *Bucket) Close() error { return b.b.Close() }

// Object is one listed object.
type Object struct {
	Key  string
	Size int64
}

// PageSize is the number of objects asked for per listing request (the
// largest page S3 and Azure return).
const PageSize = 1000

// List calls fn for every object under the prefix, in key order, a page
// at a time: memory holds one page of the listing, whatever the size of
// the bucket. "Folder" marker objects (keys ending in "/") are passed
// over. An error from fn ends the listing and is returned.
func (b *Bucket) List(ctx context.Context, fn func(Object) error) error {
	opts := &blob.ListOptions{Prefix: b.Prefix}
	token := blob.FirstPageToken
	for {
		page, next, err := b.b.ListPage(ctx, token, PageSize, opts)
		if err != nil {
			return b.describe("list", err)
		}
		for _, o := range page {
			if o.IsDir || strings.HasSuffix(o.Key, "/") {
				continue
			}
			if err := fn(Object{Key: o.Key, Size: o.Size}); err != nil {
				return err
			}
		}
		if len(next) == 0 {
			return nil
		}
		token = next
	}
}

// describe words an SDK error for a report: the kind of failure first
// (gocloud's portable codes), then the SDK's text without secrets.
func (b *Bucket) describe(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return scrub(fmt.Errorf("%s %s: %w", op, b.Base, err), b.raw)
}

// Input is an open object: a stream from its start, and random access by
// range reads for the formats that need it.
type Input struct {
	io.Reader
	ra   *rangeReaderAt
	r    *blob.Reader
	size int64
}

// OpenObject opens an object for reading.
func (b *Bucket) OpenObject(ctx context.Context, key string) (*Input, error) {
	r, err := b.b.NewReader(ctx, key, nil)
	if err != nil {
		return nil, b.describe("read", err)
	}
	in := &Input{r: r, size: r.Size()}
	in.Reader = errReader{r: r, b: b}
	in.ra = &rangeReaderAt{ctx: ctx, b: b, key: key, size: in.size}
	return in, nil
}

// Size is the object's size in bytes.
func (in *Input) Size() int64 { return in.size }

// ReadAt reads from any offset (see rangeReaderAt).
func (in *Input) ReadAt(p []byte, off int64) (int, error) { return in.ra.ReadAt(p, off) }

// Close closes the stream and any open range read.
func (in *Input) Close() error {
	in.ra.close()
	return in.r.Close()
}

// errReader scrubs the errors of a stream.
type errReader struct {
	r io.Reader
	b *Bucket
}

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		err = e.b.describe("read", err)
	}
	return n, err
}

// rangeReaderAt is an io.ReaderAt over an object. Each read at a new
// offset opens a range read from there to the end of the object and keeps
// it open: archive/zip and the decompressors behind it read a member
// through small sequential ReadAt calls, which then continue one HTTP
// response instead of costing a request each. Up to rangeStreams such
// reads stay open at once, for readers of several members side by side
// (a workbook's shared strings load while its sheet is read); a read
// that continues none of them replaces the one used longest ago. Reads
// of different streams run in parallel.
type rangeReaderAt struct {
	ctx  context.Context
	b    *Bucket
	key  string
	size int64

	mu      sync.Mutex
	streams [rangeStreams]rangeStream
	tick    uint64
	opens   int // range reads opened, for the tests
}

// rangeStreams is how many range reads an object keeps open.
const rangeStreams = 4

// rangeStream is an open range read: r's next byte is at pos.
type rangeStream struct {
	r    *blob.Reader
	pos  int64
	used uint64 // tick of the last read
	busy bool   // a ReadAt is reading it
}

func (ra *rangeReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= ra.size {
		return 0, io.EOF
	}
	ra.mu.Lock()
	s := ra.claimLocked(off)
	if s != nil && (s.r == nil || s.pos != off) {
		ra.opens++
	}
	ra.mu.Unlock()
	if s == nil {
		// More parallel reads than streams: one of its own.
		s = &rangeStream{}
		defer s.close()
	} else {
		defer func() {
			ra.mu.Lock()
			ra.tick++
			s.used, s.busy = ra.tick, false
			ra.mu.Unlock()
		}()
	}
	if s.r == nil || s.pos != off {
		s.close()
		r, err := ra.b.b.NewRangeReader(ra.ctx, ra.key, off, -1, nil)
		if err != nil {
			return 0, ra.b.describe("read", err)
		}
		s.r, s.pos = r, off
	}
	n, err := io.ReadFull(s.r, p)
	s.pos += int64(n)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		// the end of the object: what io.ReaderAt says with io.EOF
		s.close()
		if n < len(p) {
			return n, io.EOF
		}
		return n, nil
	case err != nil:
		s.close()
		return n, ra.b.describe("read", err)
	}
	return n, nil
}

// claimLocked marks busy and returns the stream for a read at off: the
// one that continues there, else an unopened one, else the one used
// longest ago; nil when every stream is busy.
func (ra *rangeReaderAt) claimLocked(off int64) *rangeStream {
	var pick *rangeStream
	for i := range ra.streams {
		s := &ra.streams[i]
		if s.busy {
			continue
		}
		if s.r != nil && s.pos == off {
			pick = s
			break
		}
		if pick == nil || pick.r != nil && (s.r == nil || s.used < pick.used) {
			pick = s
		}
	}
	if pick != nil {
		pick.busy = true
	}
	return pick
}

func (ra *rangeReaderAt) close() {
	ra.mu.Lock()
	for i := range ra.streams {
		ra.streams[i].close()
	}
	ra.mu.Unlock()
}

func (s *rangeStream) close() {
	if s.r != nil {
		s.r.Close()
		s.r = nil
	}
}
