# Headless Chromium for the HTML report's browser test (reporters,
# TestBrowser*). Sourced by .ci/run; installs only when missing.
if ! command -v chromium >/dev/null 2>&1; then
	echo "setup: installing chromium"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } ||
		echo "setup: chromium could not be installed; the browser test will skip"
fi
if [ -x /usr/bin/chromium ]; then
	export CRMSCAN_CHROMIUM=/usr/bin/chromium
fi
