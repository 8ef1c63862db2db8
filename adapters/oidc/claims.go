package oidc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// ClaimNames says which token claims carry the facts lkt.Claims holds;
// an empty name means the provider does not vouch for that fact.
type ClaimNames struct {
	NationalID, HPR, OrgNumber, Organisation, Name string
	// Citizen marks a provider that signs citizens in (ID-porten): the
	// national identity number it verifies makes a person the patient or
	// the relative a community records it for (lkt.Claims.CitizenSignIn).
	// Only such a provider's number does.
	Citizen bool
}

// HelseIDClaims are HelseID's claim names.
var HelseIDClaims = ClaimNames{
	NationalID:   "helseid://claims/identity/pid",
	HPR:          "helseid://claims/hpr/hpr_number",
	OrgNumber:    "helseid://claims/client/claims/orgnr_parent",
	Organisation: "",
	Name:         "name",
}

// IDPortenClaims are ID-porten's: it vouches for the national identity
// number ("pid") only.
var IDPortenClaims = ClaimNames{NationalID: "pid", Citizen: true}

// numFacts is how many facts ClaimNames names.
const numFacts = 5

// names are the claim names n reads, in the order their values are kept
// (fromFacts).
func (n ClaimNames) names() [numFacts]string {
	return [numFacts]string{n.NationalID, n.HPR, n.OrgNumber, n.Organisation, n.Name}
}

// verifiedClaims reads the facts named by n from a token's claims.
func (n ClaimNames) verifiedClaims(issuer string, raw map[string]any) (lkt.Claims, string) {
	var facts [numFacts]string
	for i, name := range n.names() {
		if name != "" {
			facts[i], _ = raw[name].(string)
		}
	}
	return n.fromFacts(issuer, facts)
}

// fromFacts are the verified claims and the name of the facts a token
// gives for n.names(), "" where it gives none.
func (n ClaimNames) fromFacts(issuer string, facts [numFacts]string) (lkt.Claims, string) {
	c := lkt.Claims{
		Issuer:       issuer,
		NationalID:   facts[0],
		HPR:          facts[1],
		OrgNumber:    facts[2],
		Organisation: facts[3],
	}
	// HelseID issues an HPR number only for a person the register holds
	// with an authorisation or licence.
	c.HealthPersonnel = c.HPR != ""
	c.CitizenSignIn = n.Citizen && c.NationalID != ""
	return c, facts[4]
}

// Directory maps a verified person to the id the communities know them
// by. See the package documentation.
type Directory struct {
	// ByHPR and ByNationalID list ids the operator assigned.
	ByHPR, ByNationalID map[string]actormap.ActorID
	// Key keys the hash of national identity numbers not listed; without
	// it such a person has no id and cannot sign in.
	Key []byte
}

// ErrUnknownPerson: the provider verified someone the directory cannot
// name.
var ErrUnknownPerson = errors.New("oidc: the verified person has no id in the directory")

// ID returns the id of the person c describes.
func (d *Directory) ID(c lkt.Claims) (actormap.ActorID, error) {
	if c.HPR != "" {
		if id, ok := d.ByHPR[c.HPR]; ok {
			return id, nil
		}
	}
	if c.NationalID != "" {
		if id, ok := d.ByNationalID[c.NationalID]; ok {
			return id, nil
		}
	}
	if c.HPR != "" {
		return actormap.ActorID("hpr-" + c.HPR), nil
	}
	if c.NationalID != "" && len(d.Key) > 0 {
		m := hmac.New(sha256.New, d.Key)
		m.Write([]byte(c.NationalID))
		return actormap.ActorID("nin-" + hex.EncodeToString(m.Sum(nil))[:24]), nil
	}
	return "", ErrUnknownPerson
}
