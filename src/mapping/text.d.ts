// Mapping files are imported as text (`with { type: "text" }`): wrangler's Text module rule, Deno's
// text imports and the vitest plugin in vitest.config.ts all read the file itself, so nothing is generated.
declare module "*.yml" {
  const text: string;
  export default text;
}
