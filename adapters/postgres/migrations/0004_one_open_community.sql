-- 0004: one open community per patient (lkt.RuleOneOpenCommunity).
--
-- open_patient is the patient's national identity number or D-number while
-- the community is open, NULL once it is closed or when the patient has
-- none (lkt.Save.OpenPatient). The unique index over the non-NULL values
-- refuses a second open community in the save's own transaction: of two
-- founders racing, the second waits for the first's COMMIT and fails.
--
-- A database written before the rule may hold several open communities of
-- one patient. The first by id keeps the number; the others start NULL,
-- so the migration succeeds, and their next save that keeps them open is
-- refused by the rule: they can still be closed, which is what a
-- coordinator must do with a shadow community.
ALTER TABLE communities ADD COLUMN open_patient text COLLATE "C";
UPDATE communities SET open_patient = nullif(convert_from(snapshot, 'UTF8')::jsonb #>> '{patient,nationalId}', '')
	WHERE status <> 'closed';
UPDATE communities c SET open_patient = NULL
	WHERE open_patient IS NOT NULL
	AND EXISTS (SELECT 1 FROM communities o WHERE o.open_patient = c.open_patient AND o.id < c.id);
CREATE UNIQUE INDEX communities_open_patient ON communities (open_patient) WHERE open_patient IS NOT NULL;
