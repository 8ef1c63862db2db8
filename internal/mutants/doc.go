// Command mutants is the project's mutation tester for the rule packages
// (issue 16.10): it negates each comparison of a package (== and !=, <
// and >=, > and <=) and moves each ordering's boundary (< and <=, > and
// >=), the two conditional mutations of gremlins, and reports every
// mutant no test notices.
//
//	go run ./internal/mutants -pkg lkt/quality -tests lkt/quality,lkt
//
// Gremlins builds and runs the package's tests once per mutant, which on
// two shared cores takes hours for package lkt. This command compiles the
// mutants into the package instead (mutant schemata): every comparison
// becomes a switch over its mutants, chosen at run time by the
// environment, so the test binary of each package in -tests is built once
// through a go build overlay, without touching the source tree. It first
// runs each test alone to learn which comparisons it reaches, then runs
// against each mutant only those tests, so a mutant costs a fraction of a
// second instead of a build.
//
// A mutant is KILLED when a test fails, LIVED when all pass, TIMED OUT when
// they take ten times their normal time, and NOT COVERED when no test
// reaches its comparison. The output lists each mutant as gremlins does
// (kind, file:line:column) and ends with the efficacy, killed ÷ (killed +
// lived). It is a documented command, not part of CI.
package main
