import type { KindProgress } from "./progress.ts";

/** A bar that is filled to `fraction`; without one it is striped: moving, extent unknown. */
export function ProgressBar({ progress }: { progress: KindProgress }) {
  const { fraction, status, kind } = progress;
  if (fraction === null) {
    return <div class={`bar unknown s-${status}`} role="progressbar" aria-label={`${kind}: total not known yet`}><span /></div>;
  }
  const percent = Math.round(fraction * 100);
  return (
    <div class={`bar s-${status}`} role="progressbar" aria-label={kind} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <span style={`width:${percent}%`} />
    </div>
  );
}
