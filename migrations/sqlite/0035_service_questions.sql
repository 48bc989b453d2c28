-- Questions per service (issue 17): catalog data the console edits on /admin/catalog, asked on the
-- request form. Choice options are stored '|'-separated (the console's text form keeps '|' and ','
-- out of options). The homeowner's answers are stored on the lead as a JSON array of
-- {key, label, answer} (docs/trust.md, "Questions per service", says why). The seeded questions are
-- all optional, so that no client that sends requests today (partner API, staff on the phone) is
-- refused; the operator may make any of them required on /admin/catalog.
CREATE TABLE service_questions (
  service_slug TEXT NOT NULL REFERENCES service_types(slug) ON DELETE CASCADE,
  sort_order INTEGER NOT NULL,
  question_key TEXT NOT NULL CHECK (length(question_key) BETWEEN 1 AND 40),
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('choice', 'yes_no', 'number', 'text')),
  options TEXT NOT NULL DEFAULT '',
  required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  min_value INTEGER NOT NULL DEFAULT 0,
  max_value INTEGER NOT NULL DEFAULT 0,
  max_length INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_slug, question_key)
) WITHOUT ROWID;

ALTER TABLE leads ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';

INSERT INTO service_questions
  (service_slug, sort_order, question_key, label, kind, options, required, min_value, max_value, max_length)
VALUES
  ('water_heater', 1, 'fuel', 'Gas or electric?', 'choice', 'Gas|Electric|Not sure', 0, 0, 0, 0),
  ('water_heater', 2, 'tank', 'Tank or tankless?', 'choice', 'Tank|Tankless|Not sure', 0, 0, 0, 0),
  ('water_heater', 3, 'age', 'About how old is it, in years?', 'number', '', 0, 0, 60, 0),
  ('drain_cleaning', 1, 'fixture', 'Which drain is blocked or slow?', 'choice', 'Kitchen sink|Bathroom sink|Shower or tub|Toilet|Floor drain|Main sewer line', 0, 0, 0, 0),
  ('drain_cleaning', 2, 'several', 'Are several drains blocked or slow?', 'yes_no', '', 0, 0, 0, 0),
  ('leak_repair', 1, 'where', 'Where is the leak?', 'choice', 'Under a sink|Toilet|Water heater|Ceiling or wall|Outside or in the yard|Somewhere else', 0, 0, 0, 0),
  ('leak_repair', 2, 'shut_off', 'Is the water shut off?', 'yes_no', '', 0, 0, 0, 0),
  ('toilet_repair', 1, 'problem', 'What is wrong with the toilet?', 'choice', 'Keeps running|Clogged|Leaking at the base|Will not flush|Cracked', 0, 0, 0, 0),
  ('fixture_install', 1, 'fixture', 'What should be installed?', 'choice', 'Faucet|Sink|Toilet|Shower or tub|Garbage disposal|Dishwasher|Something else', 0, 0, 0, 0),
  ('fixture_install', 2, 'have_it', 'Do you already have the fixture?', 'yes_no', '', 0, 0, 0, 0),
  ('sewer_line', 1, 'backup', 'Is sewage backing up into the home?', 'yes_no', '', 0, 0, 0, 0),
  ('gas_line', 1, 'appliance', 'What is the gas line for?', 'choice', 'Stove or range|Dryer|Water heater|Furnace|Grill or fire pit|Something else', 0, 0, 0, 0),
  ('repiping', 1, 'bathrooms', 'How many bathrooms does the home have?', 'number', '', 0, 1, 10, 0),
  ('repiping', 2, 'material', 'What are the pipes made of, if you know?', 'choice', 'Copper|Galvanized steel|PEX|Polybutylene|Not sure', 0, 0, 0, 0),
  ('sump_pump', 1, 'standing_water', 'Is there standing water in the basement now?', 'yes_no', '', 0, 0, 0, 0),
  ('water_line', 1, 'pressure', 'How is the water pressure?', 'choice', 'Normal|Low|No water at all', 0, 0, 0, 0),
  ('remodel', 1, 'room', 'Which room?', 'choice', 'Kitchen|Bathroom|Both|Another room', 0, 0, 0, 0);
