package xlsxsrc

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// serialTimeReference is serialTime as first written, with AddDate: the
// oracle of the faster one, which adds days as 24 hours (UTC has no
// daylight saving).
func serialTimeReference(v float64, date1904, millis bool) time.Time {
	days := math.Floor(v)
	frac := v - days + 1e-9
	base := epoch1900
	if date1904 {
		base = epoch1904
	} else if days < 61 {
		base = base.AddDate(0, 0, 1)
		if days == 60 {
			days = 59
		}
	}
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(frac * 86400e9))
	if millis {
		return t.Truncate(time.Millisecond)
	}
	if t.Nanosecond()/1e6 > 500 {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}

func TestSerialTimeAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vals := []float64{0, 0.5, 1, 59, 59.999, 60, 60.25, 61, 61.5, 29358.75, maxSerial - 1, maxSerial - 1e-7}
	for range 20000 {
		vals = append(vals, rng.Float64()*maxSerial, float64(rng.IntN(maxSerial)), rng.Float64()*100)
	}
	for _, v := range vals {
		for _, d1904 := range []bool{false, true} {
			for _, ms := range []bool{false, true} {
				if got, want := serialTime(v, d1904, ms), serialTimeReference(v, d1904, ms); !got.Equal(want) {
					t.Fatalf("serialTime(%v, %v, %v) = %v, want %v", v, d1904, ms, got, want)
				}
			}
		}
	}
}
