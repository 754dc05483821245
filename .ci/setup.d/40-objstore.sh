# shellcheck shell=bash
# Sourced by .ci/run (set -euo pipefail is active): starts two object
# storage servers from the npm registry on loopback, for the tests of
# s3://, azblob:// targets (scanner/blobsrc, scanner TestBlob*):
#   s3rver   an S3-compatible server, 127.0.0.1:41568 (its default keys
#            S3RVER/S3RVER)
#   Azurite  Microsoft's Azure Storage emulator (blob service only),
#            127.0.0.1:41000 (its well-known development account)
# installs them with npm into /tmp/crmscan-ci-objstore (outside the repo),
# creates the bucket and container "demo", uploads testdata/crm into both
# and exports CRMSCAN_TEST_S3_URL, CRMSCAN_TEST_AZBLOB_URL and the
# credentials the SDKs' standard chains read (AWS_*, AZURE_STORAGE_*).
# These are the servers' public test keys, not secrets. Nothing here may
# end .ci/run: on a failure it says so and exports nothing, and .ci/run
# stops for the missing URLs.

crmscan_objstore_setup() {
	local root dir s3port azport i
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" || return 1
	dir=/tmp/crmscan-ci-objstore
	s3port=41568
	azport=41000
	_crmscan_up() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

	mkdir -p "$dir/npm" "$dir/s3" "$dir/azurite" || return 1
	if [ ! -x "$dir/npm/node_modules/.bin/s3rver" ] || [ ! -x "$dir/npm/node_modules/.bin/azurite-blob" ]; then
		echo "setup: installing s3rver and azurite (npm)"
		npm install --prefix "$dir/npm" --no-audit --no-fund --loglevel=error \
			s3rver@3.7.1 azurite@3.37.0 >"$dir/npm.log" 2>&1 || { tail -n 20 "$dir/npm.log"; return 1; }
	fi
	if ! _crmscan_up "$s3port"; then
		# s3rver makes listing continuation tokens with DES, which
		# Node's OpenSSL 3 keeps in its legacy provider: without it a
		# listing of more than one page fails with a 500.
		NODE_OPTIONS=--openssl-legacy-provider setsid nohup "$dir/npm/node_modules/.bin/s3rver" -d "$dir/s3" -a 127.0.0.1 -p "$s3port" --silent \
			</dev/null >"$dir/s3rver.log" 2>&1 &
		disown 2>/dev/null || true
	fi
	if ! _crmscan_up "$azport"; then
		# --skipApiVersionCheck: the Go SDK may speak a newer REST version
		# than this Azurite knows; the calls crmscan makes are old ones.
		setsid nohup "$dir/npm/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$azport" \
			--location "$dir/azurite" --silent --skipApiVersionCheck --loose \
			</dev/null >"$dir/azurite.log" 2>&1 &
		disown 2>/dev/null || true
	fi
	for i in $(seq 1 30); do
		_crmscan_up "$s3port" && _crmscan_up "$azport" && break
		sleep 1
	done
	_crmscan_up "$s3port" || { tail -n 20 "$dir/s3rver.log"; return 1; }
	_crmscan_up "$azport" || { tail -n 20 "$dir/azurite.log"; return 1; }

	export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
	# s3rver predates the SDK's default CRC checksums on uploads (an
	# aws-chunked body it would store verbatim): only where required.
	export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
	export AZURE_STORAGE_ACCOUNT=devstoreaccount1
	export AZURE_STORAGE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
	local s3url="s3://demo/?endpoint=http://127.0.0.1:$s3port&use_path_style=true&region=us-east-1"
	local azurl="azblob://demo/?protocol=http&domain=127.0.0.1:$azport"
	(cd "$root" && go run ./internal/blobtest/blobload -dir testdata/crm "$s3url") || return 1
	(cd "$root" && go run ./internal/blobtest/blobload -dir testdata/crm "$azurl") || return 1
	export CRMSCAN_TEST_S3_URL="$s3url"
	export CRMSCAN_TEST_AZBLOB_URL="$azurl"
	echo "setup: s3rver on 127.0.0.1:$s3port, azurite on 127.0.0.1:$azport, bucket demo loaded"
}

if ! crmscan_objstore_setup; then
	echo "setup: WARNING: the object storage servers could not be started; .ci/run will stop" >&2
	unset CRMSCAN_TEST_S3_URL CRMSCAN_TEST_AZBLOB_URL
fi
unset -f crmscan_objstore_setup _crmscan_up
