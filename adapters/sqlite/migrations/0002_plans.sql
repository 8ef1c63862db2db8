-- 0002: the plan for collaboration (element D) and its execution (E) in
-- the summary: when the plan's evaluation is due, the patient's phase, and
-- the next thing due. Communities stored before plans existed have none.

ALTER TABLE communities ADD COLUMN evaluation_due INTEGER;
ALTER TABLE communities ADD COLUMN phase TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN next_due INTEGER;
CREATE INDEX communities_evaluation_due ON communities (id, evaluation_due) WHERE evaluation_due IS NOT NULL;
CREATE INDEX communities_red ON communities (id) WHERE phase = 'red';
-- A municipality's coordinating unit looks for its communities in the red
-- phase: that list must not cost a walk through the whole municipality.
CREATE INDEX communities_municipality_red ON communities (municipality, id) WHERE phase = 'red';
CREATE INDEX communities_next_due ON communities (id, next_due) WHERE next_due IS NOT NULL;
