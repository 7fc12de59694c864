// Vite's `?raw` suffix imports a file's text; used to read YAML fixtures inside workerd.
declare module "*?raw" {
  const text: string;
  export default text;
}
