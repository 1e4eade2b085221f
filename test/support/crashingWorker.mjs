// An audit worker that dies at once, for the test of the pool's failure path.
process.exit(3);
