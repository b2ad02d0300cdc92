-- HL7 v2 submissions keep the message as received beside the bundle Central made of it.
ALTER TABLE feed_submission ADD COLUMN message text;
