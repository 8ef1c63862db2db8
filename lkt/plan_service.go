package lkt

import (
	"bytes"
	"context"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// PlanDocument returns revision no of community id's plan (0: the plan in
// force) written out in lang as plain text or printable HTML, for those
// who may read the community — the patient and their representatives
// always. The read is audited.
func (s *Service) PlanDocument(ctx context.Context, by Principal, id ID, no int, f PlanFormat, lang roles.Lang) (string, error) {
	c, err := s.readPlan(ctx, by, id, "PlanDocument")
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := c.WritePlan(&buf, no, f, lang, s.cfg.now()); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// WrittenPlan returns revision no of community id's plan (0: the plan in
// force) as the patient gets it in writing, for a renderer of the
// integrator's choice (the PDF adapter draws it). Who may read it and the
// audit are PlanDocument's.
func (s *Service) WrittenPlan(ctx context.Context, by Principal, id ID, no int, lang roles.Lang) (plan.Document, error) {
	c, err := s.readPlan(ctx, by, id, "WrittenPlan")
	if err != nil {
		return plan.Document{}, err
	}
	return c.WrittenPlan(no, lang, s.cfg.now())
}

func (s *Service) readPlan(ctx context.Context, by Principal, id ID, op string) (*Community, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.readable(ctx, c, by, op); err != nil {
		return nil, err
	}
	return c, nil
}

// CommunityAgenda is what is open in one community.
type CommunityAgenda struct {
	ID          ID          `json:"id"`
	PatientName string      `json:"patientName,omitempty"`
	Phase       plan.Phase  `json:"phase,omitempty"`
	Items       []plan.Item `json:"items"`
}

// CoordinatorAgenda returns, for every community by leads as coordinator
// with something open due before to, what is open: due, overdue, open
// decisions and active contingency measures, oldest first. The Store
// selects the communities (Query.Coordinator and Query.DueBefore); each
// community read is audited.
func (s *Service) CoordinatorAgenda(ctx context.Context, by Principal, to time.Time) ([]CommunityAgenda, error) {
	q := Query{Coordinator: by.ID, DueBefore: &to, Limit: MaxPage}
	var out []CommunityAgenda
	for {
		page, err := s.List(ctx, by, q)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			c, err := s.load(ctx, it.ID)
			if err != nil {
				return nil, err
			}
			if s.readable(ctx, c, by, "CoordinatorAgenda") != nil {
				continue // consent withdrawn: the listing says so; nothing is shared
			}
			ph, _ := c.Phase()
			out = append(out, CommunityAgenda{ID: c.ID(), PatientName: c.s.Patient.Name, Phase: ph, Items: c.Agenda(s.cfg.now(), to)})
		}
		if page.Next == "" {
			return out, nil
		}
		q.After = page.Next
	}
}
