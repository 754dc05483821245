package scanner

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/internal/gen"
	"github.com/crmscan/crmscan/scanner/source"
)

// BenchmarkScanCells measures the worker's per-cell work (prefilters,
// detectors, bookkeeping) on the rows of a generated Dutch export, without
// reading or parsing.
func BenchmarkScanCells(b *testing.B) {
	g := gen.New(11)
	var rows [][][]byte
	size := 0
	for i := 0; i < 2000; i++ {
		var r [][]byte
		for _, c := range g.DutchRow(i) {
			r = append(r, []byte(c))
			size += len(c) + 1
		}
		rows = append(rows, r)
	}
	dets := detectors.All()
	w := newWorker(dets, false)
	t := &table{cols: make([]source.Column, len(gen.DutchHeader))}
	for i, h := range gen.DutchHeader {
		t.cols[i].Name = h
	}
	p := newPipeline(testOptions(b), dets, nil)
	t = p.newTable(&srcState{}, 0, fakeTable{t.cols})
	cols := newColStats(len(t.cols) + 1)
	nd := len(dets)
	w.floorT = w.floors.forTable(t, nd) // as worker.run sets them
	w.floor = w.floorT.limits
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for ri, r := range rows {
			for ci, c := range r {
				w.floorCol = ci * nd
				cell := trimSpace(c)
				w.detect(cell, t.ctx[ci], t.gates[ci], &cols[ci], nil)
				w.count(cell, int64(ri), t.ctx[ci], &cols[ci])
			}
		}
	}
}
