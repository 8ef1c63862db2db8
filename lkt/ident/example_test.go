package ident_test

import (
	"errors"
	"fmt"

	"github.com/go-playground/validator/v10"

	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
)

func ExampleParsePersonNumber() {
	p, err := ident.ParsePersonNumber("41019012474", ident.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Kind, p.BirthDate.Format("2006-01-02"), p.Synthetic)

	_, err = ident.ParsePersonNumber("31029012493", ident.Options{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, ident.ErrDate))

	_, err = ident.ParsePersonNumber("01819012446", ident.Options{})
	fmt.Println(err)

	p, _ = ident.ParsePersonNumber("01819012446", ident.Options{AllowSynthetic: true})
	fmt.Println(p.Kind, p.BirthDate.Format("2006-01-02"), p.Synthetic)
	// Output:
	// d-number 1990-01-01 false
	// impossible date: the birth date (digits 1-6) is not a real calendar date
	// true
	// synthetic number not allowed: this is a synthetic test number (80 added to the month), which is accepted only in test environments
	// national-id 1990-01-01 true
}

func ExampleRegister() {
	type Referral struct {
		Patient string `validate:"required,personnumber"`
		Doctor  string `validate:"omitempty,hpr"`
		Clinic  string `validate:"omitempty,orgnr"`
	}
	v := validator.New()
	if err := ident.Register(v, ident.Options{}); err != nil {
		panic(err)
	}
	messages := ident.Messages()

	err := v.Struct(Referral{Patient: "01019012480", Doctor: "9144889", Clinic: "974760673"})
	fmt.Println(err == nil)

	err = v.Struct(Referral{Patient: "01019012481", Clinic: "974760674"})
	var ve validator.ValidationErrors
	if errors.As(err, &ve) {
		for _, fe := range ve {
			m := messages[fe.Tag()]
			fmt.Printf("%s %s (nb: %s)\n", fe.Field(), m[0], m[1])
		}
	}
	// Output:
	// true
	// Patient must be a valid Norwegian national identity number or D-number (11 digits) (nb: må være et gyldig fødselsnummer eller D-nummer (11 siffer))
	// Clinic must be a valid Norwegian organisation number (9 digits) (nb: må være et gyldig organisasjonsnummer (9 siffer))
}
