-- Terminology: ICD-10 (МКБ-10) as imported from the Ministry's NSI reference file
-- (terminology/icd10-import.ts). One row per code, the hierarchy by `parent`.
CREATE TABLE icd10_code (
  code       text PRIMARY KEY,
  title      text NOT NULL,
  parent     text,
  -- chapter (I..XXII), block (A00-A09), category (A00), subcategory (A00.0, M48.20)
  kind       text NOT NULL,
  depth      integer NOT NULL,
  -- No code below it: the codes a diagnosis is recorded with.
  leaf       boolean NOT NULL,
  active     boolean NOT NULL,
  -- NSI ADDL_CODE: 1 dagger (†), 2 asterisk (*).
  addl_code  text,
  nsi_id     integer NOT NULL,
  rec_code   text NOT NULL,
  valid_from date,
  -- Code without the dot, upper case: "J069" finds J06.9.
  code_key   text COLLATE "C" NOT NULL
);
CREATE INDEX icd10_code_key_idx ON icd10_code (code_key text_pattern_ops);
CREATE INDEX icd10_code_parent_idx ON icd10_code (parent);

-- Every word of every title, normalised (lower case, ё→е), for prefix search per word.
CREATE TABLE icd10_word (
  word text COLLATE "C" NOT NULL,
  code text NOT NULL REFERENCES icd10_code (code) ON DELETE CASCADE
);
CREATE INDEX icd10_word_prefix_idx ON icd10_word (word text_pattern_ops, code);
CREATE INDEX icd10_word_code_idx ON icd10_word (code);

-- Which reference files were imported, and when.
CREATE TABLE terminology_import (
  seq         bigserial PRIMARY KEY,
  terminology text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  rows        integer NOT NULL,
  inserted    integer NOT NULL,
  updated     integer NOT NULL,
  deactivated integer NOT NULL
);
