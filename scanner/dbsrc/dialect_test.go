package dbsrc

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	mssql "github.com/microsoft/go-mssqldb"
)

func TestQuote(t *testing.T) {
	tests := []struct {
		d    dialect
		in   string
		want string
	}{
		{postgres{}, `x"; DROP TABLE y; --`, `"x""; DROP TABLE y; --"`},
		{sqlite{}, `a"b`, `"a""b"`},
		{newMySQL(), "x`; DROP TABLE y; --", "`x``; DROP TABLE y; --`"},
		{sqlserver{}, "x]; DROP TABLE y; --", "[x]]; DROP TABLE y; --]"},
		{sqlserver{}, "[a]", "[[a]]]"},
		{postgres{}, "a\x00b", "\"a\uFFFDb\""},
	}
	for _, tt := range tests {
		if got := tt.d.quote(tt.in); got != tt.want {
			t.Errorf("%s.quote(%q) = %q, want %q", tt.d.kind(), tt.in, got, tt.want)
		}
	}
}

func TestSelectSQL(t *testing.T) {
	tests := []struct {
		d             dialect
		where, order  string
		limit, offset int64
		want          string
	}{
		{postgres{}, "", `"id"`, 10, 0, `SELECT a FROM t ORDER BY "id" LIMIT 10`},
		{postgres{}, "", "", 10, 30, `SELECT a FROM t LIMIT 10 OFFSET 30`},
		{newMySQL(), "k >= ?", "k", 5, 0, "SELECT a FROM t WHERE k >= ? ORDER BY k LIMIT 5"},
		{sqlite{}, "", "", 0, 7, "SELECT a FROM t LIMIT -1 OFFSET 7"},
		{sqlserver{}, "", "", 10, 0, "SELECT TOP (10) a FROM t"},
		{sqlserver{}, "[k] > @p1", "[k]", 5000, 0, "SELECT TOP (5000) a FROM t WHERE [k] > @p1 ORDER BY [k]"},
		{sqlserver{}, "", "", 10, 30, "SELECT a FROM t ORDER BY (SELECT NULL) OFFSET 30 ROWS FETCH NEXT 10 ROWS ONLY"},
		{sqlserver{}, "", "", 0, 0, "SELECT a FROM t"},
	}
	for _, tt := range tests {
		if got := tt.d.selectSQL("a", "t", tt.where, tt.order, tt.limit, tt.offset); got != tt.want {
			t.Errorf("%s.selectSQL = %q, want %q", tt.d.kind(), got, tt.want)
		}
	}
}

func TestTablesample(t *testing.T) {
	tab := &tableInfo{schema: "dbo", name: "Contacts", kind: "table"}
	from, _, ok := sqlserver{}.tablesample(tab, "[dbo].[Contacts]", 10000, 1000000)
	if want := "[dbo].[Contacts] TABLESAMPLE SYSTEM (2.0000 PERCENT) REPEATABLE (1)"; !ok || from != want {
		t.Errorf("sqlserver tablesample = %q, want %q", from, want)
	}
	from, _, ok = postgres{}.tablesample(tab, `"public"."c"`, 10000, 1000000)
	if want := `"public"."c" TABLESAMPLE BERNOULLI (1.3000) REPEATABLE (1)`; !ok || from != want {
		t.Errorf("postgres tablesample = %q, want %q", from, want)
	}
	from, _, _ = postgres{}.tablesample(tab, "t", 10000, 100_000_000)
	if !strings.Contains(from, "SYSTEM (0.0130)") {
		t.Errorf("postgres tablesample of a huge table = %q, want SYSTEM", from)
	}
	if _, _, ok := (postgres{}).tablesample(&tableInfo{kind: "view"}, "v", 10, 1000); ok {
		t.Errorf("a view sampled with TABLESAMPLE")
	}
}

func TestSQLServerURL(t *testing.T) {
	got, err := sqlserverURL("mssql://sa@db.example:1433?database=crm", "p@ss w0rd", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sqlserver://sa:p%40ss%20w0rd@db.example:1433", "ApplicationIntent=ReadOnly", "database=crm", "app+name=crmscan"} {
		if !strings.Contains(got, want) {
			t.Errorf("sqlserverURL = %q, want it to contain %q", got, want)
		}
	}
	if _, err := (sqlserver{}).connector("sqlserver://sa:secret@localhost?database=crm", "", false, time.Minute); err != nil {
		t.Errorf("connector: %v", err)
	}
}

func TestSQLServerFamily(t *testing.T) {
	for typ, want := range map[string]family{"nvarchar": famText, "varchar": famText, "ntext": famText, "xml": famCast,
		"datetime2": famCast, "int": famSkip, "bit": famSkip, "varbinary": famSkip, "uniqueidentifier": famSkip} {
		if got := mssqlFamily(typ); got != want {
			t.Errorf("mssqlFamily(%q) = %v, want %v", typ, got, want)
		}
	}
	if got := mssqlTypeName("nvarchar", "nvarchar", 80); got != "nvarchar(40)" {
		t.Errorf("mssqlTypeName = %q", got)
	}
}

func TestPGFamily(t *testing.T) {
	tests := []struct {
		typ, cat string
		want     family
	}{
		{"character varying(80)", "S", famText}, {"text", "S", famText}, {"jsonb", "U", famCast},
		{"text[]", "A", famCast}, {"integer[]", "A", famSkip}, {"timestamp without time zone", "D", famCast},
		{"date", "D", famCast}, {"time without time zone", "D", famSkip}, {"boolean", "B", famSkip},
		{"integer", "N", famSkip}, {"bytea", "U", famSkip}, {"uuid", "U", famSkip},
	}
	for _, tt := range tests {
		if got := pgFamily(tt.typ, tt.cat); got != tt.want {
			t.Errorf("pgFamily(%q, %q) = %v, want %v", tt.typ, tt.cat, got, tt.want)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://user:s3cr%40t@host/db?sslmode=disable", "postgres://user:xxxxx@host/db?sslmode=disable"},
		{"postgres://user@host/db?sslmode=disable&password=s3cret", "postgres://user@host/db?password=xxxxx&sslmode=disable"},
		{"postgres://user@host/db", "postgres://user@host/db"},
		{"sqlserver://sa:Pa55w0rd!@host?database=crm", "sqlserver://sa:xxxxx@host?database=crm"},
		{"mysql://root:p@ss:w/rd@tcp(127.0.0.1:3306)/crm", "mysql://root:xxxxx@tcp(127.0.0.1:3306)/crm"},
		{"mysql://root@tcp(127.0.0.1:3306)/crm", "mysql://root@tcp(127.0.0.1:3306)/crm"},
		{"postgres://u:pw@[bad/db", "postgres://xxxxx@[bad/db"},
		{"sqlite:///tmp/crm.db", "sqlite:///tmp/crm.db"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKindOf(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u@h/d": "postgres", "postgresql://u@h/d": "postgres", "mysql://u@tcp(h)/d": "mysql",
		"sqlserver://h": "sqlserver", "sqlite:///x.db": "sqlite", "https://x": "", "exports/a.csv": "",
	} {
		if got := KindOf(in); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScrub(t *testing.T) {
	allow := []string{"crm", "contacts", "email"}
	secrets := []string{"hunter22"}
	tests := []struct {
		err  error
		d    dialect
		want string
	}{
		{&pgconn.PgError{Code: "22P02", Message: `invalid input syntax for type integer: "jan@example.nl"`, Detail: "Key (email)=(jan@example.nl)"},
			postgres{}, `invalid input syntax for type integer: "…" (22P02)`},
		{&pgconn.PgError{Code: "42501", Message: `permission denied for table contacts`}, postgres{}, `permission denied for table contacts (42501)`},
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry '123456782' for key 'PRIMARY'"}, newMySQL(),
			"Duplicate entry '…' for key '…' (1062)"},
		{mssql.Error{Number: 245, Message: "Conversion failed when converting the nvarchar value 'Jan Jansen' to data type int."}, sqlserver{},
			"Conversion failed when converting the nvarchar value '…' to data type int. (245)"},
		{errors.New(`relation "crm.contacts" has value 0612345678 and jan@x.nl; password hunter22`), postgres{},
			`relation "crm.contacts" has value … and … password xxxxx`},
		{fmt.Errorf("dial: %w", errTimeout), postgres{}, "dial: query timeout"},
		{errors.New("unterminated 'secret value"), postgres{}, "unterminated '…"},
	}
	for _, tt := range tests {
		sc := &scrubber{secrets: secrets}
		if got := sc.text(tt.d, tt.err, allow); got != tt.want {
			t.Errorf("scrub(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestStrideRanges(t *testing.T) {
	got := strideRanges(1, 100, 4)
	want := [][2]int64{{1, 24}, {25, 48}, {49, 72}, {73, 100}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("strideRanges(1, 100, 4) = %v, want %v", got, want)
	}
	if got := strideRanges(-1<<63, 1<<63-1, 2); got[0][0] != -1<<63 || got[1][1] != 1<<63-1 || got[0][1]+1 != got[1][0] {
		t.Errorf("strideRanges over the whole int64 range = %v", got)
	}
	if got := strideRanges(5, 6, 10); fmt.Sprint(got) != "[[5 6]]" {
		t.Errorf("strideRanges(5, 6, 10) = %v", got)
	}
}

func TestSelectTables(t *testing.T) {
	all := []*tableInfo{{schema: "public", name: "customer"}, {schema: "public", name: "audit_log"},
		{schema: "crm", name: "contacts"}, {schema: "crm", name: "v", view: true}}
	names := func(ts []*tableInfo) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.qualified())
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		opt  Options
		want string
	}{
		{Options{}, "crm.contacts,public.audit_log,public.customer"},
		{Options{Views: true}, "crm.contacts,crm.v,public.audit_log,public.customer"},
		{Options{Schemas: []string{"PUBLIC"}}, "public.audit_log,public.customer"},
		{Options{Tables: []string{"!audit*"}}, "crm.contacts,public.customer"},
		{Options{Tables: []string{"crm.*", "customer"}}, "crm.contacts,public.customer"},
		{Options{Schemas: []string{"!crm"}, Tables: []string{"c*"}}, "public.customer"},
	}
	for _, tt := range tests {
		if got := names(selectTables(all, tt.opt)); got != tt.want {
			t.Errorf("selectTables(%+v) = %s, want %s", tt.opt, got, tt.want)
		}
	}
	if ValidGlob("[") == nil || ValidGlob("!") == nil || ValidGlob("crm_*") != nil {
		t.Errorf("ValidGlob misjudges")
	}
}

// The live SQL Server test runs only against a server named by
// CRMSCAN_TEST_MSSQL_URL (none can run on the CI machines).
func TestLiveSQLServer(t *testing.T) {
	url := liveURL(t, "CRMSCAN_TEST_MSSQL_URL")
	tabs, order, err := scanAll(t, url, Options{Limit: 1000}, nil)
	if err != nil {
		t.Logf("errors: %v", err)
	}
	if len(order) == 0 {
		t.Fatalf("no table read: %v", err)
	}
	for _, n := range order {
		t.Logf("%s: %d rows, columns %s", n, len(tabs[n].rows), colNames(tabs[n].cols))
	}
}

func TestPgConfig(t *testing.T) {
	t.Setenv("PGSSLMODE", "")
	cfg, err := pgConfig("postgres://auditor:url-pw@db.example.nl:5433/crm", "env-pw", true, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// no sslmode given: TLS required, no plain-text fallback
	if cfg.TLSConfig == nil || len(cfg.Fallbacks) != 0 {
		t.Errorf("no sslmode: TLS %v, %d fallbacks; want TLS required", cfg.TLSConfig != nil, len(cfg.Fallbacks))
	}
	if cfg.Password != "env-pw" || cfg.User != "auditor" || cfg.Database != "crm" || cfg.Port != 5433 {
		t.Errorf("config = user %q db %q port %d, password replaced: %v", cfg.User, cfg.Database, cfg.Port, cfg.Password == "env-pw")
	}
	for k, v := range map[string]string{"default_transaction_read_only": "on", "statement_timeout": "60000",
		"lock_timeout": "30000", "datestyle": "ISO, MDY", "client_encoding": "UTF8", "application_name": "crmscan"} {
		if cfg.RuntimeParams[k] != v {
			t.Errorf("start-up parameter %s = %q, want %q", k, cfg.RuntimeParams[k], v)
		}
	}
	if cfg.DefaultQueryExecMode != pgx.QueryExecModeDescribeExec {
		t.Errorf("query exec mode = %v, want unnamed statements (describe exec)", cfg.DefaultQueryExecMode)
	}
	cfg, err = pgConfig("postgres://auditor@127.0.0.1/crm?sslmode=disable&application_name=audit", "", false, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLSConfig != nil || cfg.RuntimeParams["application_name"] != "audit" {
		t.Errorf("sslmode=disable: TLS %v, application_name %q", cfg.TLSConfig != nil, cfg.RuntimeParams["application_name"])
	}
}

// readSizes records the size of each Read asked of it, and serves CopyData
// messages of one row.
type readSizes struct {
	asked []int
	msg   []byte
}

func (r *readSizes) Read(p []byte) (int, error) {
	r.asked = append(r.asked, len(p))
	n := 0
	for n+len(r.msg) <= len(p) {
		n += copy(p[n:], r.msg)
	}
	return n, nil
}

// The protocol reader of a connection asks the socket for dbReadBuffer
// bytes at a time, not pgproto3's 8 KiB: a full read of a million rows
// took 26,000 read calls.
func TestPgConfigReadsInLargeChunks(t *testing.T) {
	cfg, err := pgConfig("postgres://auditor@127.0.0.1/crm?sslmode=disable", "", false, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	row := []byte("1\tK0000001\tJan\n")
	msg := append([]byte{'d', 0, 0, 0, byte(4 + len(row))}, row...)
	r := &readSizes{msg: msg}
	fe := cfg.BuildFrontend(r, io.Discard)
	for i := 0; i < 10000; i++ {
		m, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := m.(*pgproto3.CopyData); !ok || string(d.Data) != string(row) {
			t.Fatalf("message %d = %#v, want the row", i, m)
		}
	}
	if len(r.asked) == 0 || r.asked[0] < dbReadBuffer {
		t.Errorf("reads asked %v, want %d bytes at a time", r.asked, dbReadBuffer)
	}
	if max := 10000*len(msg)/dbReadBuffer + 2; len(r.asked) > max {
		t.Errorf("%d reads for %d bytes, want at most %d", len(r.asked), 10000*len(msg), max)
	}
}

// readSizesConn is a connection whose reads readSizes serves.
type readSizesConn struct {
	net.Conn
	r *readSizes
}

func (c readSizesConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// The MySQL driver reads 4 KiB at a time; its connections ask the socket
// for dbReadBuffer bytes, and keep the socket reachable for the driver's
// check of an idle connection.
func TestMySQLConnectionsReadInLargeChunks(t *testing.T) {
	r := &readSizes{msg: []byte("0123456789abcdef")}
	c := buffered(readSizesConn{r: r})
	p := make([]byte, 4096)
	for i := 0; i < 100; i++ {
		if n, err := io.ReadFull(c, p); n != len(p) || err != nil {
			t.Fatal(n, err)
		}
	}
	if want := 100*4096/dbReadBuffer + 1; len(r.asked) > want || r.asked[0] < dbReadBuffer {
		t.Errorf("reads asked of the socket %v, want %d of %d bytes", r.asked, want, dbReadBuffer)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		if s, err := l.Accept(); err == nil {
			defer s.Close()
			_, _ = s.Write([]byte("x"))
			time.Sleep(time.Second)
		}
	}()
	tc, err := dialBuffered(t.Context(), "tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	if _, err := tc.(syscall.Conn).SyscallConn(); err != nil {
		t.Errorf("SyscallConn: %v", err)
	}
	b := make([]byte, 1)
	if n, err := tc.Read(b); n != 1 || b[0] != 'x' {
		t.Errorf("read %q, %v", b[:n], err)
	}
}
