// secretlint and its rule preset are the heaviest part of the extension. They
// load on the first scan, not at activation, and once per process.
export type Secretlint = typeof import("./secretlintModules");

let loading: Promise<Secretlint> | undefined;

export function loadSecretlint(): Promise<Secretlint> {
  loading ??= import("./secretlintModules");
  return loading;
}
