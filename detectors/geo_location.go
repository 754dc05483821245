package detectors

import (
	"encoding/binary"
	"math"
	"strconv"
)

// GeoLocation finds geographic coordinates precise enough to point at a
// building: a latitude/longitude pair in one cell ("52.3702, 4.8952",
// "52.370216,4.895168", "-33.8688 151.2093", WKT "POINT(4.8952 52.3702)";
// in a location column also the binary point of a GEOMETRY column),
// and, in a column whose name says latitude or longitude (lat, lng,
// Location__Latitude__s), a single coordinate; a table with such a pair of
// columns holds one position per row.
//
// A pair needs two decimals on both numbers in a coordinate column (52.37,
// 4.89 is a street), four in free text or another column, where two numbers
// with decimals are more often amounts or versions. Latitudes lie in
// -90..90 and longitudes in -180..180; whole numbers and 0,0 are no
// position.
type GeoLocation struct{}

var _ Detector = GeoLocation{}

func init() { Register(GeoLocation{}) }

// ID returns "geo_location".
func (GeoLocation) ID() string { return "geo_location" }

// Priority ranks coordinates above phone numbers and dates, whose digits
// they could share, and below the identifiers with a checksum.
func (GeoLocation) Priority() int { return priorityOf("geo_location") }

var geoHint = specHint("geo_location")

// ColumnHint reports names such as latitude, lng, geo_location,
// coordinates, breedtegraad.
func (GeoLocation) ColumnHint(column string) bool { return geoHint.match(column) }

// Prefilter implements Detector: three digits and a decimal point, but in
// a location column any cell, which may be a binary point.
func (GeoLocation) Prefilter() Prefilter {
	// Outside a location column only a pair of coordinates with decimals
	// is read: as text, with four decimals each, or as WKT's POINT(lon
	// lat), with two.
	return Prefilter{MinLen: 4, NoHintDigits: 3, NoHintAll: ShapeDot, NoHintDecimals: 2}
}

// geoAxis says which coordinate a column's name gives alone: 'a' for a
// latitude, 'o' for a longitude, 0 when neither.
func geoAxis(column string) byte {
	for _, tok := range columnTokens(column) {
		switch tok {
		case "lat", "latitude", "breedtegraad", "breitengrad":
			return 'a'
		case "lng", "lon", "long", "longitude", "lengtegraad", "laengengrad":
			return 'o'
		}
	}
	return 0
}

// Find returns the coordinates in the cell.
func (GeoLocation) Find(cell []byte, ctx Context, out []Match) []Match {
	minDec := 4
	if ctx.Hint {
		minDec = 2
	}
	if ctx.Hint {
		if lon, lat, ok := wkbPoint(cell); ok && plausiblePair(lat, lon, 2, 2, 2) && hasFraction(lat) && hasFraction(lon) {
			// The cell is binary: Normalized is the point as text.
			norm := ""
			if !ctx.SkipNormalized {
				norm = strconv.FormatFloat(lat, 'f', 4, 64) + "," + strconv.FormatFloat(lon, 'f', 4, 64)
			}
			return append(out, Match{Start: 0, End: len(cell), Normalized: norm, Confidence: High, WholeCell: true})
		}
	}
	start, end := trimBlank(cell)
	// WKT: POINT(lon lat)
	if end-start > 10 && hasPrefixFold(cell[start:], "point") {
		p := start + 5
		for p < end && cell[p] == ' ' {
			p++
		}
		if p < end && cell[p] == '(' && cell[end-1] == ')' {
			lon, e1, d1, ok1 := readCoord(cell, p+1)
			q := e1
			for q < end && cell[q] == ' ' {
				q++
			}
			lat, e2, d2, ok2 := readCoord(cell, q)
			if ok1 && ok2 && q > e1 && e2 == end-1 && plausiblePair(lat, lon, d2, d1, 2) {
				return append(out, Match{Start: start, End: end, Normalized: ctx.norm(cell[start:end]), Confidence: High, WholeCell: true})
			}
		}
	}
	if ctx.Hint {
		if axis := geoAxis(ctx.Column); axis != 0 {
			// A single coordinate in a latitude or longitude column.
			v, e, dec, ok := readCoord(cell, start)
			if ok && e == end && dec >= 3 && v != 0 && (axis == 'a' && v >= -90 && v <= 90 || axis == 'o' && v >= -180 && v <= 180) {
				return append(out, Match{Start: start, End: end, Normalized: ctx.norm(cell[start:end]), Confidence: Medium, WholeCell: true})
			}
			return out
		}
	}
	for i := 0; i < len(cell); i++ {
		c := cell[i]
		if !isDigit(c) && c != '-' || i > 0 && (isWordByte(cell[i-1]) || cell[i-1] == '.' || cell[i-1] == '-' || cell[i-1] == ',') {
			continue
		}
		lat, e1, d1, ok := readCoord(cell, i)
		if !ok {
			continue
		}
		// Separator: ", " "," ";" " " or " / ".
		q := e1
		for q < len(cell) && q-e1 < 3 && (cell[q] == ' ' || cell[q] == ',' || cell[q] == ';' || cell[q] == '/') {
			q++
		}
		if q == e1 || q-e1 == 3 {
			i = e1
			continue
		}
		lon, e2, d2, ok := readCoord(cell, q)
		if !ok || e2 < len(cell) && (isWordByte(cell[e2]) || (cell[e2] == '.' || cell[e2] == ',') && e2+1 < len(cell) && isDigit(cell[e2+1])) {
			i = e1
			continue
		}
		if plausiblePair(lat, lon, d1, d2, minDec) {
			conf := Medium
			whole := isWholeCell(cell, i, e2)
			if ctx.Hint || d1 >= 4 && d2 >= 4 && whole {
				conf = High
			}
			out = append(out, Match{Start: i, End: e2, Normalized: ctx.norm(cell[i:e2]), Confidence: conf, WholeCell: whole})
			i = e2
			continue
		}
		i = e1
	}
	return out
}

// wkbPoint reads a binary point as databases store a GEOMETRY column (and
// a MySQL dump writes it as a 0x... literal): well-known binary of a 2-D
// point, optionally after MySQL's 4-byte SRID, in either byte order. It
// returns x (the longitude) and y (the latitude).
func wkbPoint(cell []byte) (x, y float64, ok bool) {
	switch len(cell) {
	case 25:
		cell = cell[4:] // MySQL: SRID first
	case 21:
	default:
		return 0, 0, false
	}
	var order binary.ByteOrder
	switch {
	case cell[0] == 1 && cell[1] == 1 && cell[2] == 0 && cell[3] == 0 && cell[4] == 0:
		order = binary.LittleEndian
	case cell[0] == 0 && cell[1] == 0 && cell[2] == 0 && cell[3] == 0 && cell[4] == 1:
		order = binary.BigEndian
	default:
		return 0, 0, false
	}
	x = math.Float64frombits(order.Uint64(cell[5:13]))
	y = math.Float64frombits(order.Uint64(cell[13:21]))
	return x, y, !math.IsNaN(x) && !math.IsNaN(y)
}

// hasFraction reports a number that is not whole: a point on a whole
// degree is a placeholder, not a position.
func hasFraction(v float64) bool { return v != math.Trunc(v) }

// plausiblePair reports a latitude and a longitude in range, with at least
// minDec decimals each, not both zero.
func plausiblePair(lat, lon float64, dLat, dLon, minDec int) bool {
	return dLat >= minDec && dLon >= minDec && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 &&
		!(lat == 0 && lon == 0)
}

// readCoord reads a decimal number with a point (-33.8688) at cell[i]: its
// value, the offset after it, its number of decimals (at most 12), and
// whether it is one: one to three integer digits, a point and a decimal.
func readCoord(cell []byte, i int) (v float64, end, decimals int, ok bool) {
	neg := false
	if i < len(cell) && cell[i] == '-' {
		neg = true
		i++
	}
	p := i
	ip := 0
	for p < len(cell) && isDigit(cell[p]) && p-i < 4 {
		ip = ip*10 + int(cell[p]-'0')
		p++
	}
	if p == i || p-i > 3 || p >= len(cell) || cell[p] != '.' {
		return 0, 0, 0, false
	}
	p++
	frac, scale := 0.0, 1.0
	q := p
	for q < len(cell) && isDigit(cell[q]) {
		if q-p < 12 {
			frac = frac*10 + float64(cell[q]-'0')
			scale *= 10
		}
		q++
	}
	if q == p || q-p > 12 {
		return 0, 0, 0, false
	}
	v = float64(ip) + frac/scale
	if neg {
		v = -v
	}
	return v, q, q - p, true
}

// Mask keeps the whole degrees: 52.****, 4.****.
func (GeoLocation) Mask(normalized string) string {
	out := make([]byte, 0, len(normalized))
	frac := false
	for i := 0; i < len(normalized); i++ {
		c := normalized[i]
		switch {
		case c == '.':
			frac = true
			out = append(out, c)
		case isDigit(c) && frac:
			out = append(out, '*')
		case isDigit(c):
			out = append(out, c)
		default:
			frac = false
			out = append(out, c)
		}
	}
	return string(out)
}
