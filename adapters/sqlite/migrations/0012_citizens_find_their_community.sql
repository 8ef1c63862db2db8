-- 0012: a citizen's sign-in finds the communities that know them by their
-- national identity number.
--
-- members indexes lkt.Summary.People, which from this version holds the
-- key (lkt.NationalIDKey, 'national-id:' and the number) of the number
-- recorded for the patient and for each relative still a member. A
-- community saved before gets those rows here, read from its snapshot;
-- later saves keep them as they keep the members'. The roles are lkt's
-- relatives' (roles.KindRelative).
INSERT OR IGNORE INTO members (member, community, n)
	SELECT 'national-id:' || json_extract(CAST(s.data AS TEXT), '$.patient.nationalId'), c.id, c.n
	FROM snapshots s JOIN communities c ON c.id = s.id
	WHERE coalesce(json_extract(CAST(s.data AS TEXT), '$.patient.nationalId'), '') <> '';
INSERT OR IGNORE INTO members (member, community, n)
	SELECT 'national-id:' || json_extract(m.value, '$.nationalId'), c.id, c.n
	FROM snapshots s JOIN communities c ON c.id = s.id, json_each(CAST(s.data AS TEXT), '$.members') m
	WHERE coalesce(json_extract(m.value, '$.nationalId'), '') <> ''
	AND json_extract(m.value, '$.role') IN ('next-of-kin', 'parent-guardian', 'legal-representative', 'family-member')
	AND json_extract(m.value, '$.status') <> 'left';
