package detectors

import (
	"strconv"
	"strings"
)

// ituCodes lists the assigned ITU-T E.164 country calling codes (ITU-T
// E.164 Annex to Operational Bulletin, list of assigned codes). The codes
// form a prefix code: no code is the prefix of another.
const ituCodes = `1 7
20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49
51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98
211 212 213 216 218
220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239
240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 257 258
260 261 262 263 264 265 266 267 268 269 290 291 297 298 299
350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378
380 381 382 383 385 386 387 389 420 421 423
500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599
670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692
800 808 850 852 853 855 856 870 880 881 882 883 886 888
960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979
992 993 994 995 996 998`

// ituCode[n] is set for an assigned code n of 1–3 digits; the index keeps
// the length apart: 1-digit codes at n, 2-digit at 10+n, 3-digit at 110+n.
var ituCode = func() (t [1110]bool) {
	for _, f := range strings.Fields(ituCodes) {
		n, err := strconv.Atoi(f)
		if err != nil {
			panic("detectors: bad country code " + f)
		}
		t[ccIndex(len(f), n)] = true
	}
	return t
}()

func ccIndex(digits, n int) int {
	switch digits {
	case 1:
		return n
	case 2:
		return 10 + n
	}
	return 110 + n
}

// countryCodeLen returns the length of the country calling code that
// starts the digits d (1–3), or 0 when none is assigned.
func countryCodeLen(d []byte) int {
	n := 0
	for k := 0; k < 3 && k < len(d); k++ {
		if !isDigit(d[k]) {
			return 0
		}
		n = n*10 + int(d[k]-'0')
		if ituCode[ccIndex(k+1, n)] {
			return k + 1
		}
	}
	return 0
}
