-- 0009: a citizen's sign-in finds the communities that know them by their
-- national identity number.
--
-- members indexes lkt.Summary.People, which from this version holds the
-- key (lkt.NationalIDKey, 'national-id:' and the number) of the number
-- recorded for the patient and for each relative still a member. A
-- community saved before gets those rows here, read from its snapshot;
-- later saves keep them as they keep the members'. The roles are lkt's
-- relatives' (roles.KindRelative).
INSERT INTO members (member, community)
	SELECT 'national-id:' || (convert_from(snapshot, 'UTF8')::jsonb #>> '{patient,nationalId}'), id FROM communities
	WHERE coalesce(convert_from(snapshot, 'UTF8')::jsonb #>> '{patient,nationalId}', '') <> ''
	ON CONFLICT DO NOTHING;
INSERT INTO members (member, community)
	SELECT 'national-id:' || (m ->> 'nationalId'), c.id
	FROM communities c, jsonb_array_elements(coalesce(convert_from(c.snapshot, 'UTF8')::jsonb -> 'members', '[]'::jsonb)) m
	WHERE coalesce(m ->> 'nationalId', '') <> ''
	AND m ->> 'role' IN ('next-of-kin', 'parent-guardian', 'legal-representative', 'family-member')
	AND m ->> 'status' <> 'left'
	ON CONFLICT DO NOTHING;
