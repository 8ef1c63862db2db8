package postgres

// Where a community's summary is kept (migration 0011). The municipality
// index (0008) and the primary key (0010) carry the summary column, so
// that a portfolio page is an index-only scan; a B-tree entry holds at most
// 2704 bytes, so a summary of more than maxIndexedSummary bytes (the JSON
// the store writes, uncompressed) is kept in summary_big instead, which no
// index carries, and summary is NULL. The largest keys beside it in an
// entry, a municipality of 100 characters (at most 400 bytes) and an id of
// 100 bytes, leave it room within the 2704 bytes with the headers,
// whatever compression does. A page takes summary_big from the row only
// for the entries whose summary is NULL (querySQL).
const maxIndexedSummary = `2000`

// The SQL values of summary and summary_big for the summary in parameter
// $4 (a new community's) or $5 (an update's): one of them NULL.
const (
	summaryOf4 = `CASE WHEN octet_length($4::bytea) <= ` + maxIndexedSummary + ` THEN $4::bytea END, ` +
		`CASE WHEN octet_length($4::bytea) > ` + maxIndexedSummary + ` THEN $4::bytea END`
	summaryOf5 = `CASE WHEN octet_length($5::bytea) <= ` + maxIndexedSummary + ` THEN $5::bytea END, ` +
		`CASE WHEN octet_length($5::bytea) > ` + maxIndexedSummary + ` THEN $5::bytea END`
)

// summaryColumn is a page's summary: from the index entry, or, where it is
// NULL there (a large summary), from the community's row, looked up by id
// in the same statement (COALESCE evaluates the lookup only then), so that
// the page is one snapshot of the database, in index order, as exact for
// keyset paging as one read of the index.
func summaryColumn(id string) string {
	return `coalesce(c.summary, (SELECT b.summary_big FROM communities b WHERE b.id = ` + id + `))`
}
