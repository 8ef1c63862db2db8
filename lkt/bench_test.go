package lkt_test

import (
	"fmt"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// community40 returns the active fixture grown to 40 members, the size of
// the report's largest actor maps.
func community40(b *testing.B) *lkt.Community {
	b.Helper()
	c, _ := lkttest.Active(b)
	kinds := []roles.Code{roles.Assistant, roles.HomeNursing, roles.School, roles.Physiotherapist, roles.ReliefService, roles.NAV, roles.PPT}
	for i := len(c.Members()); i < 40; i++ {
		m := lkt.NewMember{ID: actormap.ActorID(fmt.Sprintf("m-%02d", i)), Name: fmt.Sprintf("Actor %02d", i), Role: kinds[i%len(kinds)],
			Contact: actormap.Contact{Phone: "+47 555 00 000"}}
		if err := c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}); err != nil {
			b.Fatal(err)
		}
	}
	c.MarkSaved()
	return c
}

// BenchmarkDo40 applies a typical command — updating a member's contact
// details — to a community of 40 members.
func BenchmarkDo40(b *testing.B) {
	c := community40(b)
	cmd := lkt.UpdateMember{MemberID: "m-20", Name: "Actor 20", Organisation: "Bjørnafjorden kommune", Contact: actormap.Contact{Phone: "+47 555 99 999"}}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Do(lkttest.Coordinator, cmd); err != nil {
			b.Fatal(err)
		}
		c.MarkSaved()
	}
}

// BenchmarkDoRefused40 measures a refused command (the cost of validation
// and authorisation alone).
func BenchmarkDoRefused40(b *testing.B) {
	c := community40(b)
	cmd := lkt.UpdateMember{MemberID: "m-20", Name: ""}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Do(lkttest.Coordinator, cmd); err == nil {
			b.Fatal("expected refusal")
		}
	}
}

// BenchmarkStatusChange40 marks a member on leave and back, through the
// mandatory-role checks.
func BenchmarkStatusChange40(b *testing.B) {
	c := community40(b)
	leave := lkt.ChangeMemberStatus{MemberID: "m-21", Status: actormap.OnLeave}
	back := lkt.ChangeMemberStatus{MemberID: "m-21", Status: actormap.Active}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		cmd := leave
		if i%2 == 1 {
			cmd = back
		}
		if err := c.Do(lkttest.Coordinator, cmd); err != nil {
			b.Fatal(err)
		}
		c.MarkSaved()
	}
}

// BenchmarkSnapshot40 is the deep copy a reader or a store gets.
func BenchmarkSnapshot40(b *testing.B) {
	c := community40(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Snapshot()
	}
}
