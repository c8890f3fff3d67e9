-- The interview slot an assistant question asked, so the protocol never asks the same thing twice.

ALTER TABLE consultation_messages ADD slot character varying(100);
