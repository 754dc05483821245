# shellcheck shell=bash
# Sourced by .ci/run (set -euo pipefail is active): starts three object
# storage servers on loopback, for the tests of s3://, azblob:// and gs://
# targets (scanner/blobsrc, scanner TestBlob*, cmd/crmscan, merge):
#   s3rver   an S3-compatible server, 127.0.0.1:41568 (its default keys
#            S3RVER/S3RVER), from the npm registry
#   Azurite  Microsoft's Azure Storage emulator (blob service only),
#            127.0.0.1:41000 (its well-known development account), npm
#   fake-gcs-server  a Google Cloud Storage emulator (JSON API), 127.0.0.1:41200,
#            built with go install from the Go module proxy
# installs them into /tmp/crmscan-ci-objstore (outside the repo), creates
# the bucket and container "demo" holding testdata/crm in each (uploaded
# to the first two, given to fake-gcs-server as its starting data) and
# exports CRMSCAN_TEST_S3_URL, CRMSCAN_TEST_AZBLOB_URL, CRMSCAN_TEST_GCS_URL
# and what the SDKs read (AWS_*, AZURE_STORAGE_*, STORAGE_EMULATOR_HOST,
# with which Google's client needs no credentials).
# These are the servers' public test keys, not secrets. Nothing here may
# end .ci/run: on a failure it says so and exports nothing, and .ci/run
# stops for the missing URLs.

crmscan_objstore_setup() {
	local root dir s3port azport gsport i
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" || return 1
	dir=/tmp/crmscan-ci-objstore
	s3port=41568
	azport=41000
	gsport=41200
	_crmscan_up() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

	mkdir -p "$dir/npm" "$dir/s3" "$dir/azurite" "$dir/bin" || return 1
	# fake-gcs-server compiles for a minute or two on a cold cache: in the
	# background, while npm installs the other two.
	local gcsbuild=""
	if [ ! -x "$dir/bin/fake-gcs-server" ]; then
		echo "setup: installing fake-gcs-server (go install, in the background)"
		GOBIN="$dir/bin" go install github.com/fsouza/fake-gcs-server@v1.56.1 >"$dir/gcs-install.log" 2>&1 &
		gcsbuild=$!
	fi
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
	if [ -n "$gcsbuild" ]; then
		wait "$gcsbuild" || { tail -n 20 "$dir/gcs-install.log"; return 1; }
	fi
	if ! _crmscan_up "$gsport"; then
		# Its starting data: each folder of gcs/ a bucket, each file an
		# object. In memory: the tests only read.
		rm -rf "$dir/gcs" && mkdir -p "$dir/gcs/demo" && cp -R "$root/testdata/crm/." "$dir/gcs/demo/" || return 1
		setsid nohup "$dir/bin/fake-gcs-server" -scheme http -host 127.0.0.1 -port "$gsport" -backend memory \
			-data "$dir/gcs" -public-host "127.0.0.1:$gsport" -log-level warn \
			</dev/null >"$dir/gcs.log" 2>&1 &
		disown 2>/dev/null || true
	fi
	for i in $(seq 1 30); do
		_crmscan_up "$s3port" && _crmscan_up "$azport" && _crmscan_up "$gsport" && break
		sleep 1
	done
	_crmscan_up "$s3port" || { tail -n 20 "$dir/s3rver.log"; return 1; }
	_crmscan_up "$azport" || { tail -n 20 "$dir/azurite.log"; return 1; }
	_crmscan_up "$gsport" || { tail -n 20 "$dir/gcs.log"; return 1; }

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
	export STORAGE_EMULATOR_HOST="127.0.0.1:$gsport"
	export CRMSCAN_TEST_S3_URL="$s3url"
	export CRMSCAN_TEST_AZBLOB_URL="$azurl"
	export CRMSCAN_TEST_GCS_URL="gs://demo/"
	echo "setup: s3rver on 127.0.0.1:$s3port, azurite on 127.0.0.1:$azport, fake-gcs-server on 127.0.0.1:$gsport, bucket demo loaded"
}

if ! crmscan_objstore_setup; then
	echo "setup: WARNING: the object storage servers could not be started; .ci/run will stop" >&2
	unset CRMSCAN_TEST_S3_URL CRMSCAN_TEST_AZBLOB_URL CRMSCAN_TEST_GCS_URL STORAGE_EMULATOR_HOST
fi
unset -f crmscan_objstore_setup _crmscan_up
