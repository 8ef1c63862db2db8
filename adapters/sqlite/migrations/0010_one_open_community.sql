-- 0010: one open community per patient (lkt.RuleOneOpenCommunity).
--
-- open_patient is the patient's national identity number or D-number while
-- the community is open, NULL once it is closed or when the patient has
-- none (lkt.Save.OpenPatient); a unique index over the non-NULL values
-- makes a second open community fail in the save's own transaction, so two
-- founders racing cannot both win.
--
-- A database written before the rule may hold several open communities of
-- one patient. The oldest keeps the number; the others start NULL, so the
-- migration succeeds, and their next save that keeps them open is refused
-- by the rule: they can still be closed (closing sets NULL), which is what
-- a coordinator must do with a shadow community.
ALTER TABLE communities ADD COLUMN open_patient TEXT;
UPDATE communities SET open_patient = (
	SELECT nullif(json_extract(CAST(s.data AS TEXT), '$.patient.nationalId'), '')
	FROM snapshots s WHERE s.id = communities.id
) WHERE status <> 'closed';
UPDATE communities SET open_patient = NULL
	WHERE open_patient IS NOT NULL
	AND n > (SELECT min(c.n) FROM communities c WHERE c.open_patient = communities.open_patient);
CREATE UNIQUE INDEX communities_open_patient ON communities (open_patient) WHERE open_patient IS NOT NULL;
