// Package oracle holds the faithfulness oracle, a test only: real vendor
// dumps (Dolibarr, Sakila, Chinook, and a pg_dump the test makes itself) are
// scanned as files by crmscan, and every table's row count and every
// column's name and count of values are compared with what the live
// database holds after loading the same dump. See oracle_test.go.
package oracle
