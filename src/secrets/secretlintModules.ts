import { secretLintProfiler } from "@secretlint/profiler";

// secretlint's profiler records every rule run into Node's global performance
// timeline and never lets go, which leaks memory and makes each scan slower
// than the last in a long-lived process (secretlint issues #1633, #1653). A
// library caller does not need it.
secretLintProfiler.setEnabled(false);

export { lintSource } from "@secretlint/core";
export { creator as presetRecommend, rules as bundledRules } from "@secretlint/secretlint-rule-preset-recommend";
export { agentSecurityRules, ourRuleExactTests } from "./rules";
// The kinds' names come from the provider tables, which load with the rules that report them.
export { kindDocsUrl, kindName, kindSeverity } from "./kinds";
