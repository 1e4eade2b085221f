// Loaded as the development extension only so that VS Code runs probe.js
// (extensionTestsPath needs an extensionDevelopmentPath); it does nothing itself.
exports.activate = () => {};
