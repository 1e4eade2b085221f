// Bundled in place of the `debug` package that @secretlint/core logs through
// (see esbuild.mjs). Its output needs DEBUG=@secretlint/* in the environment,
// which the product never asks for, and the real package loads tty, net,
// stream and supports-color when a hook or worker starts.
export default function createDebug(): (...args: unknown[]) => void {
  return () => undefined;
}
