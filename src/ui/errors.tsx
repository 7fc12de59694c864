import type { RecordedError } from "../sync/types.ts";
import { relative, utc } from "./format.ts";

/** The newest errors first; /status has all that are kept. */
export function ErrorList({ errors, now, limit = 20 }: { errors: RecordedError[]; now: number; limit?: number }) {
  if (errors.length === 0) return <p class="muted">No errors recorded.</p>;
  const shown = errors.slice(0, limit);
  return (
    <>
      <ul class="list errors">
        {shown.map((e) => (
          <li class="error">
            <div class="where">
              <time datetime={e.at} title={utc(e.at)}>{relative(e.at, now)}</time>
              {e.kind && <> · {e.kind}</>}
              {e.item && <> · item <code class="item">{e.item}</code></>}
              {e.field && <> · field <code class="field">{e.field}</code></>}
            </div>
            <div class="msg">{e.message}</div>
          </li>
        ))}
      </ul>
      {errors.length > shown.length && (
        <p class="muted">
          {shown.length} of {errors.length} shown; <a href="/status">/status</a> has them all.
        </p>
      )}
    </>
  );
}
