# Headless Chromium for the HTML report's browser test (reporters,
# TestBrowser*) and the print test. Sourced by .ci/run; installs only when missing.
if ! command -v chromium >/dev/null 2>&1; then
	echo "setup: installing chromium"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } ||
		echo "setup: chromium could not be installed; the browser test will skip"
fi
# poppler-utils (pdfinfo, pdftotext) read back the printed report
# (cmd/crmscan TestPrintDemo: page count, headers, samples).
if ! command -v pdfinfo >/dev/null 2>&1; then
	echo "setup: installing poppler-utils"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null 2>&1; } ||
		echo "setup: poppler-utils could not be installed; the print test will skip"
fi
if [ -x /usr/bin/chromium ]; then
	export CRMSCAN_CHROMIUM=/usr/bin/chromium
fi
