-- 0003: the patient finds their own community.
--
-- members indexes everyone a community belongs to for "my communities"
-- (lkt.Summary.People): its members and, from this version, the patient.
-- A community saved before it gets its patient's row here, read from its
-- snapshot; later saves keep the row as they keep the members'.
INSERT INTO members (member, community)
	SELECT convert_from(snapshot, 'UTF8')::jsonb #>> '{patient,id}', id FROM communities
	WHERE coalesce(convert_from(snapshot, 'UTF8')::jsonb #>> '{patient,id}', '') <> ''
	ON CONFLICT DO NOTHING;
