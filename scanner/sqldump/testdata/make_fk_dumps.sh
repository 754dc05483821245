#!/usr/bin/env bash
# make_fk_dumps.sh regenerates the foreign-key fixtures (pg_dump_fk.sql,
# mysqldump_fk.sql) with the real pg_dump and mysqldump: a small CRM whose
# orders refer to contacts by a column the name rule does not know (buyer),
# a quoted table and column, a composite key and ON DELETE clauses. The
# files are committed, so tests need no database server.
# Needs: apt-get install -y postgresql mariadb-server; run as root from the
# repository root: bash scanner/sqldump/testdata/make_fk_dumps.sh
set -euo pipefail
out=scanner/sqldump/testdata

# The schema, with Q standing for the identifier quote of each server.
schema='
CREATE TABLE contacts (id integer NOT NULL PRIMARY KEY, name varchar(80), email varchar(120));
CREATE TABLE orders (
  id integer NOT NULL PRIMARY KEY,
  buyer integer NOT NULL,
  amount numeric(10,2),
  CONSTRAINT orders_buyer_fkey FOREIGN KEY (buyer) REFERENCES contacts (id) ON DELETE CASCADE
);
CREATE TABLE order_lines (
  order_id integer NOT NULL,
  line integer NOT NULL,
  sku varchar(20),
  PRIMARY KEY (order_id, line),
  CONSTRAINT order_lines_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id)
);
CREATE TABLE QTicketsQ (
  id integer NOT NULL PRIMARY KEY,
  QContactQ integer REFERENCES contacts (id),
  order_id integer,
  line integer,
  body varchar(200),
  CONSTRAINT tickets_contact_fkey FOREIGN KEY (QContactQ) REFERENCES contacts (id) ON DELETE SET NULL,
  CONSTRAINT tickets_line_fkey FOREIGN KEY (order_id, line) REFERENCES order_lines (order_id, line)
);
INSERT INTO contacts VALUES (1, $$Jan Jansen$$, $$jan@voorbeeld.nl$$), (2, $$Anna de Vries$$, $$anna@voorbeeld.nl$$), (3, $$Piet Bakker$$, $$piet@voorbeeld.nl$$);
INSERT INTO orders VALUES (10, 2, 25.50), (11, 1, 9.95), (12, 2, 77.70);
INSERT INTO order_lines VALUES (10, 1, $$A-1$$), (10, 2, $$B-2$$), (12, 1, $$A-1$$);
INSERT INTO QTicketsQ VALUES (100, 2, 10, 2, $$Levering kwijt$$), (101, 3, NULL, NULL, $$Vraag over factuur$$);
'
pg_sql=${schema//Q/\"}
pg_sql=${pg_sql//\$\$/\'}
my_sql=${schema//Q/\`}
my_sql=${my_sql//\$\$/\'}

# PostgreSQL: a throwaway cluster on a private socket.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d)
chown postgres "$pgdir"
su postgres -c "$pgbin/initdb -D $pgdir/data -A trust -U postgres >/dev/null"
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -o '-k $pgdir -c listen_addresses=' -w start >/dev/null"
psql=(psql -X -h "$pgdir" -U postgres -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c 'CREATE DATABASE crm'
"${psql[@]}" -d crm -c "$pg_sql"
pg_dump -h "$pgdir" -U postgres --no-owner --no-privileges crm | grep -v '^\\\(un\)\?restrict' >"$out/pg_dump_fk.sql"
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -w stop >/dev/null"
rm -rf "$pgdir"

# MariaDB: a throwaway server on a private socket.
mydir=$(mktemp -d)
mariadb-install-db --user=root --datadir="$mydir/data" --auth-root-authentication-method=normal >/dev/null
mariadbd --no-defaults --user=root --datadir="$mydir/data" --socket="$mydir/sock" --skip-networking --pid-file="$mydir/pid" >/dev/null 2>&1 &
for _ in $(seq 50); do [ -S "$mydir/sock" ] && break; sleep 0.2; done
my=(mariadb --socket="$mydir/sock" -uroot)
"${my[@]}" -e 'CREATE DATABASE crm'
"${my[@]}" crm -e "$my_sql"
mysqldump --socket="$mydir/sock" -uroot --skip-dump-date crm >"$out/mysqldump_fk.sql"
kill "$(cat "$mydir/pid")"
wait || true
rm -rf "$mydir"
echo "wrote $out/pg_dump_fk.sql $out/mysqldump_fk.sql"
