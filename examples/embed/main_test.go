package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	clock := lkt.ClockFunc(func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) })
	require.NoError(t, run(&out, clock))
	got := out.String()
	assert.Contains(t, got, "Status: active, 6 members")
	assert.Contains(t, got, "Refused (forbidden): the story belongs to the patient")
	assert.Contains(t, got, "Avvist (forbidden): fortellingen eies av pasienten")
}
