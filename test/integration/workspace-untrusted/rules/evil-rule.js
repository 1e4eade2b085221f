// Workspace-provided "rule" code. Agent Security must never load it: rules
// come only from the extension's own bundle. Loading it leaves a marker.
require("node:fs").writeFileSync(require("node:path").join(__dirname, "..", "RULE-CODE-WAS-LOADED"), "rules/evil-rule.js\n");
module.exports = { meta: { id: "./rules/evil-rule.js" }, create: () => ({}) };
