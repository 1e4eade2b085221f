// Loaded before every unit test (.mocharc.json). Hooks the tests run as
// processes check in their own process: a resident scanner they started would
// outlive the run. test/unit/hooks/resident.test.ts turns it on for its own
// processes, with a socket directory of its own.
process.env.AGENT_SECURITY_RESIDENT = "0";
