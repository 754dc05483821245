package main

import "fmt"

// benchDatabases times crmscan on a 1,000,000-row contacts table in each
// database whose URL the environment names, beside the database's client.
func benchDatabases(bin, dir string, runs int) {
	fmt.Println("databases: not measured yet")
}
