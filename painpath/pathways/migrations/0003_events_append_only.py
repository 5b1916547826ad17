"""On PostgreSQL the pathway event table itself refuses UPDATE and DELETE (D6: append-only)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION painpath_pathway_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'pathways_pathwayevent is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pathways_pathwayevent_append_only
    BEFORE UPDATE OR DELETE ON pathways_pathwayevent
    FOR EACH ROW EXECUTE FUNCTION painpath_pathway_events_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS pathways_pathwayevent_append_only ON pathways_pathwayevent;
DROP FUNCTION IF EXISTS painpath_pathway_events_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0002_seed_event_codes")]
    operations = [migrations.RunPython(forward, backward)]
