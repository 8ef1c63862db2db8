package roles_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

func TestCatalogueIsComplete(t *testing.T) {
	seen := map[roles.Code]bool{}
	mandatory := 0
	for _, r := range roles.All() {
		assert.False(t, seen[r.Code], "duplicate code %s", r.Code)
		seen[r.Code] = true
		assert.NotEmpty(t, r.Labels.EN, "%s needs an English label", r.Code)
		assert.NotEmpty(t, r.Labels.NB, "%s needs a bokmål label", r.Code)
		assert.NotEmpty(t, r.Labels.NN, "%s needs a nynorsk label", r.Code)
		if r.Mandatory {
			mandatory++
			assert.Equal(t, roles.KindMandatory, r.Kind)
		}
		if r.Sector != roles.AnySector {
			assert.True(t, r.Sector.Valid(), "%s has an unknown sector", r.Code)
		}
	}
	assert.Equal(t, 4, mandatory, "the report names exactly four mandatory roles")
	assert.Equal(t, roles.MandatoryCodes(), []roles.Code{roles.CoordinatorLeader, roles.GP, roles.ContactClinician, roles.InternalCoordinator})
	// The actors the report meets around its patients are all there.
	for _, c := range []roles.Code{roles.Patient, roles.NextOfKin, roles.ParentGuardian, roles.LegalRepresentative,
		roles.HomeNursing, roles.Physiotherapist, roles.School, roles.Kindergarten, roles.PPT, roles.ChildWelfare,
		roles.NAV, roles.Assistant, roles.ReliefService, roles.VoluntaryOrganisation} {
		assert.True(t, c.Valid(), "%s missing", c)
	}
	for _, s := range roles.Sectors() {
		assert.NotEqual(t, string(s), s.Label(roles.Bokmal), "sector %s needs a label", s)
	}
}

func TestLabelsFallBack(t *testing.T) {
	l := roles.Labels{EN: "GP", NB: "Fastlege"}
	assert.Equal(t, "GP", l.In(roles.English))
	assert.Equal(t, "Fastlege", l.In(roles.Bokmal))
	assert.Equal(t, "Fastlege", l.In(roles.Nynorsk), "nynorsk falls back to bokmål")
	assert.Equal(t, "GP", roles.Labels{EN: "GP"}.In(roles.Bokmal))
	assert.Equal(t, "unknown-code", roles.Code("unknown-code").Label(roles.English))
	assert.False(t, roles.Code("unknown-code").Valid())
	assert.False(t, roles.Physiotherapist.Mandatory())
	assert.True(t, roles.GP.Mandatory())
}

func TestFits(t *testing.T) {
	tests := []struct {
		mandatory roles.Code
		holder    roles.Holder
		ok        bool
	}{
		{roles.GP, roles.Holder{roles.GeneralPractitioner, roles.GeneralPractice}, true},
		{roles.GP, roles.Holder{roles.MunicipalPhysician, roles.MunicipalHealth}, false},
		{roles.ContactClinician, roles.Holder{roles.SpecialistPhysician, roles.SpecialistHealth}, true},
		{roles.ContactClinician, roles.Holder{roles.Psychologist, roles.SpecialistHealth}, true},
		{roles.ContactClinician, roles.Holder{roles.Psychologist, roles.MunicipalHealth}, false},
		{roles.ContactClinician, roles.Holder{roles.HospitalNurse, roles.SpecialistHealth}, false},
		{roles.InternalCoordinator, roles.Holder{roles.HospitalNurse, roles.SpecialistHealth}, true},
		{roles.InternalCoordinator, roles.Holder{roles.MunicipalCoordinator, roles.MunicipalHealth}, false},
		{roles.CoordinatorLeader, roles.Holder{roles.Physiotherapist, roles.MunicipalHealth}, true},
		{roles.CoordinatorLeader, roles.Holder{roles.SpecialistPhysician, roles.SpecialistHealth}, true},
		{roles.CoordinatorLeader, roles.Holder{roles.ParentGuardian, roles.PrivateNetwork}, false},
		{roles.CoordinatorLeader, roles.Holder{"nonsense", roles.MunicipalHealth}, false},
		{roles.School, roles.Holder{roles.School, roles.Education}, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.mandatory, tt.holder.Role, tt.holder.Sector), func(t *testing.T) {
			err := roles.Fits(tt.mandatory, tt.holder)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			mis, ok := errors.AsType[*words.Error](err)
			require.True(t, ok)
			assert.Equal(t, roles.RuleFit, mis.Rule)
			assert.Equal(t, words.Invalid, mis.Code)
			assert.NotEmpty(t, mis.Message.NN)
			assert.NotEqual(t, mis.Message.EN, mis.Message.NB)
		})
	}
}

func ExampleFits() {
	err := roles.Fits(roles.GP, roles.Holder{Role: roles.Physiotherapist, Sector: roles.MunicipalHealth})
	fmt.Println(words.MessageOf(err, words.English))
	fmt.Println(roles.Fits(roles.CoordinatorLeader, roles.Holder{Role: roles.Physiotherapist, Sector: roles.MunicipalHealth}))
	// Output:
	// the GP role must be held by a general practitioner, not: Physiotherapist
	// <nil>
}

func ExampleCode_Label() {
	for _, c := range roles.MandatoryCodes() {
		fmt.Println(c.Label(roles.Nynorsk))
	}
	// Output:
	// Koordinator og leiar av aktørfellesskapet
	// Fastlege
	// Kontaktlege eller kontaktpsykolog
	// Intern koordinator i spesialisthelsetenesta
}
