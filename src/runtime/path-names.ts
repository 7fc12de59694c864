/**
 * Names from outside (webhook payloads) that end up as segments of request paths. Encoding keeps
 * `/` and `?` in place, but not `.` and `..`: `projects/team-a/repositories/../artifacts` is
 * resolved by every URL parser to another route. Real names never hold these, so they are refused.
 */

// Control characters end or split a request line in some proxies.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `name` cannot go into a request path, or undefined when it can; `nested` allows `a/b/c`. */
export function pathNameProblem(name: string, nested = false): string | undefined {
  if (!nested && name.includes("/")) return `"/" is not allowed`;
  for (const segment of name.split("/")) {
    if (segment === "") return nested ? "empty segments (//, or a leading or trailing /) are not allowed" : "must not be empty";
    if (segment === "." || segment === "..") return `"${segment}" segments are not allowed`;
  }
  if (name.includes("%")) return `"%" is not allowed (names are never percent-encoded)`;
  if (name.includes("\\")) return `"\\" is not allowed`;
  if (CONTROL.test(name)) return "control characters are not allowed";
  return undefined;
}
