-- The name a case manager sees for a provider (a clinician's name, not patient data): from IntakeQ's practitioners
-- (GET /appointments/settings, CompleteName) on import, or set with the mapping.
ALTER TABLE provider_intakeq_settings ADD COLUMN display_name text;
