# shellcheck shell=bash
# Sourced by .ci/run (set -euo pipefail is active): starts a throwaway
# MariaDB on 127.0.0.1:33306, loads Chinook and the crm fixtures of
# scanner/dbsrc, and exports CRMSCAN_TEST_MYSQL_URL (a read-only user) and
# CRMSCAN_TEST_MYSQL_ADMIN_URL (an all-privileges user with the grant
# option, for the tests that kill sessions, prove the session is read-only
# and give a database of their own a read-only user). Nothing here may end
# .ci/run: on any failure it says so and exports nothing, and the MySQL
# tests skip.

crmscan_mariadb_setup() {
	local root port dir sock i
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" || return 1
	port=33306
	dir=/tmp/crmscan-ci-mariadb
	sock=/tmp/crmscan-ci-mariadb.sock

	if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb >/dev/null 2>&1; then
		echo "setup: installing mariadb-server"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null; } || return 1
	fi
	mkdir -p "$dir" || return 1
	if ! mariadb-admin --socket="$sock" -uroot ping >/dev/null 2>&1; then
		if [ ! -d "$dir/data/mysql" ]; then
			rm -rf "$dir/data"
			mariadb-install-db --user=root --datadir="$dir/data" --auth-root-authentication-method=socket \
				--skip-test-db >"$dir/install.log" 2>&1 || { tail -n 20 "$dir/install.log"; return 1; }
		fi
		rm -f "$sock" "$dir/mariadbd.pid"
		setsid nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --skip-networking=0 \
			--bind-address=127.0.0.1 --port="$port" --socket="$sock" --pid-file="$dir/mariadbd.pid" \
			--log-error="$dir/server.log" --innodb-flush-log-at-trx-commit=0 --skip-log-bin \
			</dev/null >/dev/null 2>&1 &
		disown 2>/dev/null || true
	fi
	for i in $(seq 1 30); do
		mariadb-admin --socket="$sock" -uroot ping >/dev/null 2>&1 && break
		sleep 1
	done
	mariadb-admin --socket="$sock" -uroot ping >/dev/null 2>&1 || { tail -n 20 "$dir/server.log" 2>/dev/null; return 1; }

	mariadb --socket="$sock" -uroot <"$root/testdata/db/chinook_mysql.sql" || return 1
	mariadb --socket="$sock" -uroot <"$root/testdata/db/crm_mysql.sql" || return 1
	mariadb --socket="$sock" -uroot crm >/dev/null <<'SQL' || return 1
CREATE TABLE digits (d INT NOT NULL PRIMARY KEY);
INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
CREATE TABLE big (id INT NOT NULL PRIMARY KEY, email VARCHAR(100));
INSERT INTO big SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 1,
  CONCAT('customer', a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 1, '@example.com')
  FROM digits a, digits b, digits c, digits e, digits f;
DROP TABLE digits;
CREATE USER IF NOT EXISTS 'crmscan_ro'@'127.0.0.1' IDENTIFIED BY 'ro-Canary-7f3a9c';
CREATE USER IF NOT EXISTS 'crmscan_admin'@'127.0.0.1' IDENTIFIED BY 'admin-Canary-41d2';
ALTER USER 'crmscan_ro'@'127.0.0.1' IDENTIFIED BY 'ro-Canary-7f3a9c';
ALTER USER 'crmscan_admin'@'127.0.0.1' IDENTIFIED BY 'admin-Canary-41d2';
GRANT ALL PRIVILEGES ON *.* TO 'crmscan_admin'@'127.0.0.1' WITH GRANT OPTION;
GRANT SELECT, SHOW VIEW ON Chinook.* TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT ON crm.contacts TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT ON crm.`x``; DROP TABLE crm.y; --` TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT ON crm.y TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT ON crm.numbered TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT ON crm.big TO 'crmscan_ro'@'127.0.0.1';
GRANT SELECT, SHOW VIEW ON crm.contact_emails TO 'crmscan_ro'@'127.0.0.1';
FLUSH PRIVILEGES;
ANALYZE TABLE contacts, big, y;
SQL
	export CRMSCAN_TEST_MYSQL_URL="mysql://crmscan_ro:ro-Canary-7f3a9c@tcp(127.0.0.1:$port)/"
	export CRMSCAN_TEST_MYSQL_ADMIN_URL="mysql://crmscan_admin:admin-Canary-41d2@tcp(127.0.0.1:$port)/"
	echo "setup: mariadb ready on 127.0.0.1:$port"
}

if ! crmscan_mariadb_setup; then
	echo "setup: WARNING: MariaDB could not be started; its tests will skip" >&2
	unset CRMSCAN_TEST_MYSQL_URL CRMSCAN_TEST_MYSQL_ADMIN_URL
fi
unset -f crmscan_mariadb_setup
