#!/usr/bin/env bash
# make_dumps.sh regenerates the SQL dump fixtures with the real pg_dump and
# mysqldump (the files are committed, so tests need no database server).
# Needs: apt-get install -y postgresql mariadb-server; run as root from the
# repository root: bash scanner/sqldump/testdata/make_dumps.sh
set -euo pipefail
out=scanner/sqldump/testdata
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
go run ./internal/gen/gencrm contacts-sql >"$sql"

# PostgreSQL: a throwaway cluster on a private socket.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d)
chown postgres "$pgdir"
su postgres -c "$pgbin/initdb -D $pgdir/data -A trust -U postgres >/dev/null"
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -o '-k $pgdir -c listen_addresses=' -w start >/dev/null"
psql=(psql -h "$pgdir" -U postgres -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c 'CREATE DATABASE crm'
"${psql[@]}" -d crm -f "$sql"
"${psql[@]}" -d crm -c 'ALTER TABLE contacts ADD COLUMN created_at timestamp DEFAULT now()'
# the plain dump twice: COPY blocks, and INSERT statements
pg_dump -h "$pgdir" -U postgres --no-owner --no-privileges crm | grep -v '^\\\(un\)\?restrict' >"$out/pg_dump.sql"
pg_dump -h "$pgdir" -U postgres --no-owner --no-privileges --column-inserts crm | grep -v '^\\\(un\)\?restrict' >"$out/pg_dump_inserts.sql"
pg_dump -h "$pgdir" -U postgres -Fc crm >"$out/pg_dump.custom"
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -w stop >/dev/null"
rm -rf "$pgdir"

# MariaDB: a throwaway server on a private socket.
mydir=$(mktemp -d)
chown mysql "$mydir" 2>/dev/null || true
mariadb-install-db --user=root --datadir="$mydir/data" --auth-root-authentication-method=normal >/dev/null
mariadbd --user=root --datadir="$mydir/data" --socket="$mydir/sock" --skip-networking --pid-file="$mydir/pid" >/dev/null 2>&1 &
for _ in $(seq 50); do [ -S "$mydir/sock" ] && break; sleep 0.2; done
my=(mariadb --socket="$mydir/sock" -uroot)
"${my[@]}" -e 'CREATE DATABASE crm'
"${my[@]}" crm <"$sql"
mysqldump --socket="$mydir/sock" -uroot --skip-dump-date crm >"$out/mysqldump.sql"
kill "$(cat "$mydir/pid")"
wait || true
rm -rf "$mydir"
echo "wrote $out/pg_dump.sql $out/pg_dump_inserts.sql $out/pg_dump.custom $out/mysqldump.sql"
