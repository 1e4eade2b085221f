// A configuration file that is code. Agent Security reads only JSON and YAML
// configurations, never this one. Loading it leaves a marker.
require("node:fs").writeFileSync(require("node:path").join(__dirname, "RULE-CODE-WAS-LOADED"), ".secretlintrc.js\n");
module.exports = { rules: [] };
