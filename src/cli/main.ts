// agent-security command line: subcommands are added as features land.
process.stderr.write("agent-security: no subcommands yet\n");
process.exitCode = 2;
