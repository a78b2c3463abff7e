-- Data mode per installation (issue 15): `sensitive` when HubSpot granted the sensitive contact
-- scopes (Enterprise with Sensitive Data), else `standard`. Existing rows follow their scopes.

ALTER TABLE installations ADD COLUMN data_mode text NOT NULL DEFAULT 'standard' CHECK (data_mode IN ('sensitive', 'standard'));

UPDATE installations SET data_mode = 'sensitive'
 WHERE scopes @> ARRAY['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2']::text[];
