/** The jq-web source rewritten into the committed src/vendor/jq.js. */
export function transformJqSource(source: string): string;
/** src/vendor/jq.d.ts as written. */
export const DTS: string;
/** Writes src/vendor/jq.js and jq.d.ts from the installed jq-web; returns the directory. */
export function vendorJq(root?: string): Promise<string>;
