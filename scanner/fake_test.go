package scanner

import (
	"context"

	"github.com/crmscan/crmscan/scanner/source"
)

// fakeTable is a table reader with columns and no rows, for benchmarks of
// the worker alone.
type fakeTable struct{ cols []source.Column }

func (f fakeTable) Name() string                               { return "fake" }
func (f fakeTable) Columns() []source.Column                   { return f.cols }
func (f fakeTable) Next(context.Context) (source.Batch, error) { return nil, source.EOF }
func (f fakeTable) Stats() source.Stats                        { return source.Stats{} }
