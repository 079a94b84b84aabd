/**
 * The standalone map's stylesheet: the review page's look (components/common/base.css, components/review/
 * review.css) for a static page. One `<style>` element, allowed by its hash in the page's
 * Content-Security-Policy: no style attribute anywhere (the policy would refuse it), no `url()`, no font
 * to fetch. Column widths and lane heights are the review page's (lib/bundle/html/layout.ts).
 */
export const MAP_CSS = `:root{color-scheme:light;--ink:#1d2330;--muted:#5b6475;--line:#d9dde5;--paper:#fff;--wash:#f5f6f9;--accent:#2446b8;--danger:#b3261e;--focus:#ffbf47;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.45;color:var(--ink);background:var(--paper)}
*{box-sizing:border-box}
body{margin:0}
h1,h2,h3{line-height:1.2;margin:0 0 .5rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.page{max-width:1100px;margin:0 auto;padding:1.5rem}
.page-header{margin-bottom:1rem}
.hint,.meta{color:var(--muted);font-size:.85rem}
.message{padding:.5rem .7rem;border-radius:6px;background:var(--wash);border:1px solid var(--line)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.setup{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.4rem 0 0}
.setup dt{font-weight:600}
.setup dd{margin:0}
.metrics dl{display:flex;flex-wrap:wrap;gap:1.2rem;margin:.5rem 0 1rem}
.metrics dt{color:var(--muted);font-size:.8rem}
.metrics dd{margin:0;font-size:1.3rem;font-weight:700;font-variant-numeric:tabular-nums}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem;margin-bottom:1rem}
.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.chart figcaption{font-weight:700;margin-bottom:.4rem}
.chart .bar{fill:var(--accent)}
.chart text{font-size:12px;fill:var(--ink)}
.hurts{margin:0;padding-left:1.2rem}
.walk-curve .band rect{fill:#f3f5fb}
.walk-curve .band.odd rect{fill:#e8ecf8}
.walk-curve .band-name{font-size:10px;fill:var(--muted)}
.axis{stroke:var(--line);stroke-dasharray:3 3}
.axis.zero{stroke:#b8bfcc;stroke-dasharray:none}
.line{fill:none;stroke:var(--accent);stroke-width:2.5}
.walk-curve .line{stroke-width:2}
.dot{fill:var(--accent)}
.dot.v-1,.dot.v-2{fill:#c62828}
.stage-overview{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;margin:0 0 .6rem;padding:0}
.stage-card{display:flex;flex-direction:column;min-width:9rem;padding:.35rem .6rem;border:1px solid #c9d3f2;border-radius:6px;background:#e8ecf8}
.stage-card.empty{background:none;border-style:dashed}
.stage-name{font-weight:700}
.recording-gaps ul{margin:0 0 12px;padding-left:20px}
.recording-gaps .gap.storage-full{color:var(--danger);font-weight:600}
.journey{border:1px solid var(--line);border-radius:8px;overflow-x:auto}
.blocks{display:flex;width:max-content}
table.block{border-collapse:collapse;border-spacing:0;table-layout:fixed}
.block th,.block td{padding:0;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
.block td{border-right:1px solid var(--line)}
.lane-head{width:120px;min-width:120px;max-width:120px;background:var(--wash);border-right:1px solid var(--line);font-weight:700;font-size:.85rem}
.block + .block .lane-head{display:none}
.c{padding:.3rem .4rem;overflow:hidden}
.lane-head .c{padding:.4rem .5rem;display:flex;align-items:center}
.cell{width:190px;min-width:190px;max-width:190px;font-size:.85rem;overflow-wrap:anywhere}
.block td.curve-cell{padding:0;line-height:0}
.row-stage>*>.c{height:34px}
.row-screenshot>*>.c{height:118px}
.row-emotion>*>.c{height:110px}
.row-pain>*>.c{height:120px}
.row-action>*>.c,.row-touchpoint>*>.c,.row-thoughts>*>.c,.row-opportunities>*>.c,.row-expectations>*>.c,.row-metrics>*>.c{height:72px}
.row-pain .cell .c{overflow-y:auto}
.stage-band{background:#e8ecf8;border-right:2px solid #fff}
.stage-band .c{padding:.4rem .6rem;font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.cell ul{margin:0;padding-left:1rem}
.cell .step-link{color:inherit;text-decoration:none}
.mot{color:#b26a00}
.shot{display:block;width:100%;height:100%;background:var(--wash);border-radius:4px;overflow:hidden;line-height:1.2}
.shot img{display:block;width:100%;height:100%;object-fit:contain;object-position:top center;font-size:.7rem;color:var(--muted)}
.shot canvas{display:block;margin:0 auto}
.no-shot{display:block;padding:.3rem}
.signal{display:flex;flex-wrap:wrap;gap:.2rem .4rem;align-items:baseline;font-size:.8rem;margin-top:.2rem}
.signal-name{color:#8a1c14;font-weight:600}
.signal.dismissed .signal-name{color:var(--muted);text-decoration:line-through}
footer{margin-top:1rem}
body.poster{margin:0}
.poster .page{max-width:none;padding:24px}
.poster .page-header{height:150px;overflow:hidden;margin:0}
.poster .page-header .setup{display:block}
.poster .page-header .setup div{display:inline-block;margin-right:1.2rem}
.poster .page-header .setup dt,.poster .page-header .setup dd{display:inline;margin:0 .3rem 0 0}
.poster .metrics dl{margin:.3rem 0 0}
.poster .journey{overflow:visible;border:0;border-radius:0}
.poster .blocks{flex-direction:column;gap:16px}
.poster .block + .block .lane-head{display:table-cell}
.poster .block th,.poster .block td{padding:.3rem .4rem;height:72px}
.poster .block td.curve-cell{padding:0}
.poster .block .row-stage>*{height:34px}
.poster .block .stage-band{padding:.4rem .6rem;font-weight:700}
.poster .block .row-screenshot>*{height:118px}
.poster .block .row-emotion>*{height:110px}
.poster .block .row-pain>*{height:120px}
.poster .shot{height:108px}
@page{size:landscape;margin:10mm}
@media print{
.page{max-width:none;padding:0}
.bundle-note{display:none}
.charts{break-inside:avoid}
.journey{overflow:visible;border:0}
.blocks{display:block;width:auto}
table.block{break-before:page;zoom:.8}
.block + .block .lane-head{display:table-cell}
.row-pain .cell .c{overflow:hidden}
.c{height:auto!important;min-height:2rem}
.row-screenshot>*>.c{height:118px!important}
.row-emotion>*>.c{height:110px!important}
}`;
