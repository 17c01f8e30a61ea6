//! State shared between pages (and between widgets on one docs page) through storage.

pub mod checklist_run;
