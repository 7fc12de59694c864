/** Inline, so the page needs no asset route and loads in one request; light and dark by preference. */
export const css = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#5f6b7a;--line:#dfe3e8;--accent:#2f6fde;--ok:#1f8a4c;--warn:#b26a00;--bad:#c62f2f;--track:#e8ebf0}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1b2029;--fg:#e6e9ee;--muted:#98a2b3;--line:#2c3340;--accent:#6b9cff;--ok:#4cc27e;--warn:#e0a23a;--bad:#ff6b6b;--track:#2a303b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:960px;margin:0 auto;padding:16px}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;margin-bottom:12px}
h1{font-size:1.4rem;margin:0}
h2{font-size:1.15rem;margin:0}
h3{font-size:.8rem;margin:16px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
a{color:var(--accent)}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:12px 0}
.head{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px}
.facts{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0 0;padding:0;list-style:none;font-size:.9rem}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.78rem;font-weight:600;border:1px solid currentColor}
.s-done,.s-ok{color:var(--ok)}.s-running{color:var(--accent)}.s-pending{color:var(--muted)}
.s-failed,.s-bad{color:var(--bad)}.s-unavailable,.s-warn{color:var(--warn)}
.kind{padding:8px 0;border-top:1px solid var(--line)}
.kind:first-of-type{border-top:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:2px 12px}
.bar{height:10px;border-radius:5px;background:var(--track);overflow:hidden;margin:6px 0 4px}
.bar>span{display:block;height:100%;background:var(--accent)}
.bar.s-done>span{background:var(--ok)}.bar.s-failed>span{background:var(--bad)}.bar.s-unavailable>span{background:var(--warn)}
.bar.unknown>span{width:100%;opacity:.35;background:repeating-linear-gradient(45deg,var(--accent) 0 8px,transparent 8px 16px)}
.chips{display:flex;flex-wrap:wrap;gap:2px 12px;font-size:.85rem;color:var(--muted)}
.chips b{color:var(--fg);font-weight:600}
ul.list{list-style:none;margin:0;padding:0}
ul.list>li{padding:8px 0;border-top:1px solid var(--line)}
ul.list>li:first-child{border-top:0}
.where{font-size:.85rem;color:var(--muted)}
.where code{color:var(--fg)}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.msg{overflow-wrap:anywhere}
.skip{color:var(--warn)}
@media (max-width:480px){main{padding:10px}.card{padding:12px}}
`;
