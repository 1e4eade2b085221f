/**
 * What the store command may be given instead of asking: scripts, tests and
 * other commands pass these; the quick fix passes none and the user is asked.
 * Anything left out takes the value the input box would have been pre-filled
 * with (settings, the profile's region, the derived name).
 */
export interface StoreOptions {
  secretName?: string;
  /** Empty string: the default credential chain. */
  profile?: string;
  region?: string;
  /** Empty string: the AWS managed key. */
  kmsKeyId?: string;
  /** `key=value, key2=value2`. */
  tags?: string;
  /** What to do when the name exists; without it the command stops there. */
  onExists?: "newVersion" | "cancel";
}

const STRING_FIELDS = ["secretName", "profile", "region", "kmsKeyId", "tags"] as const;

/** Checks an options argument of unknown shape; a string is the problem with it. */
export function readStoreOptions(value: unknown): StoreOptions | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "The options argument must be an object.";
  const input = value as Record<string, unknown>;
  const options: StoreOptions = {};
  for (const key of Object.keys(input)) {
    if (!(STRING_FIELDS as readonly string[]).includes(key) && key !== "onExists") return `Unknown option "${key}".`;
  }
  for (const key of STRING_FIELDS) {
    const field = input[key];
    if (field === undefined) continue;
    if (typeof field !== "string") return `Option "${key}" must be a string.`;
    options[key] = field.trim();
  }
  if (input.onExists !== undefined) {
    if (input.onExists !== "newVersion" && input.onExists !== "cancel") return 'Option "onExists" must be "newVersion" or "cancel".';
    options.onExists = input.onExists;
  }
  return options;
}
