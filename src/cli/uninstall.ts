import { runAction } from "./install";

export function run(argv: string[]): Promise<number> {
  return runAction("remove", argv);
}
