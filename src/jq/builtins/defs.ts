import { compileBuiltinDef } from "../compile.ts";
import { parseDefs } from "../parser.ts";
import type { Native } from "./index.ts";

/** Builtins jq itself defines in jq, written out here with the same meaning (jq 1.7.1). */
const SOURCE = `
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def scalars: select(type | . != "array" and . != "object");
def isfinite: type == "number" and (isinfinite | not);
def finites: select(isfinite);
def normals: select(isnormal);
def abs: if . < 0 then - . else . end;
def map_values(f): .[] |= f;
def with_entries(f): to_entries | map(f) | from_entries;
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): path(.. | select(node_filter)) | select(length > 0);
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
def transpose: [range(0; map(length) | max // 0) as $i | [.[][$i]]];
def while(cond; update): def _w: if cond then ., (update | _w) else empty end; _w;
def until(cond; update): def _u: if cond then . else (update | _u) end; _u;
def repeat(f): def _r: f, _r; _r;
def nth($n): .[$n];
def nth($n; f): if $n < 0 then error("nth doesn't support negative indices") else label $out | foreach f as $item ($n + 1; . - 1; if . <= 0 then $item, break $out else empty end) end;
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $rest | [$x] + $rest end;
def combinations(n): . as $dot | [range(n) | $dot] | combinations;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] = $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
`;

let defs: Map<string, Native> | undefined;

export function jqDefined(key: string): Native | undefined {
  defs ??= new Map(parseDefs(SOURCE).map((def) => [`${def.name}/${def.params.length}`, compileBuiltinDef(def)]));
  return defs.get(key);
}
