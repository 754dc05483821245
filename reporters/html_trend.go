package reporters

import (
	"fmt"
	"strconv"
	"strings"
)

// htmlTrend is the trend of the scans stored in an audit history
// (--history): one line per severity over the scans, as inline SVG, and
// the findings per AP step per scan as a table.
type htmlTrend struct {
	Width, Height, Left, Bottom int
	Max                         int
	Lines                       []htmlTrendLine
	XLabels                     []htmlTrendLabel
	YLabels                     []htmlTrendLabel
	Scans                       []string
	Steps                       []htmlTrendStep
}

type htmlTrendLine struct {
	Name, Label, Points string
	Dots                []htmlTrendLabel
}

type htmlTrendLabel struct {
	X, Y int
	Text string
}

type htmlTrendStep struct {
	Step   int
	Title  string
	Counts []string
}

// trendOf lays out the chart; nil for fewer than two stored scans.
func trendOf(l string, r *Report, stepTitle map[int]string) *htmlTrend {
	if len(r.Trend) < 2 {
		return nil
	}
	t := &htmlTrend{Width: 640, Height: 220, Left: 44, Bottom: 190}
	for _, p := range r.Trend {
		for _, n := range p.BySeverity {
			t.Max = max(t.Max, n)
		}
	}
	t.Max = max(t.Max, 1)
	n := len(r.Trend)
	x := func(i int) int { return t.Left + 10 + i*(t.Width-t.Left-30)/(n-1) }
	y := func(v int) int { return t.Bottom - v*(t.Bottom-20)/t.Max }
	for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
		var pts []string
		var dots []htmlTrendLabel
		any := false
		for i, p := range r.Trend {
			v := p.BySeverity[sev]
			any = any || v > 0
			pts = append(pts, fmt.Sprintf("%d,%d", x(i), y(v)))
			dots = append(dots, htmlTrendLabel{X: x(i), Y: y(v), Text: strconv.Itoa(v)})
		}
		if any {
			t.Lines = append(t.Lines, htmlTrendLine{Name: sev, Label: SeverityLabel(l, sev), Points: strings.Join(pts, " "), Dots: dots})
		}
	}
	for i, p := range r.Trend {
		date := p.Started
		if len(date) >= 10 {
			date = date[:10]
		}
		label := fmt.Sprintf("#%d %s", p.Scan, date)
		t.Scans = append(t.Scans, label)
		t.XLabels = append(t.XLabels, htmlTrendLabel{X: x(i), Y: t.Bottom + 18, Text: date})
	}
	for _, v := range []int{0, t.Max / 2, t.Max} {
		t.YLabels = append(t.YLabels, htmlTrendLabel{X: t.Left - 6, Y: y(v) + 4, Text: strconv.Itoa(v)})
	}
	for step := 1; step <= 10; step++ {
		row := htmlTrendStep{Step: step, Title: stepTitle[step]}
		seen := false
		for _, p := range r.Trend {
			c := p.ByStep[strconv.Itoa(step)]
			seen = seen || c > 0
			row.Counts = append(row.Counts, groupIn(l, int64(c)))
		}
		if seen {
			t.Steps = append(t.Steps, row)
		}
	}
	return t
}
