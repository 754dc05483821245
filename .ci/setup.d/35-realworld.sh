# shellcheck shell=bash
# Sourced by .ci/run after 30-mariadb.sh (set -euo pipefail is active): loads
# the real vendor dumps of ../shared/data/realworld into that MariaDB, each as
# its own database readable by the read-only test user crmscan_ro:
#   dolibarr  the Dolibarr 9.0 demo mysqldump
#   sakila    the Sakila schema file, then its data file
# The faithfulness oracle (internal/oracle) compares crmscan's reading of
# those dump files with the live databases. About 5 seconds. Nothing here
# may end .ci/run: on a failure it says so, and the oracle test fails in CI
# (CRMSCAN_REQUIRE_SHARED) or skips locally.

crmscan_realworld_setup() {
	local root shared rw sock
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" || return 1
	shared="${CRMSCAN_SHARED:-$root/../shared}"
	rw="$shared/data/realworld"
	sock=/tmp/crmscan-ci-mariadb.sock
	if [ ! -d "$rw" ]; then
		echo "setup: $rw not found; the oracle test will skip (or fail in CI)" >&2
		return 0
	fi
	if [ -z "${CRMSCAN_TEST_MYSQL_URL:-}" ]; then
		echo "setup: no MariaDB; the real dumps are not loaded" >&2
		return 0
	fi
	_crmscan_my() { mariadb --socket="$sock" -uroot "$@"; }
	_crmscan_my -e "DROP DATABASE IF EXISTS dolibarr; DROP DATABASE IF EXISTS sakila; CREATE DATABASE dolibarr" || return 1
	_crmscan_my dolibarr <"$rw/dolibarr/mysqldump_dolibarr_9.0.0.sql" || return 1
	# The schema file creates the database sakila itself, and its triggers
	# (film_text is filled by the trigger ins_film, not by the data file).
	# Sakila is written for MySQL 5.7: the column address.location and its
	# values sit in /*!50705 ... */ comments, which MySQL 5.7+ executes and
	# MariaDB ignores (it skips versions 50700-59999), so they are
	# un-versioned here and the database holds what MySQL would.
	sed 's#/\*!50705 #/*! #' "$rw/sakila/sakila-mv-schema.sql" | _crmscan_my || return 1
	sed 's#/\*!50705 #/*! #' "$rw/sakila/sakila-mv-data.sql" | _crmscan_my || return 1
	_crmscan_my <<'SQL' || return 1
GRANT SELECT, SHOW VIEW ON dolibarr.* TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT, SHOW VIEW ON sakila.* TO 'crmscan_ro'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
	echo "setup: dolibarr and sakila loaded into MariaDB"
}

if ! crmscan_realworld_setup; then
	echo "setup: WARNING: the real dumps could not be loaded into MariaDB; the oracle test will fail in CI" >&2
fi
unset -f crmscan_realworld_setup _crmscan_my
