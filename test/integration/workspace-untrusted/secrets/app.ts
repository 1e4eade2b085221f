// Fake token planted for the Restricted Mode tests.
export const token = "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";
