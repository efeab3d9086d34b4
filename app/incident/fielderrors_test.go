package incident

import (
	"errors"
	"testing"
)

func TestFieldErrors(t *testing.T) {
	errs := FieldErrors{}
	if errs.Err() != nil {
		t.Error("empty FieldErrors.Err() is not nil")
	}
	errs.Add("title", "is required")
	errs.Add("title", "second message is dropped")
	errs.Add("impact", "must be 1")
	if got, want := errs.Error(), "impact: must be 1; title: is required"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if field, message := errs.First(); field != "impact" || message != "must be 1" {
		t.Errorf("First() = %q %q, want impact", field, message)
	}
	var target FieldErrors
	if !errors.As(errs.Err(), &target) || len(target) != 2 {
		t.Errorf("errors.As(Err()) = %v", target)
	}
}
