package quality_test

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// A GP, home nursing, a physiotherapist and the hospital's geriatric ward
// around an 84-year-old with moderate cognitive impairment.
func ExampleScreen() {
	a, err := quality.Screen(quality.Screening{
		Competences:   5,
		Professions:   4,
		Organisations: 3,
		Sectors:       []roles.Sector{roles.GeneralPractice, roles.MunicipalHealth, roles.SpecialistHealth},
		Age:           quality.Years(84),
		Cognition:     quality.Moderate,
		MentalHealth:  quality.None,
		Function:      quality.Severe,
		Language:      quality.None,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(a.Explain(roles.English))
	// Output:
	// A      Competences involved                           5            +1  raises complexity by 1
	// A      Professions involved                           4            +2  raises complexity by 2
	// A      Organisations involved                         3            +1  raises complexity by 1
	// A      Sectors and service levels                     3            +2  raises complexity by 2
	// A      Both specialist and municipal/GP services      yes          +1  raises complexity by 1
	// B      Age                                            84           +1  raises reduced capacity by 1
	// B      Cognitive impairment                           moderate     +1  raises reduced capacity by 1
	// B      Mental ill health                              none         +0  no effect
	// B      Reduced function                               severe       +2  raises reduced capacity by 2
	// B      Lacking language or understanding of society   none         +0  no effect
	// course Acute, fast course                             no           +0  no effect
	// Group 1: Complex needs and limited capacity to coordinate them — framework recommended
	// - complexity 7 of 9 is high (threshold 5)
	// - capacity is reduced: 4 of 9 points (threshold 2)
	// - group 1 is the framework's target group: recommended
}

func ExampleRCCollector() {
	c, _ := quality.NewRCCollector(2)
	for _, r := range []quality.RCResponse{
		{Community: "c1", Respondent: "gp-1", Role: roles.GP, Ratings: []quality.RCRatings{
			{About: roles.CoordinatorLeader, Scores: [quality.NumDimensions]int{4, 4, 5, 3, 5, 4, 5}}}},
		{Community: "c2", Respondent: "gp-2", Role: roles.GP, Ratings: []quality.RCRatings{
			{About: roles.CoordinatorLeader, Scores: [quality.NumDimensions]int{2, 3, 3, 3, 4, 2, 4}}}},
	} {
		if err := c.Submit(true, r); err != nil {
			fmt.Println(err)
		}
	}
	err := c.Submit(true, quality.RCResponse{Community: "c1", Respondent: "gp-1", Role: roles.GP,
		Ratings: []quality.RCRatings{{About: roles.GP, Scores: [quality.NumDimensions]int{5}}}})
	fmt.Println(err.(*quality.Error).Localized(roles.Bokmal))

	res := c.Results()
	for _, d := range res.Dimensions {
		fmt.Printf("%-30s %.1f (n=%d)\n", d.Dimension.Label(roles.English), d.Score, d.Respondents)
	}
	fmt.Printf("%-30s %.2f (n=%d)\n", "Overall", res.Overall.Score, res.Overall.Respondents)
	// Output:
	// en respondent vurderer de andre rollene, ikke sin egen
	// Frequent communication         3.0 (n=2)
	// Timely communication           3.5 (n=2)
	// Accurate communication         4.0 (n=2)
	// Problem-solving communication  3.0 (n=2)
	// Shared goals                   4.5 (n=2)
	// Shared knowledge               3.0 (n=2)
	// Mutual respect                 4.5 (n=2)
	// Overall                        3.64 (n=2)
}
