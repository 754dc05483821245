# shellcheck shell=bash
# Sourced by .ci/run (set -euo pipefail is active): starts a throwaway
# PostgreSQL on 127.0.0.1:55432, loads Chinook and the crm fixtures of
# scanner/dbsrc, and exports CRMSCAN_TEST_PG_URL (a read-only user) and
# CRMSCAN_TEST_PG_ADMIN_URL (a superuser, for the tests that kill sessions
# and prove the session is read-only). Nothing here may end .ci/run: on any
# failure it says so and exports nothing, and the PostgreSQL tests skip.

crmscan_pg_setup() {
	local root port dir sock bin i
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" || return 1
	port=55432
	dir=/tmp/crmscan-ci-pg
	sock="$dir/sock"

	if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
		echo "setup: installing postgresql"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || return 1
	fi
	bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)" || return 1
	id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres || return 1
	_crmscan_pg_run() { runuser -u postgres -- env PGOPTIONS="-c client_min_messages=warning" "$@"; }

	mkdir -p "$dir" "$sock" || return 1
	chown postgres "$dir" "$sock" || return 1
	if [ ! -s "$dir/data/PG_VERSION" ]; then
		rm -rf "$dir/data"
		_crmscan_pg_run "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
			-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
	fi
	if ! _crmscan_pg_run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		rm -f "$dir/data/postmaster.pid"
		_crmscan_pg_run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null || { tail -n 20 "$dir/server.log"; return 1; }
	fi
	for i in $(seq 1 30); do
		_crmscan_pg_run "$bin/pg_isready" -q -h "$sock" -p "$port" && break
		sleep 1
	done
	_crmscan_pg_run "$bin/pg_isready" -q -h "$sock" -p "$port" || return 1

	_crmscan_psql() { _crmscan_pg_run "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres "$@"; }
	_crmscan_psql -d postgres -c "DROP DATABASE IF EXISTS chinook WITH (FORCE)" >/dev/null || return 1
	_crmscan_psql -d postgres -f - <"$root/testdata/db/chinook_postgres.sql" >/dev/null || return 1
	_crmscan_psql -d chinook -f - <"$root/testdata/db/crm_postgres.sql" >/dev/null || return 1
	_crmscan_psql -d chinook >/dev/null <<'SQL' || return 1
CREATE TABLE crm.big AS SELECT g AS id, 'customer' || g || '@example.com' AS email FROM generate_series(1, 200000) g;
ALTER TABLE crm.big ADD PRIMARY KEY (id);
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmscan_ro') THEN CREATE ROLE crmscan_ro LOGIN; END IF;
END $$;
ALTER ROLE crmscan_ro PASSWORD 'ro-Canary-7f3a9c';
ALTER ROLE postgres PASSWORD 'admin-Canary-41d2';
GRANT CONNECT ON DATABASE chinook TO crmscan_ro;
GRANT USAGE ON SCHEMA public, crm TO crmscan_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public, crm TO crmscan_ro;
REVOKE SELECT ON crm.secret FROM crmscan_ro;
ANALYZE;
SQL
	export CRMSCAN_TEST_PG_URL="postgres://crmscan_ro:ro-Canary-7f3a9c@127.0.0.1:$port/chinook?sslmode=disable"
	export CRMSCAN_TEST_PG_ADMIN_URL="postgres://postgres:admin-Canary-41d2@127.0.0.1:$port/chinook?sslmode=disable"
	echo "setup: postgres ready on 127.0.0.1:$port"
}

if ! crmscan_pg_setup; then
	echo "setup: WARNING: PostgreSQL could not be started; its tests will skip" >&2
	unset CRMSCAN_TEST_PG_URL CRMSCAN_TEST_PG_ADMIN_URL
fi
unset -f crmscan_pg_setup _crmscan_pg_run _crmscan_psql
