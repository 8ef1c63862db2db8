package lkt

import (
	"context"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// PatientKey names a patient: by national identity number or D-number, or
// by the integrator's id for the patient. Exactly one is set.
type PatientKey struct {
	NationalID string
	ID         actormap.ActorID
}

// matches reports whether p is the patient k names.
func (k PatientKey) matches(p Patient) bool {
	switch {
	case k.NationalID != "":
		return p.NationalID == k.NationalID
	case k.ID != "":
		return p.ID == k.ID
	}
	return false
}

// MaxPatientScan bounds how many communities PatientCommunities looks at
// in one call: a person's portfolio is far smaller; a system, which may
// list every community, is told when the walk stopped short.
const MaxPatientScan = 10 * MaxPage

// PatientCommunities returns the ids of the communities of the patient k
// names among those by may list (their own; every community, for a
// system), in id order, and whether every such community was looked at
// (false when MaxPatientScan was reached first).
//
// It reads nothing for by to see: the caller reads each community it
// returns through Get, which checks consent and authorisation and audits
// the read. That is why the communities looked at are not audited here:
// by learns only which of the communities they already list concern the
// patient — by national identity number only those where by may see it.
func (s *Service) PatientCommunities(ctx context.Context, by Principal, k PatientKey) ([]ID, bool, error) {
	if (k.NationalID == "") == (k.ID == "") {
		return nil, false, invalid("patient", "name the patient by national identity number or by id",
			"oppgi pasienten med fødselsnummer eller id",
			"gje opp pasienten med fødselsnummer eller id")
	}
	q := Query{At: s.cfg.now(), Limit: MaxPage}
	if by.Kind == SystemPrincipal && !by.actsInCommunities() {
		return nil, false, nil // a member of none
	}
	if by.Kind != SystemPrincipal {
		if by.ID == "" {
			return nil, false, forbidden(RuleNotAMember, "sign in to find communities", "logg inn for å finne aktørfellesskap",
				"logg inn for å finne aktørfellesskap")
		}
	}
	var found []ID
	scanned := 0
	for {
		page, err := s.portfolio(ctx, by, q)
		if err != nil {
			return nil, false, err
		}
		for _, it := range page.Items {
			if scanned == MaxPatientScan {
				return found, false, nil
			}
			scanned++
			if k.ID != "" && it.Patient != "" {
				// The summary names the patient: no need to load.
				if it.Patient == k.ID {
					found = append(found, it.ID)
				}
				continue
			}
			snap, _, err := s.store.Load(ctx, it.ID)
			if err != nil {
				if CodeOf(err) == NotFound {
					continue // gone since the query
				}
				return nil, false, WrapInternal(err)
			}
			// By national id only where by may see it (need to know:
			// Community.SeesPersonalDetails); a match would tell them.
			if k.matches(snap.Patient) && (k.NationalID == "" || Restore(s.cfg, snap, 0).SeesPersonalDetails(by, q.At)) {
				found = append(found, it.ID)
			}
		}
		if page.Next == "" {
			return found, true, nil
		}
		q.After = page.Next
	}
}
