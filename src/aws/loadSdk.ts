// The AWS SDK is most of the extension's weight and only an explicit AWS
// action needs it. In the bundle, esbuild.mjs points "./sdk" at the separate
// file dist/aws.js, so it is read from disk on first use, never at activation.
// A plain require (not import()) keeps that a CommonJS load beside
// dist/extension.js, which every extension host supports.
export type AwsSdk = typeof import("./sdk");

let loaded: AwsSdk | undefined;

export async function loadAwsSdk(): Promise<AwsSdk> {
  // A failed load is not remembered: a later action tries again.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain require on purpose, see above
  loaded ??= require("./sdk") as AwsSdk;
  return loaded;
}
