"""On PostgreSQL the letter table itself refuses changes to a stored letter's content and any
DELETE (D5: every letter sent is kept as sent). Only the dispatch state may change, and the
"stored by" user may become NULL when that user is deleted."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION painpath_letters_kept_as_sent() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING
            MESSAGE = 'letters_letter is kept as sent: DELETE refused',
            ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.clinic_id, NEW.patient_id, NEW.referral_id, NEW.kind, NEW.title,
        NEW.reference, NEW.letter_date, NEW.related_type_id, NEW.related_id, NEW.replaces_id,
        NEW.recipient_kind, NEW.recipient_name, NEW.recipient_address, NEW.recipient_her_id,
        NEW.channel, NEW.status_code, NEW.html, NEW.pdf, NEW.html_sha256, NEW.pdf_sha256,
        NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.clinic_id, OLD.patient_id, OLD.referral_id, OLD.kind, OLD.title,
        OLD.reference, OLD.letter_date, OLD.related_type_id, OLD.related_id, OLD.replaces_id,
        OLD.recipient_kind, OLD.recipient_name, OLD.recipient_address, OLD.recipient_her_id,
        OLD.channel, OLD.status_code, OLD.html, OLD.pdf, OLD.html_sha256, OLD.pdf_sha256,
        OLD.created_at)
       OR (NEW.created_by_id IS DISTINCT FROM OLD.created_by_id AND NEW.created_by_id IS NOT NULL)
    THEN
        RAISE EXCEPTION USING
            MESSAGE = 'letters_letter is kept as sent: only the dispatch state may change',
            ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_letter_kept_as_sent
    BEFORE UPDATE OR DELETE ON letters_letter
    FOR EACH ROW EXECUTE FUNCTION painpath_letters_kept_as_sent();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS letters_letter_kept_as_sent ON letters_letter;
DROP FUNCTION IF EXISTS painpath_letters_kept_as_sent();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
