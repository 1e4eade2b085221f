// The baseline of the activation bench: what loading and activating any
// extension costs in this VS Code on this machine.
exports.activate = () => {};
