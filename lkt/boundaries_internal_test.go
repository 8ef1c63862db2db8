package lkt

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Two pages of one query merge into at most limit items, with a cursor
// only when there is more (issue 16.10).
func TestMergePagesCursorOnlyWhenMore(t *testing.T) {
	page := func(next ID, ids ...ID) Page {
		p := Page{Next: next}
		for _, id := range ids {
			p.Items = append(p.Items, Summary{ID: id})
		}
		return p
	}
	got := mergePages(page("", "a", "c"), page("", "b"), 3)
	assert.Len(t, got.Items, 3)
	assert.Empty(t, got.Next, "exactly limit, nothing more")

	got = mergePages(page("", "a", "c"), page("", "b", "d"), 3)
	assert.Len(t, got.Items, 3)
	assert.Equal(t, ID("c"), got.Next)

	assert.Equal(t, 5, clampLimit(5))
	assert.Equal(t, MaxPage, clampLimit(0))
	assert.Equal(t, MaxPage, clampLimit(MaxPage+1))
}
