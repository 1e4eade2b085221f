// Writes src/secrets/rules/providerLiterals.generated.ts: the anchors and
// keywords of every provider pattern, as plain strings. The prefilter asks
// them of every prompt a hook sees; reading them from this small module
// keeps the pattern tables (regular expressions, checks) out of a clean
// prompt's start-up. A unit test fails when the tables and this file differ.
//   npm run generate:provider-literals
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { providerLiteralsSource } from "../src/secrets/rules/providerLiterals";

const target = path.join(__dirname, "..", "src", "secrets", "rules", "providerLiterals.generated.ts");
writeFileSync(target, providerLiteralsSource());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
