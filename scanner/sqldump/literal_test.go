package sqldump

import (
	"errors"
	"strings"
	"testing"
)

// rowsOf reads a script and returns its tables' rows, each cell quoted
// with %q so that an empty cell (NULL) shows as "".
func rowsOf(t *testing.T, script string) (map[string][]string, []string, error) {
	t.Helper()
	tabs, err := readAll(t, []byte(script), Options{})
	rows := map[string][]string{}
	var cols []string
	for _, tb := range tabs {
		for _, r := range tb.rows {
			var q []string
			for _, c := range r {
				q = append(q, strconvQuote(c))
			}
			rows[tb.name] = append(rows[tb.name], strings.Join(q, ","))
		}
		for _, c := range tb.cols {
			cols = append(cols, tb.name+"."+c.Name)
		}
	}
	return rows, cols, err
}

func strconvQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(strings.ToUpper(string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&15])))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Each literal form reads as the server stores it.
func TestLiterals(t *testing.T) {
	const my = "-- MySQL dump 10.13\n"
	for _, tc := range []struct {
		name, script, want string
	}{
		{"NULL in any case", "INSERT INTO org VALUES (1,'Default Organization',NULL,NULL),(2,null,Null,nULL);",
			`"1","Default Organization","",""|"2","","",""`},
		{"NULL beside a comment", "INSERT INTO t VALUES (NULL/* x */,-- y\nNULL);", `"",""`},
		{"negative and signed numbers", "INSERT INTO t VALUES (-1,-2.5e-3,+7,- 4,.5);", `"-1","-2.5e-3","7","-4",".5"`},
		{"TRUE and FALSE", "INSERT INTO t VALUES (TRUE,false);", `"true","false"`},
		{"doubled quotes", "INSERT INTO t VALUES ('o''brien','''','');", `"o'brien","'",""`},
		{"standard strings keep backslashes", "INSERT INTO t VALUES ('a\\nb','c:\\dir');", `"a\\nb","c:\\dir"`},
		{"pg standard_conforming_strings off", "SET standard_conforming_strings = off;\nINSERT INTO t VALUES ('a\\'b');", `"a'b"`},
		{"E strings", `INSERT INTO t VALUES (E'a\nb\tc\\d\'e',E'\x41\101\u00e9\U0001F600',e'q''r');`, `"a\x0Ab\x09c\\d'e","AAé😀","q'r"`},
		{"U& strings", `INSERT INTO t VALUES (U&'d\0061t\+000061');`, `"data"`},
		{"N strings", "INSERT INTO [t] VALUES (N'jan@voorbeeld.nl', n'x')\nGO\n", `"jan@voorbeeld.nl","x"`},
		{"dollar quotes", "INSERT INTO t VALUES ($$it's$$,$a$x$$y$a$);", `"it's","x$$y"`},
		{"casts", "INSERT INTO t VALUES ('2020-01-01'::date,'x'::character varying(20),'{a}'::text[],CAST(N'b' AS nvarchar(10)));", `"2020-01-01","x","{a}","b"`},
		{"function calls keep their text", "INSERT INTO t VALUES (now(),nextval('s'));", `"now()","nextval('s')"`},
		{"DEFAULT takes the declared default", "CREATE TABLE t (a int, b varchar(9) DEFAULT 'nl');\nINSERT INTO t VALUES (1,DEFAULT);", `"1","nl"`},
		{"MySQL backslash escapes", my + `INSERT INTO t VALUES ('a\'b\"c\\d\ne\tf\0g\Zh\%i\_j','it''s');`, `"a'b\"c\\d\x0Ae\x09f\x00g\x1Ah\\%i\\_j","it's"`},
		{"MySQL double-quoted strings", my + `INSERT INTO t VALUES ("say \"hi\"","a""b");`, `"say \"hi\"","a\"b"`},
		{"MySQL introducers", my + "INSERT INTO t VALUES (_utf8mb4'jan',_binary 'x\\0',_latin1 X'4142',_binary 0x4344,'v' COLLATE utf8mb4_bin);", `"jan","x\x00","AB","CD","v"`},
		{"hex literals", my + "INSERT INTO t VALUES (X'6a616e',x'',0x6A616E);", `"jan","","jan"`},
		{"MySQL comments", my + "INSERT INTO t VALUES (1 # one\n,--  two\n2,/* three */3,4--1);", `"1","2","3","4"`},
		{"MySQL versioned comments in VALUES", my + "INSERT INTO `a` VALUES (1,/*!50705 0x41,*/'x'),(2,/*!50705 0x42,*/'y');", `"1","A","x"|"2","B","y"`},
		{"pg nested comments", "INSERT INTO t VALUES (1 /* a /* b */ c */, 2);", `"1","2"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, _, err := rowsOf(t, tc.script)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r...)
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "|"), tc.want)
			}
		})
	}
}

// Columns inside versioned comments count, as the server runs them; a
// trigger written between DELIMITER ;; lines is no data.
func TestVersionedCommentsAndDelimiter(t *testing.T) {
	script := "CREATE TABLE address (\n  address_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,\n  phone VARCHAR(20) NOT NULL,\n" +
		"  /*!50705 location GEOMETRY NOT NULL,*/\n  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY  (address_id),\n" +
		"  /*!50705 SPATIAL KEY `idx_location` (location),*/\n  KEY idx (phone)\n)ENGINE=InnoDB DEFAULT CHARSET=utf8;\n" +
		"/*!50610 ALTER TABLE address engine=InnoDB */;\n" +
		"DELIMITER ;;\nCREATE TRIGGER `ins` AFTER INSERT ON `address` FOR EACH ROW BEGIN\n    INSERT INTO film_text (film_id, title)\n        VALUES (new.film_id, new.title);\n  END;;\nDELIMITER ;\n" +
		"/*!40000 ALTER TABLE `address` DISABLE KEYS */;\n" +
		"INSERT INTO `address` VALUES (1,'0612345678',/*!50705 0x01,*/'2014-09-25 22:30:27');\n" +
		"DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; INSERT INTO x VALUES (1); END //\nDELIMITER ;\n" +
		"/*!40101 SET character_set_client = @saved_cs_client */;\n" +
		"INSERT INTO `address` VALUES (2,'0612345679',/*!50705 0x02,*/'2014-09-25 22:30:28');\n"
	rows, cols, err := rowsOf(t, script)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cols, " "); got != "address.address_id address.phone address.location address.last_update" {
		t.Errorf("columns %s", got)
	}
	if len(rows) != 1 || len(rows["address"]) != 2 || rows["address"][0] != `"1","0612345678","\x01","2014-09-25 22:30:27"` {
		t.Errorf("rows %q", rows)
	}
}

// An unterminated string is an error at its line; the reader resumes at
// the next statement and reads every other row.
func TestUnterminatedString(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		if i == 2 {
			b.WriteString("INSERT INTO t VALUES (2,'broken);\n")
			continue
		}
		b.WriteString("INSERT INTO t VALUES (" + strings.Repeat("1", 1+i%3) + ",'x@voorbeeld.nl');\n")
	}
	tabs, err := readAll(t, []byte(b.String()), Options{})
	var de *DefectError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "line 3: unterminated string literal") {
		t.Fatalf("err = %v, want an unterminated string at line 3", err)
	}
	n := 0
	for _, tb := range tabs {
		n += len(tb.rows)
	}
	if n != 999 {
		t.Errorf("%d rows, want 999", n)
	}
	// at the end of the dump
	_, err = readAll(t, []byte("INSERT INTO t VALUES (1,'a'),(2,'b);\n"), Options{})
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "line 1: unterminated string literal: the dump ends inside it") {
		t.Errorf("err = %v", err)
	}
}

// A huge literal is cut at MaxCell and the rest of the dump read.
func TestLongLiteralCut(t *testing.T) {
	big := strings.Repeat("a", 3<<20)
	script := "INSERT INTO t VALUES (1,'" + big + "',E'" + big + "',0x" + strings.Repeat("41", 1<<20) + "),(2,'x','y',NULL);\n" +
		"COPY u (a, b) FROM stdin;\n" + big + "\tz\n\\.\n"
	var cut []string
	tabs, err := readAll(t, []byte(script), Options{MaxCell: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tabs {
		for _, r := range tb.rows {
			for _, c := range r {
				if len(c) > 1000 {
					t.Errorf("%s: a cell of %d bytes", tb.name, len(c))
				}
			}
		}
		cut = append(cut, tb.name)
	}
	if len(tabs) != 2 || len(tabs[0].rows) != 2 || tabs[0].rows[1][1] != "x" || tabs[1].rows[0][1] != "z" || len(tabs[1].rows[0][0]) != 1000 {
		t.Errorf("tables %v", cut)
	}
}

// An unterminated string outside the rows (in a CREATE TABLE, a SET) is
// a defect too, and the tables after it are read.
func TestUnterminatedStringInStatements(t *testing.T) {
	for _, script := range []string{
		"CREATE TABLE a (x varchar(9) DEFAULT 'oops);\nINSERT INTO t VALUES (1,'x');\nINSERT INTO t VALUES (2,'y');\n",
		"SET sql_mode = 'TRADITIONAL;\nINSERT INTO t VALUES (1,'x');\nINSERT INTO t VALUES (2,'y');\n",
		"COMMENT ON TABLE a IS 'oops;\nINSERT INTO t VALUES (1,'x');\nINSERT INTO t VALUES (2,'y');\n",
	} {
		tabs, err := readAll(t, []byte(script), Options{})
		var de *DefectError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "line 1: unterminated string literal (read on from line 2)") {
			t.Errorf("%q: err = %v", script, err)
		}
		if len(tabs) != 1 || len(tabs[0].rows) != 2 {
			t.Errorf("%q: tables %v", script, tabs)
		}
	}
}

// Scripts that start with a SQL Server batch (IF EXISTS ... GO) or other
// statements are dumps too.
func TestLooksLikeDump(t *testing.T) {
	for _, head := range []string{
		"/****\n Chinook\n****/\nIF EXISTS (SELECT name FROM master.dbo.sysdatabases WHERE name = N'Chinook')\nBEGIN\nEND\nGO\n",
		"-- x\nPRAGMA foreign_keys = ON;\n", "EXEC sp_x\nGO\n", "DECLARE @x int\n",
	} {
		if !LooksLikeDump([]byte(head)) {
			t.Errorf("%q: not a dump", head)
		}
	}
	if LooksLikeDump([]byte("name,email\njan,jan@voorbeeld.nl\n")) {
		t.Error("a CSV taken for a dump")
	}
}
