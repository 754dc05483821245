package xlsxsrc

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A dateFmt is a date/time number format compiled to tokens.
type dateFmt struct {
	toks   []dateTok
	ampm   bool // hours shown on a 12-hour clock
	millis bool // a fraction of a second is shown
}

type dateTok struct {
	kind byte   // 'y' 'M' (month) 'd' 'h' 'm' (minute) 's' 'a' (AM/PM) 'f' (fraction) 'H' 'N' 'S' (elapsed h, m, s) or 'l' (literal)
	n    int    // repeat count
	lit  string // literal text, or the AM/PM token as written
}

var (
	monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	dayNames   = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

// compileDate tokenises the first section of a date/time format code.
func compileDate(code string) *dateFmt {
	df := &dateFmt{}
	lit := func(s string) {
		if n := len(df.toks); n > 0 && df.toks[n-1].kind == 'l' {
			df.toks[n-1].lit += s
			return
		}
		df.toks = append(df.toks, dateTok{kind: 'l', lit: s})
	}
	for i := 0; i < len(code); {
		c := code[i]
		lc := c | 0x20
		switch {
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				lit(code[i+1:])
				i = len(code)
				continue
			}
			lit(code[i+1 : i+1+j])
			i += j + 2
		case c == '\\':
			n := nextRune(code, i+1)
			lit(code[i+1 : i+1+n])
			i += 1 + n
		case c == '_':
			lit(" ")
			i += 1 + nextRune(code, i+1)
		case c == '*':
			i += 1 + nextRune(code, i+1)
		case c == '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			in := strings.ToLower(code[i+1 : i+1+j])
			if in != "" && strings.Trim(in, in[:1]) == "" && strings.Contains("hms", in[:1]) {
				df.toks = append(df.toks, dateTok{kind: map[byte]byte{'h': 'H', 'm': 'N', 's': 'S'}[in[0]], n: len(in)})
			}
			i += j + 2
		case strings.HasPrefix(strings.ToUpper(code[i:]), "AM/PM"):
			df.toks = append(df.toks, dateTok{kind: 'a', lit: code[i : i+5]})
			df.ampm = true
			i += 5
		case strings.HasPrefix(strings.ToUpper(code[i:]), "A/P"):
			df.toks = append(df.toks, dateTok{kind: 'a', lit: code[i : i+3]})
			df.ampm = true
			i += 3
		case lc == 'y' || lc == 'm' || lc == 'd' || lc == 'h' || lc == 's':
			j := i
			for j < len(code) && code[j]|0x20 == lc {
				j++
			}
			k := lc
			if lc == 'm' {
				k = 'M'
			}
			df.toks = append(df.toks, dateTok{kind: k, n: j - i})
			i = j
		case c == '.' && i+1 < len(code) && code[i+1] == '0' && df.lastIs('s'):
			j := i + 1
			for j < len(code) && code[j] == '0' {
				j++
			}
			// shown after rounding to the second, as excelize does
			df.toks = append(df.toks, dateTok{kind: 'f', n: j - i - 1})
			i = j
		default:
			lit(code[i : i+1])
			i++
		}
	}
	// m after an hour or before a second is minutes
	for i, t := range df.toks {
		if t.kind != 'M' || t.n > 2 {
			continue
		}
		if p := df.prevUnit(i); p == 'h' || p == 'H' || p == 's' || p == 'S' || p == 'N' {
			df.toks[i].kind = 'm'
		} else if n := df.nextUnit(i); n == 's' || n == 'S' {
			df.toks[i].kind = 'm'
		}
	}
	return df
}

func (df *dateFmt) lastIs(k byte) bool {
	for i := len(df.toks) - 1; i >= 0; i-- {
		if df.toks[i].kind != 'l' {
			return df.toks[i].kind == k || (k == 's' && df.toks[i].kind == 'S')
		}
	}
	return false
}

func (df *dateFmt) prevUnit(i int) byte {
	for j := i - 1; j >= 0; j-- {
		if k := df.toks[j].kind; k != 'l' && k != 'a' && k != 'f' {
			return k
		}
	}
	return 0
}

func (df *dateFmt) nextUnit(i int) byte {
	for j := i + 1; j < len(df.toks); j++ {
		if k := df.toks[j].kind; k != 'l' && k != 'a' && k != 'f' {
			return k
		}
	}
	return 0
}

var (
	epoch1900 = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// maxSerial is 9999-12-31, the last date Excel shows.
const maxSerial = 2958466

// serialTime converts an Excel serial date to a time as excelize does
// (the fraction rounded to the second, unless the format shows less).
func serialTime(v float64, date1904, millis bool) time.Time {
	days := math.Floor(v)
	frac := v - days + 1e-9
	base := epoch1900
	if date1904 {
		base = epoch1904
	} else if days < 61 {
		// before 1900-03-01: Excel counts the 29th of February 1900 that
		// never was; serial 1 is the 1st of January 1900
		base = base.Add(24 * time.Hour)
		if days == 60 {
			days = 59 // shown as the 29th of February, read as the 28th
		}
	}
	// in UTC a day is 86,400 seconds: AddDate without its normalising (in
	// seconds, since 9999 is beyond a Duration)
	t := time.Unix(base.Unix()+int64(days)*86400, 0).UTC().Add(time.Duration(frac * 86400e9))
	if millis {
		return t.Truncate(time.Millisecond)
	}
	if t.Nanosecond()/1e6 > 500 {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}

// appendDate renders the serial v by the format.
func (df *dateFmt) appendDate(dst []byte, v float64, date1904 bool) []byte {
	t := serialTime(v, date1904, df.millis)
	y, m, d := t.Date() // once, not per token
	for _, tk := range df.toks {
		switch tk.kind {
		case 'l':
			dst = append(dst, tk.lit...)
		case 'y':
			if tk.n <= 2 {
				dst = append2(dst, y%100)
			} else {
				dst = strconv.AppendInt(dst, int64(y), 10)
			}
		case 'M':
			switch {
			case tk.n == 1:
				dst = strconv.AppendInt(dst, int64(m), 10)
			case tk.n == 2:
				dst = append2(dst, int(m))
			case tk.n == 3:
				dst = append(dst, monthNames[m-1][:3]...)
			case tk.n == 5:
				dst = append(dst, monthNames[m-1][:1]...)
			default:
				dst = append(dst, monthNames[m-1]...)
			}
		case 'd':
			switch {
			case tk.n == 1:
				dst = strconv.AppendInt(dst, int64(d), 10)
			case tk.n == 2:
				dst = append2(dst, d)
			case tk.n == 3:
				dst = append(dst, dayNames[t.Weekday()][:3]...)
			default:
				dst = append(dst, dayNames[t.Weekday()]...)
			}
		case 'h':
			h := t.Hour()
			if df.ampm {
				h %= 12
				if h == 0 {
					h = 12
				}
			}
			if tk.n == 1 {
				dst = strconv.AppendInt(dst, int64(h), 10)
			} else {
				dst = append2(dst, h)
			}
		case 'm':
			if tk.n == 1 {
				dst = strconv.AppendInt(dst, int64(t.Minute()), 10)
			} else {
				dst = append2(dst, t.Minute())
			}
		case 's':
			if tk.n == 1 {
				dst = strconv.AppendInt(dst, int64(t.Second()), 10)
			} else {
				dst = append2(dst, t.Second())
			}
		case 'f':
			ms := t.Nanosecond() / 1e6
			digits := []byte{byte('0' + ms/100), byte('0' + ms/10%10), byte('0' + ms%10)}
			dst = append(dst, '.')
			dst = append(dst, digits[:min(tk.n, 3)]...)
		case 'a':
			am, pm := "AM", "PM"
			if len(tk.lit) == 3 {
				am, pm = tk.lit[:1], tk.lit[2:]
			} else if tk.lit[0] == 'a' {
				am, pm = "am", "pm"
			}
			if t.Hour() >= 12 {
				dst = append(dst, pm...)
			} else {
				dst = append(dst, am...)
			}
		case 'H', 'N', 'S':
			d := t.Sub(epoch1900)
			if date1904 {
				d = t.Sub(epoch1904)
			}
			var n float64
			switch tk.kind {
			case 'H':
				n = math.Floor(d.Hours())
			case 'N':
				n = math.Floor(d.Minutes())
			default:
				n = math.Floor(d.Seconds())
			}
			dst = strconv.AppendInt(dst, int64(n), 10)
		}
	}
	return dst
}

func append2(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10%10), byte('0'+n%10))
}

// nextRune returns the length of the character at code[i:], 0 at the end.
func nextRune(code string, i int) int {
	if i >= len(code) {
		return 0
	}
	_, n := utf8.DecodeRuneInString(code[i:])
	return n
}
