// Intentionally empty: the start-up floor of running any script file.
