package main

// The database half of `make bench` (issue 20): a table of a million
// generated contacts, bench_contacts, in PostgreSQL, MariaDB/MySQL and
// SQLite, and crmscan's whole --full scan of it timed beside the
// database's own client dumping the same table (the "export floor"):
//
//	psql -c "\copy (select * from bench_contacts) to stdout" > /dev/null
//	mysql --quick --batch -e 'select * from bench_contacts' > /dev/null
//	sqlite3 bench_contacts.db 'select * from bench_contacts' > /dev/null
//
// The servers come from the test environment (source /tmp/crmscan-env.sh):
// CRMSCAN_TEST_PG_ADMIN_URL and CRMSCAN_TEST_MYSQL_ADMIN_URL create and
// fill the table, in a database of its own (crmscan_bench, beside the
// tests' fixtures, never among them), only when it is missing or holds the wrong number of
// rows, and grant the read-only user SELECT on it; CRMSCAN_TEST_PG_URL and
// CRMSCAN_TEST_MYSQL_URL (that read-only user) are what crmscan and the
// clients read with. The SQLite file is kept in a cache directory. A
// database whose URL or client is missing is skipped, saying so. Passwords
// go to the programs in PGPASSWORD and MYSQL_PWD, never on a command line,
// and are never printed.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"github.com/crmscan/crmscan/internal/gen"
)

const (
	benchTable = "bench_contacts"
	// benchMySQLDB is the MariaDB database the table lives in: a database
	// of its own, so that the CI set-up, which recreates crm, leaves it be.
	benchMySQLDB = "crmscan_bench" // the benchmark's database in MariaDB and PostgreSQL
)

// contactColumns are bench_contacts' columns, as a CRM's contacts table
// has them; the last two are not text and crmscan does not read them.
var contactColumns = []string{"id", "customer_number", "first_name", "infix", "last_name", "email",
	"phone", "mobile", "iban", "bsn", "birth_date", "postcode", "city", "notes", "created_at",
	"newsletter", "credit_limit"}

const pgContactsDDL = `CREATE TABLE public.bench_contacts (
  id integer NOT NULL, customer_number varchar(20) NOT NULL, first_name varchar(50), infix varchar(20),
  last_name varchar(80), email varchar(120), phone varchar(30), mobile varchar(30), iban varchar(40),
  bsn varchar(9), birth_date date, postcode varchar(10), city varchar(60), notes text,
  created_at timestamp NOT NULL, newsletter boolean NOT NULL DEFAULT false, credit_limit integer)`

const mysqlContactsDDL = `CREATE TABLE bench_contacts (
  id int NOT NULL PRIMARY KEY, customer_number varchar(20) NOT NULL, first_name varchar(50), infix varchar(20),
  last_name varchar(80), email varchar(120), phone varchar(30), mobile varchar(30), iban varchar(40),
  bsn varchar(9), birth_date date, postcode varchar(10), city varchar(60), notes text,
  created_at datetime NOT NULL, newsletter boolean NOT NULL DEFAULT 0, credit_limit int
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`

const sqliteContactsDDL = `CREATE TABLE bench_contacts (
  id INTEGER PRIMARY KEY, customer_number VARCHAR(20) NOT NULL, first_name VARCHAR(50), infix VARCHAR(20),
  last_name VARCHAR(80), email VARCHAR(120), phone VARCHAR(30), mobile VARCHAR(30), iban VARCHAR(40),
  bsn VARCHAR(9), birth_date DATE, postcode VARCHAR(10), city VARCHAR(60), notes TEXT,
  created_at TIMESTAMP NOT NULL, newsletter BOOLEAN NOT NULL DEFAULT 0, credit_limit INTEGER)`

// contact is one generated row; an empty infix or note is NULL.
type contact struct {
	id                                                          int
	number, first, infix, last, email, phone, mobile, iban, bsn string
	birth, postcode, city, notes, created                       string // dates as ISO text
	birthTime, createdTime                                      time.Time
	newsletter                                                  bool
	creditLimit                                                 int
}

// eachContact generates n contacts, the same ones for every database.
func eachContact(n int, fn func(c *contact) error) error {
	g := gen.New(20)
	rng := rand.New(rand.NewPCG(20, 1_000_000))
	born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	since := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	var c contact
	for i := 1; i <= n; i++ {
		p := g.Person()
		c = contact{id: i, number: fmt.Sprintf("K%07d", i), first: p.First, infix: p.Tussen, last: p.Last,
			email: p.Email, phone: g.Landline(), mobile: g.Mobile(), iban: g.IBAN(rng.IntN(3) == 0), bsn: g.BSN(),
			postcode: p.Postcode, city: p.City, notes: g.Note(p),
			newsletter: rng.IntN(3) == 0, creditLimit: 500 * rng.IntN(20)}
		c.birthTime = born.AddDate(0, 0, rng.IntN(65*365))
		c.createdTime = since.Add(time.Duration(rng.Int64N(int64(13*365*24*time.Hour))) / time.Second * time.Second)
		c.birth, c.created = c.birthTime.Format(time.DateOnly), c.createdTime.Format(time.DateTime)
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}

// nullable is nil for an empty string.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// benchRows is the size of bench_contacts.
const benchRows = 1_000_000

// benchDatabases times crmscan on a 1,000,000-row contacts table in each
// database whose URL the environment names, beside the database's client;
// runs interleaved runs of each command. The SQLite file is kept in the
// cache directory (cacheDir): it takes a minute to write.
func benchDatabases(bin string, runs int) {
	ctx := context.Background()
	fmt.Printf("Database table %s: %d generated contacts, 17 columns (14 text or dates); median of %d interleaved runs.\n\n", benchTable, benchRows, runs)
	var table []*result
	floors := map[string]*result{}
	for _, db := range []struct {
		name    string
		prepare func(context.Context, string, int) (*dbTarget, error)
	}{
		{"PostgreSQL", preparePG},
		{"MariaDB", prepareMySQL},
		{"SQLite", prepareSQLite},
	} {
		t, err := db.prepare(ctx, cacheDir(), benchRows)
		check(err)
		if t.skip != "" {
			fmt.Fprintf(os.Stderr, "bench: %s skipped: %s\n", db.name, t.skip)
			continue
		}
		floor := &result{name: db.name + ": " + t.client, rows: benchRows, note: "export floor"}
		scan := &result{name: db.name + ": crmscan scan --full", rows: benchRows, ratioLabel: floor.name}
		floors[floor.name] = floor
		for i := 0; i < runs; i++ {
			measureInto(floor, t.command(t.floor[0], t.floor[1:]...))
			measureInto(scan, t.command(bin, "scan", "--full", "--quiet", "-f", "json", "--table", benchTable, t.target))
		}
		table = append(table, scan, floor)
	}
	if len(table) > 0 {
		printTable(table, floors)
	}
}

// dbTarget is one database ready to be timed.
type dbTarget struct {
	skip   string   // why the database is skipped, if it is
	target string   // crmscan's target, without a password
	env    []string // the environment of both commands: the password
	client string   // the client's command, as the table names it
	floor  []string // the client's export of the table: program and arguments
}

func skipped(format string, a ...any) *dbTarget { return &dbTarget{skip: fmt.Sprintf(format, a...)} }

// command is a command run with the target's environment.
func (t *dbTarget) command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = t.env
	return c
}

// withoutPassword returns a URL without its password, and the password.
func withoutPassword(raw string) (string, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", errors.New("unparsable URL") // the error would quote it
	}
	pw, _ := u.User.Password()
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String(), pw, nil
}

func preparePG(ctx context.Context, _ string, rows int) (*dbTarget, error) {
	admin, ro := os.Getenv("CRMSCAN_TEST_PG_ADMIN_URL"), os.Getenv("CRMSCAN_TEST_PG_URL")
	if admin == "" || ro == "" {
		return skipped("CRMSCAN_TEST_PG_ADMIN_URL or CRMSCAN_TEST_PG_URL not set (source /tmp/crmscan-env.sh)"), nil
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		return skipped("psql not installed"), nil
	}
	// The table lives in a database of its own: the tests' database must
	// hold only their fixtures (the oracle test reads every table).
	admin, ro = pgDatabase(admin, benchMySQLDB), pgDatabase(ro, benchMySQLDB)
	target, pw, err := withoutPassword(ro)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(ro)
	if err := createPGDatabase(ctx, os.Getenv("CRMSCAN_TEST_PG_ADMIN_URL"), benchMySQLDB, u.User.Username()); err != nil {
		return nil, err
	}
	if err := fillPG(ctx, admin, u.User.Username(), rows); err != nil {
		return nil, err
	}
	return &dbTarget{target: target, env: append(os.Environ(), "PGPASSWORD="+pw), client: "psql \\copy ... to stdout",
		floor: []string{psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target,
			"-c", `\copy (select * from public.bench_contacts) to stdout`}}, nil
}

// pgDatabase returns the postgres:// URL with its database set to db.
func pgDatabase(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + db
	return u.String()
}

// createPGDatabase creates database db on the admin URL's server unless it
// exists, and lets the reader connect to it.
func createPGDatabase(ctx context.Context, admin, db, reader string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return errors.New("cannot connect as the admin user")
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
			return err
		}
	}
	_, err = conn.Exec(ctx, "GRANT CONNECT ON DATABASE "+pgx.Identifier{db}.Sanitize()+" TO "+pgx.Identifier{reader}.Sanitize())
	return err
}

// fillPG creates public.bench_contacts unless it holds rows rows.
func fillPG(ctx context.Context, admin, reader string, rows int) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return errors.New("cannot connect as the admin user")
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM public.bench_contacts").Scan(&n); err != nil || n != int64(rows) {
		if err := loadPG(ctx, conn, rows); err != nil {
			return err
		}
	}
	for _, q := range []string{"GRANT USAGE ON SCHEMA public TO ", "GRANT SELECT ON public.bench_contacts TO "} {
		if _, err := conn.Exec(ctx, q+pgx.Identifier{reader}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

// loadPG (re)creates the table and fills it with COPY.
func loadPG(ctx context.Context, conn *pgx.Conn, rows int) error {
	fmt.Fprintf(os.Stderr, "bench: filling PostgreSQL public.bench_contacts with %d rows\n", rows)
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS public.bench_contacts"); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, pgContactsDDL); err != nil {
		return err
	}
	var batch [][]any
	flush := func() error {
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"public", benchTable}, contactColumns, pgx.CopyFromRows(batch))
		batch = batch[:0]
		return err
	}
	err := eachContact(rows, func(c *contact) error {
		batch = append(batch, []any{int32(c.id), c.number, c.first, nullable(c.infix), c.last, c.email, c.phone,
			c.mobile, c.iban, c.bsn, c.birthTime, c.postcode, c.city, nullable(c.notes), c.createdTime,
			c.newsletter, int32(c.creditLimit)})
		if len(batch) == 50_000 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	for _, q := range []string{
		"ALTER TABLE public.bench_contacts ADD PRIMARY KEY (id)",
		"ANALYZE public.bench_contacts",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func prepareMySQL(ctx context.Context, _ string, rows int) (*dbTarget, error) {
	admin, ro := os.Getenv("CRMSCAN_TEST_MYSQL_ADMIN_URL"), os.Getenv("CRMSCAN_TEST_MYSQL_URL")
	if admin == "" || ro == "" {
		return skipped("CRMSCAN_TEST_MYSQL_ADMIN_URL or CRMSCAN_TEST_MYSQL_URL not set (source /tmp/crmscan-env.sh)"), nil
	}
	client, err := exec.LookPath("mariadb")
	if err != nil {
		if client, err = exec.LookPath("mysql"); err != nil {
			return skipped("neither the mariadb nor the mysql client is installed"), nil
		}
	}
	cfg, err := mysqlConfig(ro)
	if err != nil {
		return nil, err
	}
	if err := fillMySQL(ctx, admin, cfg.User, rows); err != nil {
		return nil, err
	}
	pw := cfg.Passwd
	cfg.Passwd, cfg.DBName = "", benchMySQLDB
	host, port := cfg.Addr, "3306"
	if h, p, ok := strings.Cut(cfg.Addr, ":"); ok {
		host, port = h, p
	}
	return &dbTarget{target: "mysql://" + cfg.FormatDSN(), env: append(os.Environ(), "MYSQL_PWD="+pw),
		client: filepath.Base(client) + " --quick --batch",
		floor: []string{client, "--no-defaults", "--quick", "--batch", "--protocol=tcp", "-h", host, "-P", port,
			"-u", cfg.User, "-D", benchMySQLDB, "-e", "select * from bench_contacts"}}, nil
}

// mysqlConfig parses a mysql:// URL (the scheme, then the driver's DSN).
func mysqlConfig(target string) (*mysql.Config, error) {
	_, dsn, ok := strings.Cut(target, "://")
	if !ok {
		return nil, errors.New("not a mysql:// URL")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, errors.New("unparsable MySQL URL")
	}
	return cfg, nil
}

// fillMySQL creates crmscan_bench.bench_contacts unless it holds rows
// rows, and lets the read-only user read it.
func fillMySQL(ctx context.Context, admin, reader string, rows int) error {
	cfg, err := mysqlConfig(admin)
	if err != nil {
		return err
	}
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+benchMySQLDB+"."+benchTable).Scan(&n); err != nil || n != int64(rows) {
		if err := loadMySQL(ctx, db, rows); err != nil {
			return err
		}
	}
	// The grant is made every time: it is cheap, and a table loaded
	// before the read-only user was (re)created still becomes readable.
	var hosts []string
	rs, err := db.QueryContext(ctx, "SELECT Host FROM mysql.user WHERE User = ?", reader)
	if err != nil {
		return err
	}
	for rs.Next() {
		var h string
		if err := rs.Scan(&h); err != nil {
			rs.Close()
			return err
		}
		hosts = append(hosts, h)
	}
	rs.Close()
	if len(hosts) == 0 {
		return errors.New("the read-only user does not exist")
	}
	for _, h := range hosts {
		if _, err := db.ExecContext(ctx, "GRANT SELECT ON "+benchMySQLDB+"."+benchTable+" TO "+mysqlString(reader)+"@"+mysqlString(h)); err != nil {
			return err
		}
	}
	return nil
}

// loadMySQL (re)creates the table and loads it with LOAD DATA LOCAL from a
// generated stream.
func loadMySQL(ctx context.Context, db *sql.DB, rows int) error {
	fmt.Fprintf(os.Stderr, "bench: filling MariaDB %s.%s with %d rows\n", benchMySQLDB, benchTable, rows)
	for _, q := range []string{
		"CREATE DATABASE IF NOT EXISTS " + benchMySQLDB + " CHARACTER SET utf8mb4",
		"DROP TABLE IF EXISTS " + benchMySQLDB + "." + benchTable,
		strings.Replace(mysqlContactsDDL, "CREATE TABLE bench_contacts", "CREATE TABLE "+benchMySQLDB+"."+benchTable, 1),
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	pr, pw := io.Pipe()
	go func() {
		w := newTSVWriter(pw)
		err := eachContact(rows, func(c *contact) error {
			return w.row(strconv.Itoa(c.id), c.number, c.first, c.infix, c.last, c.email, c.phone, c.mobile,
				c.iban, c.bsn, c.birth, c.postcode, c.city, c.notes, c.created, map[bool]string{true: "1", false: "0"}[c.newsletter],
				strconv.Itoa(c.creditLimit))
		})
		if err == nil {
			err = w.flush()
		}
		pw.CloseWithError(err)
	}()
	mysql.RegisterReaderHandler(benchTable, func() io.Reader { return pr })
	defer mysql.DeregisterReaderHandler(benchTable)
	load := "LOAD DATA LOCAL INFILE 'Reader::" + benchTable + "' INTO TABLE " + benchMySQLDB + "." + benchTable +
		" CHARACTER SET utf8mb4 (" + strings.Join(contactColumns, ", ") + ")"
	if _, err := db.ExecContext(ctx, load); err != nil {
		pr.CloseWithError(err)
		return err
	}
	_, err := db.ExecContext(ctx, "ANALYZE TABLE "+benchMySQLDB+"."+benchTable)
	return err
}

// mysqlString quotes a string literal (GRANT takes no placeholders).
func mysqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

// tsvWriter writes LOAD DATA's default format: tab-separated, backslash
// escapes, \N for NULL (an empty string here).
type tsvWriter struct {
	w   io.Writer
	buf []byte
}

func newTSVWriter(w io.Writer) *tsvWriter { return &tsvWriter{w: w} }

func (t *tsvWriter) row(fields ...string) error {
	for i, f := range fields {
		if i > 0 {
			t.buf = append(t.buf, '\t')
		}
		if f == "" {
			t.buf = append(t.buf, `\N`...)
			continue
		}
		for j := 0; j < len(f); j++ {
			switch c := f[j]; c {
			case '\t':
				t.buf = append(t.buf, `\t`...)
			case '\n':
				t.buf = append(t.buf, `\n`...)
			case '\\':
				t.buf = append(t.buf, `\\`...)
			default:
				t.buf = append(t.buf, c)
			}
		}
	}
	t.buf = append(t.buf, '\n')
	if len(t.buf) >= 1<<20 {
		return t.flush()
	}
	return nil
}

func (t *tsvWriter) flush() error {
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}

func prepareSQLite(ctx context.Context, cacheDir string, rows int) (*dbTarget, error) {
	client, err := exec.LookPath("sqlite3")
	if err != nil {
		return skipped("sqlite3 not installed"), nil
	}
	path := filepath.Join(cacheDir, fmt.Sprintf("bench_contacts_%d.db", rows))
	if err := fillSQLite(ctx, path, rows); err != nil {
		return nil, err
	}
	return &dbTarget{target: "sqlite://" + path, env: os.Environ(), client: "sqlite3",
		floor: []string{client, "-readonly", path, "select * from bench_contacts"}}, nil
}

// fillSQLite writes the file unless it holds rows rows; it is built beside
// and renamed into place, so a run cut short leaves no half file.
func fillSQLite(ctx context.Context, path string, rows int) error {
	if _, err := os.Stat(path); err == nil {
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			return err
		}
		var n int64
		err = db.QueryRowContext(ctx, "SELECT COUNT(*) FROM bench_contacts").Scan(&n)
		db.Close()
		if err == nil && n == int64(rows) {
			return nil
		}
	}
	fmt.Fprintf(os.Stderr, "bench: writing SQLite %s with %d rows\n", path, rows)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=journal_mode(off)&_pragma=synchronous(off)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, sqliteContactsDDL); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(contactColumns)), ", ")
	st, err := tx.PrepareContext(ctx, "INSERT INTO bench_contacts ("+strings.Join(contactColumns, ", ")+") VALUES ("+ph+")")
	if err != nil {
		return err
	}
	err = eachContact(rows, func(c *contact) error {
		_, err := st.ExecContext(ctx, c.id, c.number, c.first, nullable(c.infix), c.last, c.email, c.phone, c.mobile,
			c.iban, c.bsn, c.birth, c.postcode, c.city, nullable(c.notes), c.created, c.newsletter, c.creditLimit)
		return err
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
