// Package blobtest fills buckets of the local S3-compatible server and
// Azurite that .ci/setup.d/40-objstore.sh starts, for the object storage
// tests and benchmarks. crmscan itself never writes to a bucket; this is
// test tooling only.
package blobtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"

	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// Open opens the bucket of a target (s3://bucket/prefix?endpoint=...),
// creating it when the server has no such bucket, and returns it with
// the target's prefix.
func Open(ctx context.Context, target string) (*blob.Bucket, string, error) {
	t, err := blobsrc.Parse(target)
	if err != nil {
		return nil, "", err
	}
	b, err := blob.OpenBucket(ctx, t.OpenURL())
	if err != nil {
		return nil, "", err
	}
	if err := create(ctx, b, t.Bucket); err != nil {
		b.Close()
		return nil, "", fmt.Errorf("create %s: %w", t.Base, err)
	}
	return b, t.Prefix, nil
}

// create makes the bucket (S3) or container (Azure) when it is missing.
func create(ctx context.Context, b *blob.Bucket, name string) error {
	var s3c *s3.Client
	if b.As(&s3c) {
		if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)}); err == nil {
			return nil
		}
		_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
		return err
	}
	var cc *container.Client
	if b.As(&cc) {
		_, err := cc.Create(ctx, nil)
		var re *azcore.ResponseError
		if errors.As(err, &re) && re.ErrorCode == "ContainerAlreadyExists" {
			return nil
		}
		return err
	}
	return nil // other drivers (in-memory, file) need no bucket made
}

// SyncDir copies every regular file under dir to the bucket, at prefix +
// its slash-separated path relative to dir, deletes the other objects
// under prefix (left from an older testdata), and returns how many it
// wrote.
func SyncDir(ctx context.Context, b *blob.Bucket, prefix, dir string) (int, error) {
	n := 0
	wrote := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		key := strings.TrimPrefix(prefix+"/"+filepath.ToSlash(rel), "/")
		if prefix == "" || strings.HasSuffix(prefix, "/") {
			key = prefix + filepath.ToSlash(rel)
		}
		if err := b.WriteAll(ctx, key, data, nil); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		wrote[key] = true
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if !wrote[o.Key] {
			if err := b.Delete(ctx, o.Key); err != nil {
				return n, fmt.Errorf("%s: %w", o.Key, err)
			}
		}
	}
}
