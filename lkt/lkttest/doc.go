// Package lkttest is what integrators need to test their own code against
// go-lkt: a settable clock, builders for a valid actor community (consent
// given, inclusion recorded, all four mandatory roles filled, mandate
// anchored, active) and for each way a community can fall short of that,
// and an in-memory Store that passes adapters/storetest.
//
// All people and identity numbers are fictional; identity numbers are
// synthetic (month + 80), so the Config here accepts synthetic numbers.
package lkttest
