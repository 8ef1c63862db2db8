-- 0009: the patient finds their own community.
--
-- members indexes everyone a community belongs to for "my communities"
-- (lkt.Summary.People): its members and, from this version, the patient.
-- A community saved before it gets its patient's row here, read from its
-- snapshot; later saves keep the row as they keep the members'.
INSERT OR IGNORE INTO members (member, community, n)
	SELECT json_extract(CAST(s.data AS TEXT), '$.patient.id'), c.id, c.n
	FROM snapshots s JOIN communities c ON c.id = s.id
	WHERE coalesce(json_extract(CAST(s.data AS TEXT), '$.patient.id'), '') <> '';
