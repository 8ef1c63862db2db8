package lkttest

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
)

// A patient has one open community (lkt.RuleOneOpenCommunity), so every
// community a test builds needs a patient of its own: NationalID gives
// each a synthetic number, and Builder.WithID uses it.

// patientNumbers caches the valid synthetic numbers of one birth date.
var patientNumbers struct {
	sync.Mutex
	byDay map[time.Time][]string
}

// communityPatients is the number WithID gave each community id, in this
// process.
var communityPatients struct {
	sync.Mutex
	ids map[lkt.ID]string
}

// NationalID returns a synthetic national identity number or D-number
// for n >= 0 of a child born a few weeks after PatientBirth: still under
// 16 at Start and for years after. Distinct n give distinct numbers, none
// the fixture patient's nor one WithID gives, so tests (and processes
// sharing a database) that number their communities give each its own
// patient.
func NationalID(n int) string {
	if n < 0 {
		panic("lkttest: NationalID of a negative n")
	}
	return nthNumber(withIDNumbers + n)
}

// withIDNumbers is how many numbers WithID may give in one process; the
// numbers after them are NationalID's.
const withIDNumbers = 50_000

// nthNumber returns the n-th valid synthetic number of a patient born on
// PatientBirth or, once that day's (about 800) are used up, the days
// after.
func nthNumber(n int) string {
	for day := 0; ; day++ {
		nums := numbersOn(PatientBirth.AddDate(0, 0, day))
		if n < len(nums) {
			return nums[n]
		}
		n -= len(nums)
	}
}

// numbersOn lists the valid synthetic numbers (national identity numbers,
// then D-numbers) of birth date d, without the fixture patient's.
func numbersOn(d time.Time) []string {
	patientNumbers.Lock()
	defer patientNumbers.Unlock()
	if nums, ok := patientNumbers.byDay[d]; ok {
		return nums
	}
	fixture := NewBuilder().Patient.NationalID
	var nums []string
	for _, dnum := range []bool{false, true} {
		for seq := 0; seq < 1000; seq++ {
			nin, err := ident.SyntheticNumber(d, dnum, seq)
			if err != nil {
				continue // seq outside the year's individual numbers, or none valid from it on
			}
			ind, _ := strconv.Atoi(nin[6:9])
			if ind < seq { // cannot happen: SyntheticNumber searches upwards
				panic(fmt.Sprintf("lkttest: synthetic number %d below seq %d", ind, seq))
			}
			seq = ind // the next loop starts after it
			if nin != fixture {
				nums = append(nums, nin)
			}
		}
	}
	if patientNumbers.byDay == nil {
		patientNumbers.byDay = map[time.Time][]string{}
	}
	patientNumbers.byDay[d] = nums
	return nums
}

// nationalIDOf returns the number community id's patient has: the
// fixture patient's for CommunityID, otherwise a number of its own, the
// same for the same id throughout the process.
func nationalIDOf(id lkt.ID) string {
	if id == CommunityID {
		return NewBuilder().Patient.NationalID
	}
	communityPatients.Lock()
	defer communityPatients.Unlock()
	if nin, ok := communityPatients.ids[id]; ok {
		return nin
	}
	if communityPatients.ids == nil {
		communityPatients.ids = map[lkt.ID]string{}
	}
	n := len(communityPatients.ids)
	if n == withIDNumbers {
		panic("lkttest: more than 50 000 communities built WithID in one process; use NationalID")
	}
	nin := nthNumber(n)
	communityPatients.ids[id] = nin
	return nin
}
